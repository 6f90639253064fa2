"""Who sees which cases: the applicant (and staff of the enterprise applied for), the
receiving centre's clerks, the handling department's officers, supervisors of the region
the handling department belongs to."""

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import NOTHING, Actor, scope_rule

from .models import Case, CaseUrge, Evaluation, Licence, Material, Rectification


def case_q(actor: Actor, prefix: str = "") -> Q:
    p = prefix
    if actor.role == Role.CLERK:
        return Q(**{f"{p}center_id": actor.service_center_id})
    if actor.role == Role.OFFICER:
        return Q(**{f"{p}department_id": actor.department_id})
    if actor.role == Role.SUPERVISOR:
        return actor.department_q(f"{p}department")
    if actor.role in (Role.APPLICANT, Role.AGENT):
        # an OR of parts, each with its own index (a list reads them part by part)
        mine = Q(**{f"{p}submitted_by_id": actor.user_id})
        if actor.person_id:
            mine |= Q(**{f"{p}applicant_id": actor.person_id})
        if actor.enterprise_id:
            mine |= Q(**{f"{p}enterprise_id": actor.enterprise_id})
        return mine
    return NOTHING


scope_rule(Case)(case_q)
scope_rule(Licence)(lambda actor: case_q(actor, "case__"))
scope_rule(Evaluation)(lambda actor: case_q(actor, "case__"))
scope_rule(Material)(
    lambda actor: (
        case_q(actor, "case__") | (Q(owner_id=actor.user_id) if actor.user_id else NOTHING)
    )
)


@scope_rule(Rectification)
def _rectifications(actor: Actor) -> Q:
    if actor.role == Role.SUPERVISOR:
        return actor.department_q("department")
    if actor.role == Role.OFFICER:
        return Q(department_id=actor.department_id)
    return NOTHING


@scope_rule(CaseUrge)
def _urges(actor: Actor) -> Q:
    """督办单: the supervisors of the region the addressed department belongs to, and the
    officers of that department."""
    if actor.role == Role.SUPERVISOR:
        return actor.department_q("department")
    if actor.role == Role.OFFICER:
        return Q(department_id=actor.department_id)
    return NOTHING
