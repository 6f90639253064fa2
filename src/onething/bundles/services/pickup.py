"""批量代领: an agency's agent asks, at one service centre, for the ready licences of the
enterprises its declaration names (``batch_pickup``); a window clerk of that centre checks
the agent's identity and confirms the handover (``pickup_confirm``: only then is each
result handed over, audited and the applicant told), or refuses it with the reason
(``pickup_refuse``). The transitions are bundles/rules/pickup.py's table."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus, Outcome
from onething.cases.services.lifecycle import case_hand_over
from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from onething.core.models import Agency, Role, ServiceCenter
from onething.core.permissions import Actor, require_role, visible
from onething.core.selectors.declarations import declared_enterprise_ids
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.messages import message_send
from onething.core.services.numbering import number_next

from ..models import Pickup, PickupStatus
from ..rules.pickup import pickup_next, repeated
from ..selectors import ready_for_pickup


def batch_pickup(
    *,
    actor: Actor,
    case_numbers: list[str] | None = None,
    center_code: str = "",
    idempotency_key: str | None = None,
) -> Pickup:
    """Ask to collect every ready result of the declared enterprises (or the ones named)
    at one centre (``center_code``; needed only when the results wait at several). A case
    of an enterprise the declaration does not name, one whose licence is not issued yet or
    one already asked for refuses the whole request with the reason. The request waits for
    a window clerk of the centre; nothing is handed over yet. A retry with the same key
    gets the same pickup."""
    require_role(actor, Role.AGENT)
    if case_numbers is not None and not case_numbers:
        raise ValidationFailed.one(
            "case_numbers",
            "empty",
            _("Name at least one result, or leave the list out to collect every ready one."),
        )
    pickup, _created = idempotent_create(
        actor=actor,
        operation="pickup",
        key=idempotency_key,
        payload={"cases": sorted(case_numbers or []), "center": center_code or ""},
        model=Pickup,
        create=lambda: _request(actor, case_numbers, (center_code or "").strip()),
    )
    return pickup


@transaction.atomic(savepoint=False)
def _request(actor: Actor, case_numbers: list[str] | None, center_code: str) -> Pickup:
    agency = Agency.objects.get(pk=actor.agency_id)
    center = None
    if center_code:
        center = ServiceCenter.objects.filter(code=center_code).first()
        if center is None:
            raise ValidationFailed.one(
                "center_code",
                "unknown",
                _("There is no service centre %(c)s.") % {"c": center_code},
            )
    ready = list(ready_for_pickup(agency.pk).select_for_update(of=("self",)))
    asked = {
        c.pk: p
        for p in Pickup.objects.filter(agency=agency, status=PickupStatus.WAITING)
        for c in p.cases.all()
    }
    if case_numbers is not None:
        wanted = list(dict.fromkeys(case_numbers))
        by_number = {c.number: c for c in ready}
        problems = []
        others = {
            c.number: c
            for c in Case.objects.filter(number__in=wanted)
            .select_related("enterprise")
            .prefetch_related("licence")
        }
        declared = set(declared_enterprise_ids(agency.pk).values_list("pk", flat=True))
        for i, number in enumerate(wanted):
            where = f"case_numbers[{i}]"
            case = others.get(number)
            if case is None or case.enterprise_id not in declared:
                problems.append(
                    FieldProblem(
                        where,
                        "not_declared",
                        _("%(n)s is not a case of an enterprise your agency's declaration names.")
                        % {"n": number},
                    )
                )
            elif case.pk in asked:
                problems.append(
                    FieldProblem(
                        where,
                        "requested",
                        _("%(n)s is in pickup %(p)s, waiting for the window's confirmation.")
                        % {"n": number, "p": asked[case.pk].number},
                    )
                )
            elif number not in by_number:
                if case.handed_over_at:
                    problems.append(
                        FieldProblem(
                            where,
                            "collected",
                            _("The result of %(n)s was collected already.") % {"n": number},
                        )
                    )
                elif case.status != CaseStatus.CONCLUDED or case.outcome != Outcome.APPROVED:
                    problems.append(
                        FieldProblem(
                            where,
                            "not_issued",
                            _("The licence of %(n)s is not issued yet.") % {"n": number},
                        )
                    )
                else:
                    problems.append(
                        FieldProblem(
                            where,
                            "not_at_window",
                            _("The result of %(n)s is not waiting at a window.") % {"n": number},
                        )
                    )
        if problems:
            status = (
                409
                if all(p.rule in ("not_issued", "collected", "requested") for p in problems)
                else 422
            )
            if status == 409:
                raise Conflict(
                    "; ".join(p.message for p in problems),
                    code="not_ready",
                    details={"fields": [p.as_dict() for p in problems]},
                )
            raise ValidationFailed(problems)
        ready = [by_number[n] for n in wanted]
    else:
        ready = [c for c in ready if c.pk not in asked]
    if center is not None:
        elsewhere = [c for c in ready if c.center_id != center.pk]
        if case_numbers is not None and elsewhere:
            raise ValidationFailed(
                [
                    FieldProblem(
                        f"case_numbers[{wanted.index(c.number)}]",
                        "other_centre",
                        _("The result of %(n)s waits at %(c)s, not at %(here)s.")
                        % {"n": c.number, "c": c.center.name, "here": center.name},
                    )
                    for c in elsewhere
                ]
            )
        ready = [c for c in ready if c.center_id == center.pk]
    if not ready:
        raise Conflict(
            _("No result of your agency's enterprises is waiting to be collected here."),
            code="nothing_ready",
        )
    centers = {c.center_id: c.center for c in ready}
    if len(centers) > 1:
        raise ValidationFailed.one(
            "center_code",
            "several_centres",
            _("The results wait at %(centres)s: ask at one centre at a time.")
            % {"centres": "、".join(sorted(c.name for c in centers.values()))},
        )
    (center,) = centers.values()
    pickup = Pickup.objects.create(
        number=number_next(series="pickup", region_code=agency.region.code),
        agency=agency,
        collected_by_id=actor.user_id,
        center=center,
        status=PickupStatus.WAITING,
        requested_at=clock.now(),
    )
    pickup.cases.set(ready)
    audit_record(
        actor=actor,
        action="pickup.request",
        subject=pickup,
        after={"cases": [c.number for c in ready], "center": center.code},
    )
    return pickup


def _locked(actor: Actor, number: str) -> Pickup:
    """The pickup (row-locked) if it waits at the clerk's centre — else 404: a pickup of
    another centre is answered like one that does not exist."""
    require_role(actor, Role.CLERK)
    pickup = (
        visible(actor, Pickup.objects.select_for_update(of=("self",)))
        .select_related("agency", "center", "collected_by")
        .filter(number=number, center_id=actor.service_center_id)
        .first()
    )
    if pickup is None:
        raise NotFound(_("No pickup %(n)s waits at your centre.") % {"n": number})
    return pickup


@transaction.atomic
def pickup_confirm(*, actor: Actor, number: str, identity_checked: bool) -> Pickup:
    """The window clerk checked the agent's identity and handed the results over: each
    case is handed over (cases' service and its guard: audited), recorded as collected in
    this pickup, all at one moment, and its applicant told which agency collected it.
    Confirming a confirmed pickup again answers it as it is."""
    pickup = _locked(actor, number)
    if repeated(pickup.status, "confirm"):
        return pickup
    target = pickup_next(pickup.status, "confirm", actor.role)
    if identity_checked is not True:
        raise ValidationFailed.one(
            "identity_checked",
            "required",
            _("Check the agent's identity and authorisation before handing the results over."),
        )
    cases = list(pickup.cases.select_related("licence", "enterprise", "applicant").order_by("id"))
    now = clock.now()  # the moment each result is handed over and the pickup collected
    for case in cases:
        # cases' hand-over and its guard; the applicant is told which agency collected it
        case_hand_over(actor=actor, number=case.number, at=now, tell=False)
        audit_record(
            actor=actor,
            action="case.batch_pickup",
            subject=case,
            after={
                "pickup": pickup.number,
                "agency": pickup.agency.name,
                "licence": case.licence.number,
                "enterprise": case.enterprise.credit_code,
            },
        )
        message_send(
            person=case.applicant,
            subject=_("Result of %(n)s collected") % {"n": case.number},
            body=_("%(agency)s collected %(title)s for %(e)s.")
            % {
                "agency": pickup.agency.name,
                "title": case.licence.title,
                "e": case.enterprise.name,
            },
            link=f"/cases/{case.number}/",
            topic=case,
        )
    pickup.status, pickup.decided_by_id, pickup.decided_at = target, actor.user_id, now
    pickup.collected_at = now
    pickup.save(update_fields=["status", "decided_by", "decided_at", "collected_at"])
    audit_record(
        actor=actor,
        action="pickup.confirm",
        subject=pickup,
        before={"status": PickupStatus.WAITING},
        after={"status": target, "cases": [c.number for c in cases]},
    )
    return pickup


@transaction.atomic
def pickup_refuse(*, actor: Actor, number: str, reason: str) -> Pickup:
    """The window clerk refuses the request (the identity or the authorisation does not
    hold, …), with the reason the agent reads; the results stay waiting, to be asked for
    again. Refusing a refused pickup again answers it as it is."""
    pickup = _locked(actor, number)
    if repeated(pickup.status, "refuse"):
        return pickup
    target = pickup_next(pickup.status, "refuse", actor.role)
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed.one("reason", "required", _("Give the reason: the agent reads it."))
    if len(text) > 500:
        raise ValidationFailed.one(
            "reason", "max_length", _("At most %(n)s characters.") % {"n": 500}
        )
    pickup.status, pickup.refusal_reason = target, text
    pickup.decided_by_id, pickup.decided_at = actor.user_id, clock.now()
    pickup.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="pickup.refuse",
        subject=pickup,
        before={"status": PickupStatus.WAITING},
        after={"status": target},
        note=text[:300],
    )
    return pickup
