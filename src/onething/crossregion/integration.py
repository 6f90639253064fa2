"""How the cross-region service plugs into cases (cases/hooks.py): the guards that keep each
town to its own role, the marks in the inboxes, the panel on the case page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.cases import hooks
from onething.cases.models import Case
from onething.core.errors import Conflict, PermissionDenied
from onething.core.models import Role

from .models import CasePart, CrossRegionCase, Handoff, HandoffStatus, Mode, PartStatus

TAKING_IN = ("accept", "decline", "request_correction")

hooks.event_labels(
    {
        "crossregion.intake": gettext_lazy("Forwarded to the handling town"),
        "crossregion.part_decide": gettext_lazy("A town decided its part"),
        "crossregion.check_request": gettext_lazy("Data check asked of the partner town"),
        "crossregion.check_answer": gettext_lazy("The partner town answered a data check"),
        "crossregion.check_withdraw": gettext_lazy("Data check withdrawn"),
    }
)


@hooks.flag("has_cross_region_record")
def _is_cross_region():
    return Exists(CrossRegionCase.objects.filter(case_id=OuterRef("pk")))


def record_of(case: Case) -> CrossRegionCase | None:
    """The case's cross-region record (memoised on the case object; none looked up when
    the case was read with the flag saying it has none)."""
    if not hasattr(case, "_cross_region_record"):
        known = getattr(case, "has_cross_region_record", None)  # read with a locked case
        if known is not None and not known:
            case._cross_region_record = None
        else:
            found = CrossRegionCase.objects.select_related(
                "handling_region", "receiving_region", "partner_region", "alliance"
            ).filter(case_id=case.pk)
            case._cross_region_record = next(iter(found.order_by()[:1]), None)
    return case._cross_region_record


def at_handling_center(actor, record: CrossRegionCase) -> bool:
    """Whether the actor is a clerk of the handling town's centre (who takes a forwarded
    case in)."""
    return (
        actor.role == Role.CLERK
        and record.handling_center_id is not None
        and record.handling_center_id == actor.service_center_id
    )


def originals_arrived(case: Case) -> bool:
    return case.handoffs.filter(status=HandoffStatus.RECEIVED).exists()


@hooks.guard
def keep_each_town_to_its_role(actor, case: Case, action: str, **context) -> None:
    record = record_of(case)
    if record is None or actor.is_system:
        return
    town = record.handling_region.name
    handling_clerk = at_handling_center(actor, record)
    if record.mode in (Mode.PROXY, Mode.JOINT) and actor.role == Role.CLERK:
        if action in TAKING_IN and not handling_clerk:
            raise PermissionDenied(
                _(
                    "%(town)s handles this case: its service centre or department accepts it. "
                    "The receiving window has forwarded it."
                )
                % {"town": town}
            )
        if action == "conclude":
            raise PermissionDenied(
                _("Only %(town)s's handling department concludes this case.") % {"town": town}
            )
    if record.mode == Mode.JOINT:
        if action in TAKING_IN and not handling_clerk and actor.department_id != case.department_id:
            raise PermissionDenied(
                _("The leading department in %(town)s accepts a joint case.") % {"town": town}
            )
        if (
            action == "conclude"
            and CasePart.objects.filter(case=case, status=PartStatus.PENDING).exists()
        ):
            raise Conflict(
                _("A joint case concludes when each town's department has decided its part."),
                code="parts_pending",
            )
    if record.mode == Mode.COLLABORATIVE and action == "conclude":
        checks_allow_conclusion(case, context.get("outcome", ""))
    if action == "conclude" and record.needs_originals and not originals_arrived(case):
        raise Conflict(
            _(
                "The paper originals have not arrived at %(town)s yet: the case cannot be "
                "concluded until the hand-off is received."
            )
            % {"town": town},
            code="originals_missing",
        )


def checks_allow_conclusion(case: Case, outcome: str) -> None:
    """高效协同: 409 naming the checks while an approval must wait for them (rules.checks)."""
    from .rules.checks import conclusion_refusal
    from .selectors.checks import check_states

    refusal = conclusion_refusal(check_states(case), outcome)
    if refusal is None:
        return
    code, checks = refusal
    named = "、".join(f"{c.number}（{c.department}）" for c in checks)
    message = (
        _(
            "The partner town has not answered every data check yet: %(checks)s. The case "
            "is approved once they are answered (a denial need not wait)."
        )
        if code == "checks_open"
        else _(
            "A data check found a mismatch: %(checks)s. Deny the case, or ask for a "
            "correction and ask the check again."
        )
    )
    raise Conflict(
        message % {"checks": named}, code=code, details={"checks": [c.number for c in checks]}
    )


@hooks.concluded
def withdraw_open_checks(actor, case: Case) -> None:
    """A collaborative case decided (or declined) with checks still open: they are
    withdrawn, leaving the partner's queue."""
    record = record_of(case)
    if record is None or record.mode != Mode.COLLABORATIVE:
        return
    from .services.checks import data_checks_withdraw

    data_checks_withdraw(actor=actor, case=case)


@hooks.taken_in_elsewhere
def forwarded_from_here(actor):
    """A case this window took in for another town is taken in there: not in this window's
    acceptance queue (its list of cases taken in for other towns shows it instead)."""
    if actor.role != Role.CLERK or not actor.service_center_id:
        return None
    return Q(
        pk__in=CrossRegionCase.objects.filter(
            case__center_id=actor.service_center_id, mode__in=(Mode.PROXY, Mode.JOINT)
        )
        .exclude(handling_center_id=actor.service_center_id)
        .values("case_id")
    )


@hooks.marks
def cross_region_marks(cases: list[Case]) -> dict[int, list[str]]:
    records = CrossRegionCase.objects.filter(case_id__in=[c.pk for c in cases]).select_related(
        "receiving_region", "handling_region", "partner_region"
    )
    return {r.case_id: [_mark(r)] for r in records}


def _mark(r: CrossRegionCase) -> str:
    if r.mode == Mode.COLLABORATIVE:
        return _("Cross-region (%(mode)s): decided in %(here)s, data checked in %(partner)s") % {
            "mode": r.get_mode_display(),
            "here": r.handling_region.name,
            "partner": r.partner_region.name,
        }
    return _("Cross-region (%(mode)s): received in %(from)s, handled in %(to)s") % {
        "mode": r.get_mode_display(),
        "from": r.receiving_region.name,
        "to": r.handling_region.name,
    }


@hooks.panel
def cross_region_panel(actor, case: Case, refusal: hooks.PanelRefusal | None = None):
    """The record, its parts and hand-offs, and the forms the viewer may use on them;
    ``refusal``: one of these forms just refused (shown with what was typed)."""
    record = record_of(case)
    if record is None:
        return None
    from .services.handoffs import paper_originals

    parts = list(CasePart.objects.filter(case=case).select_related("department", "region"))
    handoffs = list(Handoff.objects.filter(case=case).order_by("created_at"))
    at_receiving_window = actor.role == Role.CLERK and case.center_id == actor.service_center_id
    in_handling_department = (
        actor.role == Role.OFFICER and case.department_id == actor.department_id
    )
    open_handoff = next(
        (
            h
            for h in handoffs
            if h.status in (HandoffStatus.PREPARED, HandoffStatus.SENT, HandoffStatus.RECEIVED)
        ),
        None,
    )
    return (
        "crossregion/_case_panel.html",
        {
            "record": record,
            "parts": parts,
            "handoffs": handoffs,
            "originals": paper_originals(case) if record.needs_originals else [],
            "waiting_for_originals": record.needs_originals
            and not any(h.status == HandoffStatus.RECEIVED for h in handoffs),
            "can_prepare_handoff": at_receiving_window
            and record.needs_originals
            and open_handoff is None
            and record.mode != Mode.ONLINE,
            "can_send": at_receiving_window
            and open_handoff is not None
            and open_handoff.status == HandoffStatus.PREPARED,
            "can_receive": in_handling_department
            and open_handoff is not None
            and open_handoff.status == HandoffStatus.SENT,
            "open_handoff": open_handoff,
            "my_part": next(
                (
                    p
                    for p in parts
                    if actor.role == Role.OFFICER
                    and p.department_id == actor.department_id
                    and p.status == PartStatus.PENDING
                    and case.status == "accepted"
                ),
                None,
            ),
            "refusal": refusal,
            **(_checks_panel(actor, case, record) if record.mode == Mode.COLLABORATIVE else {}),
        },
    )


def _checks_panel(actor, case: Case, record: CrossRegionCase) -> dict:
    """高效协同核验: the case's checks with their states, and for the deciding department's
    officer while the case is open, the form to ask one (departments of the partner town;
    the checks that may be asked again)."""
    from .rules.checks import DUE_DAYS_DEFAULT, may_ask_again
    from .selectors.checks import checks_of_case, partner_departments

    checks = checks_of_case(actor, case)
    may_ask = (
        actor.role == Role.OFFICER
        and actor.department_id == case.department_id
        and case.status in ("accepted", "correction_requested")
    )
    return {
        "checks": checks,
        "checks_waiting": [c for c in checks if c.status == "requested"],
        "can_ask_check": may_ask,
        "partner_departments": partner_departments(record) if may_ask else [],
        "repeatable": [c for c in checks if may_ask_again(c.status, c.result)] if may_ask else [],
        "due_days_default": DUE_DAYS_DEFAULT,
    }
