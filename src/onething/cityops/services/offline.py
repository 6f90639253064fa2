"""A device gone silent (设备离线): its one open ``offline`` event, opened when the device is
marked offline (services/devices.devices_mark_offline) and closed by the system when it is
heard again (services/ingest, inside the batch's transaction, with the device locked). Like
a sensor event it is a warning with its time limit (rules/events.LIMITS) and goes through
the same closed loop if the centre registers and dispatches it before the device returns."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.permissions import Actor
from onething.core.services.numbering import number_next

from ..models import Device, Event, EventSource
from ..rules.events import CLOSED, REPORTED
from ..rules.thresholds import WARNING
from .common import event_due, moved, step


def _local(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else "—"


def offline_event_open(*, actor: Actor, device: Device, now: dt.datetime) -> Event | None:
    """Open the device's ``offline`` event (a warning, found ``now``); None when one is
    open already (the device went offline again before staff closed the last one)."""
    if (
        Event.objects.filter(device=device, source=EventSource.OFFLINE)
        .exclude(status=CLOSED)
        .exists()
    ):
        return None
    due = event_due(WARNING, EventSource.OFFLINE, now)
    event = Event.objects.create(
        number=number_next(
            series="event", region_code=device.region.code[:6], on=timezone.localdate(now)
        ),
        source=EventSource.OFFLINE,
        device=device,
        level=WARNING,
        title=(_("%(device)s: offline") % {"device": device.name})[:100],
        description=_("Nothing heard from %(device)s since %(time)s.")
        % {"device": device.code, "time": _local(device.last_seen_at)},
        region_id=device.region_id,
        latitude=device.latitude,
        longitude=device.longitude,
        status=REPORTED,
        due_at=due.at if due else None,
        due_provisional=due.provisional if due else False,
        opened_at=now,
    )
    step(
        event,
        "open",
        actor,
        note=_("Silent since %(time)s.") % {"time": _local(device.last_seen_at)},
        at=now,
    )
    return event


def offline_event_close(*, actor: Actor, device: Device, now: dt.datetime) -> Event | None:
    """Close the device's open ``offline`` event, the device being heard ``now``; None
    when it has none."""
    event = (
        Event.objects.select_for_update()
        .filter(device=device, source=EventSource.OFFLINE)
        .exclude(status=CLOSED)
        .first()
    )
    if event is None:
        return None
    return moved(
        event,
        "auto_close",
        actor,
        note=_("Heard again at %(time)s.") % {"time": _local(now)},
        at=now,
        closed_at=now,
        returned_at=now,
    )
