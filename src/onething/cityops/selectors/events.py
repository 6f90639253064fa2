"""Events as the actor may see them: lists newest first (keyset-friendly: opened_at, id),
one event with its timeline and photos, and an event's deadline state."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.deadlines import ANSWERED
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, get_visible, visible

from ..models import Event, EventSource
from ..rules.events import (
    CLOSED,
    OPEN_STATUSES,
    STATUSES,
    WARNING_BEFORE,
    WORKING_DAYS,
    action_label,
    deadline_state,
    due_for,
)
from ..rules.thresholds import LEVELS

# the steps that are no move of the lifecycle
STEP_LABELS = {
    "report": gettext_lazy("Reported by an inspector"),
    "open": gettext_lazy("Opened by a sensor"),
    "raise": gettext_lazy("Level raised"),
    "lower": gettext_lazy("Level lowered"),
}


def step_label(action: str) -> str:
    """What a step of an event's timeline is called on a page."""
    label = STEP_LABELS.get(action)
    return str(label) if label else action_label(action)


def _base() -> QuerySet[Event]:
    return Event.objects.select_related("region", "department", "device", "metric")


def _choice(field: str, value: str, allowed) -> FieldProblem | None:
    if not value or value in allowed:
        return None
    return FieldProblem(field, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(allowed)})


def events_list(
    actor: Actor,
    *,
    status: str = "",
    source: str = "",
    level: str = "",
    department_code: str = "",
    open_only: bool = False,
    mine: bool = False,
    part: int | None = None,
) -> QuerySet[Event]:
    """The events the actor sees, newest first (``-opened_at, -id``); ``mine``: those the
    actor reported; ``open_only``: not closed."""
    problems = [
        _choice("status", status, STATUSES),
        _choice("source", source, EventSource.values),
        _choice("level", level, LEVELS),
    ]
    if any(problems):
        raise ValidationFailed([p for p in problems if p is not None])
    events = visible(actor, _base(), part)
    if status:
        events = events.filter(status=status)
    if open_only:
        events = events.filter(status__in=OPEN_STATUSES)
    if source:
        events = events.filter(source=source)
    if level:
        events = events.filter(level=level)
    if department_code:
        events = events.filter(department__code=department_code)
    if mine:
        events = events.filter(reported_by_id=actor.user_id)
    return events.order_by("-opened_at", "-id")


def event_get(actor: Actor, number: str) -> Event:
    """One event with its timeline (steps) and photos; 404 outside the actor's scope."""
    return get_visible(
        actor,
        _base().prefetch_related("steps__actor", "photos"),
        number=number,
    )


def event_deadline(event: Event, now: dt.datetime | None = None) -> str | None:
    """core/deadlines.py's state of an event against its due time: ``answered`` once
    closed, None with no due time."""
    if event.status == CLOSED:
        return ANSWERED
    if event.due_at is None:
        return None
    try:
        unit, _n = due_for(event.level, event.source)
    except ValueError:
        unit = WORKING_DAYS
    return deadline_state(event.due_at, now or clock.now(), WARNING_BEFORE[unit])
