"""Who sees what of the honour cards: union staff everything; an honoree their own record,
certificates, cards and rides; a gate its own gate and the swipes it recorded (a desk, its
visits); the directory of operators, venues, tariffs, benefits and the public keys is
public."""

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule

from .models import (
    Benefit,
    Certificate,
    Gate,
    Honoree,
    HonoreeStatusChange,
    HonourCard,
    IssuanceBatch,
    LedgerEntry,
    Operator,
    PoolTopUp,
    Reconciliation,
    Settlement,
    SubsidyPool,
    Swipe,
    Tariff,
    Venue,
)

for model in (Operator, Venue, Tariff, Benefit):
    scope_rule(model)(lambda actor: EVERYTHING)

UNION_ONLY = (IssuanceBatch, LedgerEntry, SubsidyPool, PoolTopUp, Settlement, Reconciliation)
for model in UNION_ONLY:
    scope_rule(model)(lambda actor: EVERYTHING if actor.role == Role.UNION_STAFF else NOTHING)


def _own(field: str):
    def rule(actor: Actor) -> Q:
        if actor.role == Role.UNION_STAFF:
            return EVERYTHING
        if actor.person_id and actor.role in (Role.APPLICANT, Role.AGENT):
            return Q(**{field: actor.person_id})
        return NOTHING

    return rule


scope_rule(Honoree)(_own("person_id"))
for model in (Certificate, HonourCard, HonoreeStatusChange):
    scope_rule(model)(_own("honoree__person_id"))


@scope_rule(Swipe)
def _own_swipes(actor: Actor) -> Q:
    """As ``_own``, by the honoree's own key: among millions of swipes, an honoree's newest
    are found through (honoree, at, id), which a join to the person could not walk."""
    if actor.role == Role.GATE and actor.user_id:  # a gate or desk: what it recorded
        return Q(gate__account_id=actor.user_id)
    rule = _own("person_id")(actor)
    if rule in (EVERYTHING, NOTHING):
        return rule
    return Q(honoree_id__in=list(Honoree.objects.filter(rule).values_list("id", flat=True)))


@scope_rule(Gate)
def _gates(actor: Actor) -> Q:
    if actor.role == Role.UNION_STAFF:
        return EVERYTHING
    if actor.role == Role.GATE and actor.user_id:
        return Q(account_id=actor.user_id)
    return NOTHING
