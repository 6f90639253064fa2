"""What a monitored value's change of level does to its one sensor event (called by the
ingest, inside its transaction, with the device locked): ``open`` it, ``raise`` or
``lower`` its level, ``close`` it by itself once the value is back to normal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.permissions import Actor
from onething.core.services.audit import snapshot
from onething.core.services.numbering import number_next

from ..models import Device, Event, EventSource, Metric
from ..rules.events import CLOSED, REPORTED
from ..rules.thresholds import CLOSE, LEVEL_LABELS, LOWER, RAISE, is_higher
from .common import AUDIT_FIELDS, event_due, moved, step

OPENED, CHANGED, CLOSED_NOW = "opened", "changed", "closed"


def _open_event(metric: Metric) -> Event | None:
    return (
        Event.objects.select_for_update()
        .filter(metric=metric, source=EventSource.SENSOR)
        .exclude(status=CLOSED)
        .first()
    )


def _value_text(metric: Metric, value: float) -> str:
    return f"{value:g} {metric.unit}".strip()


def sensor_crossing(
    *,
    actor: Actor,
    device: Device,
    metric: Metric,
    change: str,
    level: str,
    value: float,
    at: dt.datetime,
) -> tuple[str, Event] | None:
    """Apply ``change`` (thresholds.crossing) of ``metric`` to ``level`` by a reading of
    ``value`` taken ``at``: what happened to which event (opened, changed, closed), or None
    when there was no open event to change."""
    event = _open_event(metric)
    if change == CLOSE:
        if event is None:
            return None
        moved(
            event,
            "auto_close",
            actor,
            note=_("Back to normal: %(v)s.") % {"v": _value_text(metric, value)},
            closed_at=clock.now(),
            returned_at=at,
        )
        return CLOSED_NOW, event
    if event is None:
        if change == LOWER:
            return None  # closed by hand meanwhile: a lower level opens nothing
        return OPENED, _opened(actor, device, metric, level, value, at)
    if event.level != level:
        before = snapshot(event, AUDIT_FIELDS)
        action = RAISE if is_higher(level, event.level) else LOWER
        event.level = level
        if action == RAISE:
            due = event_due(level, EventSource.SENSOR, at)
            if due is not None and (event.due_at is None or due.at < event.due_at):
                event.due_at, event.due_provisional = due.at, due.provisional
        event.save(update_fields=["level", "due_at", "due_provisional"])
        step(
            event,
            action,
            actor,
            note=_("%(level)s: %(v)s.")
            % {"level": LEVEL_LABELS[level], "v": _value_text(metric, value)},
            at=at,
            before=before,
        )
        return CHANGED, event
    return None


def _opened(
    actor: Actor, device: Device, metric: Metric, level: str, value: float, at: dt.datetime
) -> Event:
    due = event_due(level, EventSource.SENSOR, at)
    event = Event.objects.create(
        number=number_next(
            series="event", region_code=device.region.code[:6], on=timezone.localdate(at)
        ),
        source=EventSource.SENSOR,
        metric=metric,
        device=device,
        level=level,
        title=(
            _("%(device)s: %(metric)s %(level)s")
            % {"device": device.name, "metric": metric.name, "level": LEVEL_LABELS[level]}
        )[:100],
        description=_("%(metric)s read %(v)s at %(time)s.")
        % {
            "metric": metric.name,
            "v": _value_text(metric, value),
            "time": f"{timezone.localtime(at):%Y-%m-%d %H:%M:%S}",
        },
        region_id=device.region_id,
        latitude=device.latitude,
        longitude=device.longitude,
        status=REPORTED,
        due_at=due.at if due else None,
        due_provisional=due.provisional if due else False,
        opened_at=at,
    )
    step(
        event,
        "open",
        actor,
        note=_("%(level)s: %(v)s.")
        % {"level": LEVEL_LABELS[level], "v": _value_text(metric, value)},
        at=at,
    )
    return event
