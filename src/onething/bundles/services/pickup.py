"""批量代领: an agency's agent collects the ready licences of every enterprise its
declaration names, in one action, each recorded."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus, Outcome
from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.models import Agency, Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record
from onething.core.services.declarations import declared_enterprise_ids
from onething.core.services.idempotency import idempotent_create
from onething.core.services.messages import message_send
from onething.core.services.numbering import number_next

from ..models import Pickup
from ..selectors import ready_for_pickup


def batch_pickup(
    *, actor: Actor, case_numbers: list[str] | None = None, idempotency_key: str | None = None
) -> Pickup:
    """Collect every ready result of the declared enterprises (or the ones named). A case
    of an enterprise the declaration does not name, or one whose licence is not issued yet,
    refuses the whole pickup with the reason; nothing is half-collected. A retry with the
    same key gets the same pickup."""
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
        payload={"cases": sorted(case_numbers or [])},
        model=Pickup,
        create=lambda: _collect(actor, case_numbers),
    )
    return pickup


@transaction.atomic(savepoint=False)
def _collect(actor: Actor, case_numbers: list[str] | None) -> Pickup:
    agency = Agency.objects.get(pk=actor.agency_id)
    ready = list(ready_for_pickup(agency.pk).select_for_update(of=("self",)))
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
            status = 409 if all(p.rule in ("not_issued", "collected") for p in problems) else 422
            if status == 409:
                raise Conflict(
                    "; ".join(p.message for p in problems),
                    code="not_ready",
                    details={"fields": [p.as_dict() for p in problems]},
                )
            raise ValidationFailed(problems)
        ready = [by_number[n] for n in wanted]
    if not ready:
        raise Conflict(
            _("No result of your agency's enterprises is waiting to be collected."),
            code="nothing_ready",
        )
    now = clock.now()
    pickup = Pickup.objects.create(
        number=number_next(series="pickup", region_code=agency.region.code),
        agency=agency,
        collected_by_id=actor.user_id,
        collected_at=now,
    )
    pickup.cases.set(ready)
    for case in ready:
        case.handed_over_at, case.tracking_number = now, ""
        case.save(update_fields=["handed_over_at", "tracking_number"])
        audit_record(
            actor=actor,
            action="case.batch_pickup",
            subject=case,
            after={
                "pickup": pickup.number,
                "agency": agency.name,
                "licence": case.licence.number,
                "enterprise": case.enterprise.credit_code,
            },
        )
        message_send(
            person=case.applicant,
            subject=_("Result of %(n)s collected") % {"n": case.number},
            body=_("%(agency)s collected %(title)s for %(e)s.")
            % {"agency": agency.name, "title": case.licence.title, "e": case.enterprise.name},
            link=f"/cases/{case.number}/",
            topic=case,
        )
    audit_record(
        actor=actor,
        action="pickup.collect",
        subject=pickup,
        after={"cases": [c.number for c in ready]},
    )
    return pickup
