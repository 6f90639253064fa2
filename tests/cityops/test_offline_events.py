"""A device gone silent: marking it offline opens its one ``offline`` event (a warning with
its time limit, audited), a later run opens no second one, and the device heard again
closes it by itself; the command ``cityops_mark_offline`` does what cron runs."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from onething.cityops.models import Device, Event, EventSource
from onething.cityops.rules.events import CLOSED, REPORTED
from onething.cityops.services.devices import devices_mark_offline
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock
from onething.core.models import AuditEntry

from .world import at, build, item

NOW = at("2026-12-04", 10)  # a Friday


def ingest(ops, when, device=None, metric="level"):
    with clock.frozen(when):
        return readings_ingest(
            device=device or ops.gauge, readings=[item(metric, 1.2, when)], now=when
        )


def offline_events(device):
    return Event.objects.filter(device=device, source=EventSource.OFFLINE)


def test_a_silent_device_opens_one_offline_event_closed_when_heard_again(city):
    ops = build(city)
    ingest(ops, NOW)  # online; silent after 10 minutes (its type's interval)
    later = NOW + dt.timedelta(minutes=11)
    assert devices_mark_offline(now=later) == 1
    event = offline_events(ops.gauge).get()
    assert (event.status, event.level, event.metric_id) == (REPORTED, "warning", None)
    assert event.opened_at == later and event.region_id == ops.gauge.region_id
    assert event.due_at is not None and event.due_at > later  # a working day
    assert list(event.steps.values_list("action", flat=True)) == ["open"]
    assert AuditEntry.objects.filter(action="city_event.open", subject_id=str(event.pk)).exists()

    assert devices_mark_offline(now=later + dt.timedelta(hours=1)) == 0  # offline already
    assert offline_events(ops.gauge).count() == 1

    back = later + dt.timedelta(minutes=30)
    result = ingest(ops, back)
    event.refresh_from_db()
    assert event.status == CLOSED and event.closed_at == back and event.returned_at == back
    assert event.steps.last().action == "auto_close"
    assert result.events_closed == [event.number]
    assert Device.objects.get(pk=ops.gauge.pk).state == "online"

    ingest(ops, back + dt.timedelta(minutes=1))  # heard again: nothing more to close
    assert devices_mark_offline(now=back + dt.timedelta(hours=1)) == 1  # silent again
    assert offline_events(ops.gauge).count() == 2
    assert offline_events(ops.gauge).exclude(status=CLOSED).count() == 1


def test_a_device_never_heard_before_has_no_event_to_close(city):
    ops = build(city)
    assert ops.gauge.state == "offline"  # never reported
    result = ingest(ops, NOW)
    assert result.events_closed == [] and not offline_events(ops.gauge).exists()
    assert Device.objects.get(pk=ops.gauge.pk).state == "online"


def test_a_device_has_one_open_offline_event_at_most(city):
    ops = build(city)
    ingest(ops, NOW)
    devices_mark_offline(now=NOW + dt.timedelta(hours=1))
    event = offline_events(ops.gauge).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            number="dup",
            source=EventSource.OFFLINE,
            device=ops.gauge,
            title="x",
            region_id=event.region_id,
            opened_at=NOW,
        )


def test_many_devices_go_offline_in_chunks_each_with_its_event(city):
    ops = build(city)
    ingest(ops, NOW)
    ingest(ops, NOW, device=ops.other, metric="smoke")
    assert devices_mark_offline(now=NOW + dt.timedelta(hours=2), chunk=1) == 2
    assert Event.objects.filter(source=EventSource.OFFLINE).count() == 2
    entry = AuditEntry.objects.get(action="device.mark_offline")
    assert entry.after["count"] == 2


def test_the_command_marks_silent_devices_offline(city):
    ops = build(city)
    ingest(ops, NOW)
    out = StringIO()
    with clock.frozen(NOW + dt.timedelta(hours=1)):
        call_command("cityops_mark_offline", stdout=out)
    assert "devices gone offline: 1" in out.getvalue()
    assert offline_events(ops.gauge).count() == 1
