"""Who sees what of the cross-region service. A cross-region case is seen by its receiving
centre and its handling department (the case's own scope rule), by the clerks of the
handling town's centre (who take a forwarded case in), and — for a joint case — by the
partner department acting on its part; nobody else in either town. A 高效协同 data check
is seen by those who see its case and by the department answering it."""

from django.db.models import Q

from onething.cases.models import Case, Material
from onething.cases.scopes import case_q
from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, extend_scope, scope_rule

from .models import (
    Alliance,
    AllianceItem,
    AllianceMember,
    Arrival,
    CasePart,
    CrossRegionCase,
    DataCheck,
    Handoff,
)


def _partner_cases(actor: Actor):
    return CasePart.objects.filter(department_id=actor.department_id).values("case_id")


def _partner(actor: Actor) -> Q:
    """A subquery, not a join: a join on the parts would repeat the case once per part."""
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(pk__in=_partner_cases(actor))
    return NOTHING


def _handled_cases(actor: Actor):
    return CrossRegionCase.objects.filter(handling_center_id=actor.service_center_id).values(
        "case_id"
    )


def _handling_clerk(actor: Actor) -> Q:
    """The clerks of the handling town's centre see the cases forwarded to it (a subquery
    through the record's handling-centre index: a list reads it as a part of its own)."""
    if actor.role == Role.CLERK and actor.service_center_id:
        return Q(pk__in=_handled_cases(actor))
    return NOTHING


def _handling_clerk_of_case(actor: Actor) -> Q:
    if actor.role == Role.CLERK and actor.service_center_id:
        return Q(case_id__in=_handled_cases(actor))
    return NOTHING


def _also(actor: Actor) -> Q:
    """One extension (one more part of a list's scope, not one per rule and role)."""
    return _partner(actor) if actor.role == Role.OFFICER else _handling_clerk(actor)


extend_scope(Case, _also)
extend_scope(Material, _handling_clerk_of_case)  # the materials the clerk checks

# The alliances, their members and agreed lists are public.
for model in (Alliance, AllianceMember, AllianceItem):
    scope_rule(model)(lambda actor: EVERYTHING)


def _via_case(actor: Actor) -> Q:
    return case_q(actor, "case__") | _partner_of_case(actor) | _handling_clerk_of_case(actor)


def _partner_of_case(actor: Actor) -> Q:
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(case_id__in=_partner_cases(actor))
    return NOTHING


for model in (CrossRegionCase, CasePart, Handoff):
    scope_rule(model)(_via_case)


@scope_rule(Arrival)
def _arrivals(actor: Actor) -> Q:
    if actor.role == Role.CLERK:
        return Q(center_id=actor.service_center_id)
    if actor.role == Role.SUPERVISOR:
        return actor.region_q("center__region")
    return NOTHING


@scope_rule(DataCheck)
def _data_checks(actor: Actor) -> Q:
    """高效协同: a check is seen by those who see its case (the deciding department, the
    receiving centre, the applicant, supervisors of its region) and by the answering
    department (and the supervisors of its region) — not by anyone else in either town;
    the answering department sees the check, not the case."""
    seen = case_q(actor, "case__")
    if actor.role == Role.OFFICER and actor.department_id:
        return seen | Q(answering_department_id=actor.department_id)
    if actor.role == Role.SUPERVISOR:
        return seen | actor.department_q("answering_department")
    return seen
