"""Who sees an appeal: its requester (the person, the account that filed it, staff of its
enterprise), the responsible department (and any that replied to it), and dispatchers and
supervisors of its region, and (reading only) the leaders of its town. The directory
(programmes, categories, time limits, published policies) is public; routing rules are for
dispatchers and supervisors."""

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule, scope_through

from .models import (
    Appeal,
    AppealEvent,
    AppealPhoto,
    Category,
    Extension,
    FollowUp,
    Policy,
    Programme,
    Project,
    ProjectMilestone,
    Reply,
    RoutingRule,
    Supervision,
    SupervisionBatch,
    TimeLimit,
)

OVERSEERS = (Role.DISPATCHER, Role.SUPERVISOR)

scope_rule(Programme)(lambda actor: EVERYTHING)
scope_rule(Category)(lambda actor: EVERYTHING)


@scope_rule(Policy)
def _policies(actor: Actor) -> Q:
    if actor.role in (*OVERSEERS, Role.OFFICER):
        return EVERYTHING
    return Q(is_published=True)


scope_rule(TimeLimit)(lambda actor: EVERYTHING)  # how long an answer may take is public
scope_rule(RoutingRule)(lambda actor: EVERYTHING if actor.role in OVERSEERS else NOTHING)


@scope_rule(Appeal)
def _appeals(actor: Actor) -> Q:
    if actor.role in OVERSEERS:
        return actor.region_q("region")
    if actor.role == Role.OFFICER and actor.department_id:
        replied = Reply.objects.filter(department_id=actor.department_id).values("appeal_id")
        return (
            Q(department_id=actor.department_id)
            | Q(pk__in=replied)
            | Q(submitted_by_id=actor.user_id)
        )
    if actor.role == Role.LEADER:  # a town's leader on night duty (带班值班): read only
        return actor.region_q("region")
    if actor.role in (Role.APPLICANT, Role.AGENT):
        mine = Q(submitted_by_id=actor.user_id)
        if actor.person_id:
            mine |= Q(person_id=actor.person_id)
        if actor.enterprise_id:
            mine |= Q(enterprise_id=actor.enterprise_id)
        return mine
    return NOTHING


def _of_visible_appeals(field: str):
    def rule(actor: Actor) -> Q:
        return scope_through(actor, Appeal, field)

    return rule


for model in (AppealPhoto, Reply, FollowUp, Extension, AppealEvent, Project, Supervision):
    scope_rule(model)(_of_visible_appeals("appeal"))
scope_rule(ProjectMilestone)(_of_visible_appeals("project__appeal"))


@scope_rule(SupervisionBatch)
def _batches(actor: Actor) -> Q:
    if actor.role in OVERSEERS:
        return actor.region_q("region")
    if actor.role == Role.OFFICER:
        items = Supervision.objects.filter(scope_through(actor, Appeal, "appeal"))
        return Q(pk__in=items.values("batch_id"))
    return NOTHING
