"""Scope rules of core's models (see permissions.py). Administrators and the system see
everything; these rules say what every other role sees."""

from django.db.models import Q

from .models import (
    Agency,
    AgencyDeclaration,
    Agent,
    Department,
    Enterprise,
    Message,
    Person,
    Region,
    Role,
    ServiceCenter,
    User,
)
from .models import Window as CounterWindow
from .permissions import EVERYTHING, NOTHING, Actor, scope_rule

# Staff roles whose view of people and enterprises is their region's subtree.
REGIONAL_STAFF = (Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.DISPATCHER)


# The directory of regions and organisations is public.
for model in (Region, Department, ServiceCenter, CounterWindow):
    scope_rule(model)(lambda actor: EVERYTHING)


@scope_rule(Person)
def _people(actor: Actor) -> Q:
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("region")
    if actor.person_id:
        return Q(pk=actor.person_id)
    return NOTHING


@scope_rule(Enterprise)
def _enterprises(actor: Actor) -> Q:
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("region")
    if actor.role == Role.AGENT and actor.agency_id:
        from .selectors.declarations import declared_enterprise_ids

        return Q(pk__in=declared_enterprise_ids(actor.agency_id))
    if actor.enterprise_id:
        return Q(pk=actor.enterprise_id)
    return NOTHING


@scope_rule(AgencyDeclaration)
def _declarations(actor: Actor) -> Q:
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("agency__region")
    if actor.agency_id:
        return Q(agency_id=actor.agency_id)
    return NOTHING


@scope_rule(Agency)
def _agencies(actor: Actor) -> Q:
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("region")
    if actor.agency_id:
        return Q(pk=actor.agency_id)
    return NOTHING


@scope_rule(Agent)
def _agents(actor: Actor) -> Q:
    if actor.role in REGIONAL_STAFF:
        return actor.region_q("agency__region")
    if actor.agency_id:
        return Q(agency_id=actor.agency_id)
    return NOTHING


@scope_rule(User)
def _users(actor: Actor) -> Q:
    return Q(pk=actor.user_id) if actor.user_id else NOTHING


@scope_rule(Message)
def _messages(actor: Actor) -> Q:
    return Q(person_id=actor.person_id) if actor.person_id else NOTHING
