"""Who sees what of night duty (administrators and the system: everything):

- a town's leader (role ``leader``, the town is the account's region) sees their town's
  rosters and their nights, and their own night visits with their demands; they write
  the town's roster and their own nights and visits (the services check);
- a supervisor sees the rosters, nights, visits and demands of the towns in their region
  (read only);
- anyone else sees none of it (the pages and the API refuse them: :func:`require_duty`).

The public figures are aggregates with no personal data (selectors.figures)."""

from __future__ import annotations

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import NOTHING, Actor, require_role, scope_rule

from .models import DutyNight, DutyRoster, NightVisit, VisitDemand

READERS = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def require_duty(actor: Actor) -> None:
    """Refuse (401 / 403) anyone who is neither a town's leader nor a supervisor."""
    require_role(actor, *READERS)


def _town(actor: Actor, field: str) -> Q:
    if actor.role == Role.LEADER and actor.region_id:
        return Q(**{f"{field}_id": actor.region_id})
    if actor.role == Role.SUPERVISOR:
        return actor.region_q(field)
    return NOTHING


@scope_rule(DutyRoster)
def _rosters(actor: Actor) -> Q:
    return _town(actor, "town")


@scope_rule(DutyNight)
def _nights(actor: Actor) -> Q:
    return _town(actor, "roster__town")


@scope_rule(NightVisit)
def _visits(actor: Actor) -> Q:
    if actor.role == Role.LEADER and actor.user_id:
        return Q(leader_id=actor.user_id)
    if actor.role == Role.SUPERVISOR:
        return actor.region_q("town")
    return NOTHING


@scope_rule(VisitDemand)
def _demands(actor: Actor) -> Q:
    if actor.role == Role.LEADER and actor.user_id:
        return Q(visit__leader_id=actor.user_id)
    if actor.role == Role.SUPERVISOR:
        return actor.region_q("visit__town")
    return NOTHING
