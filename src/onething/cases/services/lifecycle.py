"""The lifecycle after intake. Each function: lock the case, check the actor's role and
scope and the transition (rules.TRANSITIONS), change it, write the audit row, tell the
applicant — one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.catalog.formschema import clean_form
from onething.core import clock
from onething.core.errors import (
    Conflict,
    FieldProblem,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from .. import hooks
from ..models import Case, CaseStatus, Delivery, Material, Outcome
from ..rules import due_date, elapsed_working_days
from ..tally import CaseState
from .common import calendar, case_snapshot, locked_case, tell_applicant, today
from .licences import licence_issue
from .materials import check_materials, owned_uploads
from .personal import seal_form
from .tallies import case_counted


def _reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed.one(field, "required", _("Give the reason: the applicant reads it."))
    if len(text) > 2000:
        raise ValidationFailed.one(
            field, "max_length", _("At most %(n)s characters.") % {"n": 2000}
        )
    return text


def _save(
    case: Case, actor: Actor, action: str, before: dict, counted: CaseState, note: str = ""
) -> None:
    """Write the whole case, move the roll-ups from what it ``counted`` for before the
    change, and write the audit row (``before``: its audited fields before the change)."""
    case.save()
    case_counted(counted, case)
    audit_record(
        actor=actor,
        action=f"case.{action}",
        subject=case,
        before=before,
        after=case_snapshot(case),
        note=note[:300],
    )


def _start_clock(case: Case, now: dt.datetime) -> None:
    case.accepted_at = now
    due = due_date(timezone.localdate(now), case.item.promised_days, case.paused_days, calendar())
    case.due_date, case.due_provisional = due.date, due.provisional


@transaction.atomic
def case_accept(*, actor: Actor, number: str) -> Case:
    case, target = locked_case(actor, number, "accept")
    before, counted = case_snapshot(case), CaseState.of(case)
    case.status = target
    _start_clock(case, clock.now())
    _save(case, actor, "accept", before, counted)
    due = case.due_date.isoformat() + (_(" (provisional)") if case.due_provisional else "")
    tell_applicant(
        case,
        _("Application %(n)s accepted") % {"n": case.number},
        _("Your application for %(item)s was accepted; it is due by %(due)s.")
        % {"item": case.item.name, "due": due},
    )
    return case


@transaction.atomic
def case_decline(*, actor: Actor, number: str, reason: str) -> Case:
    text = _reason(reason)
    case, target = locked_case(actor, number, "decline")
    before, counted = case_snapshot(case), CaseState.of(case)
    case.status, case.declined_reason = target, text
    _save(case, actor, "decline", before, counted, text)
    hooks.after_conclusion(actor, case)
    tell_applicant(
        case,
        _("Application %(n)s not accepted") % {"n": case.number},
        _("Your application for %(item)s was not accepted: %(reason)s")
        % {"item": case.item.name, "reason": text},
    )
    return case


@transaction.atomic
def case_request_correction(*, actor: Actor, number: str, reason: str) -> Case:
    """补正: the clock stops until the applicant resubmits."""
    text = _reason(reason)
    case, target = locked_case(actor, number, "request_correction")
    before, counted = case_snapshot(case), CaseState.of(case)
    case.status, case.correction_reason, case.paused_since = target, text, today()
    _save(case, actor, "request_correction", before, counted, text)
    tell_applicant(
        case,
        _("Application %(n)s needs a correction") % {"n": case.number},
        _(
            "Please correct your application for %(item)s: %(reason)s "
            "The deadline is paused until you resubmit."
        )
        % {"item": case.item.name, "reason": text},
    )
    return case


@transaction.atomic
def case_submit_correction(
    *, actor: Actor, number: str, material_ids: list[int], form: dict | None = None, note: str = ""
) -> Case:
    """The applicant resubmits: new uploads replace those of the same material type, the
    form may be corrected, and the clock resumes with the paused working days added."""
    case, target = locked_case(actor, number, "submit_correction")
    new = owned_uploads(actor, material_ids)
    if not new and form is None:
        raise ValidationFailed.one(
            "materials", "required", _("Upload the corrected materials or correct the form.")
        )
    current = [m for m in case.materials.filter(superseded=False).select_related("material_type")]
    replaced_types = {m.material_type_id for m in new}
    kept = [m for m in current if m.material_type_id not in replaced_types]
    problems = check_materials(case.item, kept + new)
    cleaned = None
    if form is not None:
        try:
            cleaned = clean_form(case.item.form_schema, form)
        except ValidationFailed as error:
            problems = error.problems + problems
    if problems:
        raise ValidationFailed(problems)
    before, counted = case_snapshot(case), CaseState.of(case)
    Material.objects.filter(case=case, material_type_id__in=replaced_types).update(superseded=True)
    Material.objects.filter(pk__in=[m.pk for m in new]).update(case=case)
    case.paused_days += elapsed_working_days(case.paused_since, today(), calendar())
    case.paused_since = None
    case.status = target
    if cleaned is not None:
        seal_form(case, cleaned)
    due = due_date(
        timezone.localdate(case.accepted_at), case.item.promised_days, case.paused_days, calendar()
    )
    case.due_date, case.due_provisional = due.date, due.provisional
    _save(case, actor, "submit_correction", before, counted, note)
    tell_applicant(
        case,
        _("Correction to %(n)s received") % {"n": case.number},
        _("The deadline runs again; the case is now due by %(due)s.")
        % {"due": case.due_date.isoformat()},
    )
    return case


def _finish(
    case: Case, actor: Actor, outcome: str, reason: str, valid_until: dt.date | None
) -> None:
    now = clock.now()
    case.status, case.outcome, case.outcome_reason, case.concluded_at = (
        CaseStatus.CONCLUDED,
        outcome,
        reason,
        now,
    )
    if case.accepted_at:
        taken = elapsed_working_days(
            timezone.localdate(case.accepted_at), timezone.localdate(now), calendar()
        )
        case.working_days_taken = max(0, taken - case.paused_days)
    if outcome == Outcome.APPROVED:
        licence = licence_issue(actor=actor, case=case, valid_until=valid_until)
        body = _(
            "Your application for %(item)s was approved. %(title)s no. %(lic)s is ready: %(how)s."
        ) % {
            "item": case.item.name,
            "title": licence.title,
            "lic": licence.number,
            "how": case.get_delivery_display(),
        }
    else:
        body = _("Your application for %(item)s was not approved: %(reason)s") % {
            "item": case.item.name,
            "reason": reason,
        }
    tell_applicant(case, _("Application %(n)s concluded") % {"n": case.number}, body)


@transaction.atomic
def case_conclude(
    *, actor: Actor, number: str, outcome: str, reason: str = "", valid_until: dt.date | None = None
) -> Case:
    """办结: approved (the licence is issued) or denied (with the reason)."""
    if outcome not in Outcome.values:
        raise ValidationFailed.one("outcome", "choice", _("The outcome is approved or denied."))
    text = _reason(reason) if outcome == Outcome.DENIED else (reason or "").strip()
    case, _target = locked_case(actor, number, "conclude", outcome=outcome)
    if actor.role == Role.CLERK and case.item.kind != "instant":
        raise PermissionDenied(
            _("A window concludes instant items only; %(d)s concludes this one.")
            % {"d": case.department.name}
        )
    if valid_until is not None and valid_until < today():
        raise ValidationFailed(
            [FieldProblem("valid_until", "past", _("The validity cannot end in the past."))]
        )
    before, counted = case_snapshot(case), CaseState.of(case)
    _finish(case, actor, outcome, text, valid_until)
    _save(case, actor, "conclude", before, counted, text)
    hooks.after_conclusion(actor, case)
    return case


def conclude_now(*, actor: Actor, case: Case) -> Case:
    """An instant item at the window: accepted and approved in the intake's transaction."""
    before, counted = case_snapshot(case), CaseState.of(case)
    now = clock.now()
    case.status = CaseStatus.ACCEPTED
    _start_clock(case, now)
    _save(case, actor, "accept", before, counted, "instant")
    before, counted = case_snapshot(case), CaseState.of(case)
    _finish(case, actor, Outcome.APPROVED, "", None)
    _save(case, actor, "conclude", before, counted, "instant")
    hooks.after_conclusion(actor, case)
    return case


@transaction.atomic
def case_withdraw(*, actor: Actor, number: str, reason: str = "") -> Case:
    case, target = locked_case(actor, number, "withdraw")
    before, counted = case_snapshot(case), CaseState.of(case)
    case.status, case.withdrawn_at = target, clock.now()
    _save(case, actor, "withdraw", before, counted, reason or "")
    if actor.is_system:  # closed on the applicant's behalf (e.g. its one-thing run stopped)
        body = _("Your application for %(item)s was closed: %(reason)s") % {
            "item": case.item.name,
            "reason": reason,
        }
    else:
        body = _("You withdrew your application for %(item)s.") % {"item": case.item.name}
    tell_applicant(case, _("Application %(n)s withdrawn") % {"n": case.number}, body)
    return case


@transaction.atomic
def case_hand_over(
    *,
    actor: Actor,
    number: str,
    tracking_number: str = "",
    at: dt.datetime | None = None,
    tell: bool = True,
) -> Case:
    """The receiving window hands the result over: picked up at the window, or posted with
    a tracking number. An electronic result needs no hand-over. A batch pickup hands its
    results over at one moment (``at``) and tells each applicant which agency collected
    the result (``tell=False``: not that they collected it themselves)."""
    require_role(actor, Role.CLERK)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("item", "applicant", "center")
        .filter(number=number, center_id=actor.service_center_id)
        .first()
    )
    if case is None:
        raise NotFound(_("No case %(n)s is visible to you.") % {"n": number})
    hooks.check(actor, case, "hand_over")
    if case.status != CaseStatus.CONCLUDED or case.outcome != Outcome.APPROVED:
        raise Conflict(
            _("Only an approved case has a result to hand over."), code="invalid_transition"
        )
    if case.handed_over_at is not None:
        raise Conflict(
            _("The result was already handed over on %(d)s.")
            % {"d": f"{timezone.localtime(case.handed_over_at):%Y-%m-%d}"},
            code="invalid_transition",
        )
    if case.delivery == Delivery.ELECTRONIC:
        raise Conflict(
            _("The applicant chose the electronic result; there is nothing to hand over."),
            code="invalid_transition",
        )
    if case.delivery == Delivery.POST and not tracking_number.strip():
        raise ValidationFailed.one(
            "tracking_number", "required", _("A posted result needs its tracking number.")
        )
    before = {"handed_over_at": None}
    case.handed_over_at, case.tracking_number = at or clock.now(), tracking_number.strip()
    case.save(update_fields=["handed_over_at", "tracking_number"])
    audit_record(
        actor=actor,
        action="case.hand_over",
        subject=case,
        before=before,
        after={"handed_over_at": case.handed_over_at, "tracking_number": case.tracking_number},
    )
    body = (
        _("Your result was posted, tracking number %(t)s.") % {"t": case.tracking_number}
        if case.delivery == Delivery.POST
        else _("You collected your result at %(center)s.") % {"center": case.center.name}
    )
    if tell:
        tell_applicant(case, _("Result of %(n)s handed over") % {"n": case.number}, body)
    return case
