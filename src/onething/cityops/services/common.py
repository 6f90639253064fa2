"""What the event services share: the locked event, a step of its timeline with its audit
entry, a move through the lifecycle, and due times."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from onething.core.permissions import Actor, get_visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import snapshot
from onething.core.services.timeline import timeline_step

from ..models import Event, EventStep
from ..rules.events import EVENT_LIFECYCLE, Due, due_at, due_for

AUDIT_FIELDS = ["status", "level", "department", "due_at", "closed_at", "returned_at"]


def locked_event(actor: Actor, number: str) -> Event:
    """The event the actor may see, locked for the change (NotFound otherwise)."""
    event = get_visible(actor, Event.objects.all(), number=number)
    return Event.objects.select_for_update().get(pk=event.pk)


def event_due(level: str, source: str, start: dt.datetime) -> Due | None:
    """When an event of ``level`` from ``source`` is due, counted from ``start`` (local
    time; working days by the official calendar); None when it has no time limit (a
    sensor's value at the normal level)."""
    try:
        limit = due_for(level, source)
    except ValueError:
        return None
    return due_at(timezone.localtime(start), limit, official_calendar())


def step(
    event: Event,
    action: str,
    actor: Actor,
    *,
    note: str = "",
    at: dt.datetime | None = None,
    before: dict | None = None,
) -> EventStep:
    """A line of the event's timeline and its audit entry (``before``: the audited fields
    before the change; None for a new event)."""
    return timeline_step(
        EventStep,
        subject=event,
        action=action,
        actor=actor,
        audit_action=f"city_event.{action}",
        audited=AUDIT_FIELDS,
        before=before,
        note=note,
        at=at,
        event=event,
        status_after=event.status,
    )


def moved(
    event: Event,
    action: str,
    actor: Actor,
    *,
    note: str = "",
    at: dt.datetime | None = None,
    **changes,
) -> Event:
    """Take ``action`` (409 from a status it does not leave, 403 for a role it is not for),
    set ``changes``, save, and write the step and the audit entry."""
    before = snapshot(event, AUDIT_FIELDS)
    event.status = EVENT_LIFECYCLE.target(event.status, action, actor.role, system=actor.is_system)
    for field, value in changes.items():
        setattr(event, field, value)
    event.save()
    step(event, action, actor, note=note, at=at, before=before)
    return event
