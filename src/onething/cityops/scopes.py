"""Who sees what of the operations centre (administrators and the system: everything).

- Events: the duty dispatchers and supervisors of the event's region (and above); the
  officers of the department it is dispatched to; a grid inspector the events they
  reported, and those of their grid (the region their account names) to check them.
- Devices (and their values, readings and roll-ups) and video resources: the dispatchers
  and supervisors of their region; the officers of the owning department.
- Data feeds: dispatchers and supervisors of the providing department's region; its
  officers. Device types are a public list of kinds."""

from django.db.models import Q

from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, scope_rule, scope_through

from .models import (
    DataFeed,
    Device,
    DeviceType,
    Event,
    EventPhoto,
    EventStep,
    Metric,
    MinuteRollup,
    Reading,
    VideoResource,
)

OVERSEERS = (Role.DISPATCHER, Role.SUPERVISOR)

scope_rule(DeviceType)(lambda actor: EVERYTHING)


@scope_rule(Event)
def _events(actor: Actor) -> Q:
    if actor.role in OVERSEERS:
        return actor.region_q("region")
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_id=actor.department_id)
    if actor.role == Role.INSPECTOR and actor.user_id:
        mine = Q(reported_by_id=actor.user_id)
        return (mine | actor.region_q("region")) if actor.region_path else mine
    return NOTHING


def _owned(actor: Actor) -> Q:
    """A device's or a camera's: by its region for overseers, its department for officers."""
    if actor.role in OVERSEERS:
        return actor.region_q("region")
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_id=actor.department_id)
    return NOTHING


scope_rule(Device)(_owned)
scope_rule(VideoResource)(_owned)


@scope_rule(DataFeed)
def _feeds(actor: Actor) -> Q:
    if actor.role in OVERSEERS:
        return actor.department_q("department")
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_id=actor.department_id)
    return NOTHING


def _through(model, path: str):
    def rule(actor: Actor) -> Q:
        return scope_through(actor, model, path)

    return rule


scope_rule(Metric)(_through(Device, "device"))
scope_rule(Reading)(_through(Device, "metric__device"))
scope_rule(MinuteRollup)(_through(Device, "metric__device"))
scope_rule(EventStep)(_through(Event, "event"))
scope_rule(EventPhoto)(_through(Event, "event"))
