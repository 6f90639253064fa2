"""Readings taken in (readings_ingest): stored once, bad items refused by field and counted,
roll-ups per minute, each value's thresholds opening, raising, lowering and closing ONE
sensor event; device tokens; silent devices marked offline."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, transaction

from onething.cityops.models import (
    DataFeed,
    Device,
    Event,
    EventSource,
    Metric,
    MinuteRollup,
    Reading,
)
from onething.cityops.rules.events import EVENT_LIFECYCLE, KINDS, STATUSES
from onething.cityops.selectors import device_by_token
from onething.cityops.services.devices import device_token_issue, devices_mark_offline
from onething.cityops.services.ingest import readings_ingest
from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry

from .world import at, build, item

NOW = at("2026-12-04", 10)  # a Friday


def ingest(ops, readings, now=NOW, device=None):
    with clock.frozen(now):
        return readings_ingest(device=device or ops.gauge, readings=readings, now=now)


def minute(day_hour_minute: dt.datetime) -> dt.datetime:
    return day_hour_minute.astimezone(dt.UTC).replace(second=0, microsecond=0)


def test_the_models_speak_the_rules_words():
    assert set(EventSource.values) == set(KINDS)
    assert set(STATUSES) == EVENT_LIFECYCLE.states


def test_a_batch_is_stored_rolled_up_and_the_device_heard(city):
    ops = build(city)
    t = NOW - dt.timedelta(minutes=5)
    result = ingest(
        ops,
        [
            item("level", 1.5, t),
            item("level", 1.7, t + dt.timedelta(seconds=20)),
            item("rain", 0.4, t + dt.timedelta(seconds=30)),
            item("level", 1.6, t + dt.timedelta(minutes=1)),
        ],
    )
    assert (result.stored, result.repeated, result.rejected) == (4, 0, 0)
    assert result.problems == [] and result.events_opened == []
    assert Reading.objects.filter(metric=ops.level).count() == 3
    first = MinuteRollup.objects.get(metric=ops.level, minute=minute(t))
    assert (first.count, first.low, first.high) == (2, 1.5, 1.7)
    assert first.total == pytest.approx(3.2) and first.mean == pytest.approx(1.6)
    assert MinuteRollup.objects.filter(metric=ops.rain).count() == 1
    device = ops.fresh()
    assert (device.state, device.last_seen_at) == ("online", NOW)
    assert device.offline_after == NOW + dt.timedelta(seconds=600)  # its type's interval
    level = Metric.objects.get(pk=ops.level.pk)
    assert (level.last_value, level.last_at, level.level) == (
        1.6,
        t + dt.timedelta(minutes=1),
        "normal",
    )
    assert DataFeed.objects.get(pk=ops.feed.pk).last_received_at == NOW
    # a good batch is data, not a decision: no audit entry
    assert not AuditEntry.objects.filter(subject_type="cityops.device").exists()


def test_bad_items_are_refused_by_field_counted_and_never_stop_good_ones(city):
    ops = build(city)
    t = NOW - dt.timedelta(minutes=1)
    result = ingest(
        ops,
        [
            item("level", 1.2, t),
            item("pressure", 1.0, t),  # no such value on the device
            item("level", "high", t),  # not a number
            item("level", 1.0, "2026-12-04T09:59:00"),  # no time zone
            item("level", 1.0, NOW + dt.timedelta(hours=1)),  # in the future
            item("level", 25.0, t),  # beyond what the gauge can read (0–20 m)
            "1.0",  # not an object
            item("level", True, "yesterday"),  # two problems, one item
            item("rain", 0.0, t),
        ],
    )
    assert (result.stored, result.rejected) == (2, 7)
    fields = {(p.field, p.rule) for p in result.problems}
    assert fields == {
        ("readings.1.metric", "unknown"),
        ("readings.2.value", "type"),
        ("readings.3.at", "naive"),
        ("readings.4.at", "future"),
        ("readings.5.value", "range"),
        ("readings.6", "type"),
        ("readings.7.value", "type"),
        ("readings.7.at", "type"),
    }
    assert ops.fresh().rejected_count == 7
    ingest(ops, [item("level", -1, t)])
    assert ops.fresh().rejected_count == 8  # counted on, batch after batch
    entry = AuditEntry.objects.filter(action="device.readings_refused").order_by("id").first()
    assert entry.after == {"stored": 2, "refused": 7} and "readings.1.metric: unknown" in entry.note


def test_a_batch_that_is_no_list_or_too_long_is_refused_whole(city):
    ops = build(city)
    with pytest.raises(ValidationFailed) as refused:
        ingest(ops, {"metric": "level"})
    assert refused.value.problems[0].field == "readings"
    with pytest.raises(ValidationFailed):
        ingest(ops, [item("level", 1, NOW)] * 1001)


def test_a_retried_batch_is_stored_once(city):
    ops = build(city)
    t = NOW - dt.timedelta(minutes=2)
    batch = [item("level", 1.0 + i / 10, t + dt.timedelta(seconds=10 * i)) for i in range(3)]
    assert ingest(ops, batch).stored == 3
    again = ingest(ops, [*batch, batch[0]])  # the retry, and a repeat inside it
    assert (again.stored, again.repeated, again.rejected) == (0, 4, 0)
    assert Reading.objects.filter(metric=ops.level).count() == 3
    rollup = MinuteRollup.objects.get(metric=ops.level, minute=minute(t))
    assert rollup.count == 3  # not added to twice
    # the same moment written another way (UTC) is the same reading
    utc = dt.datetime.fromisoformat(batch[1]["at"]).astimezone(dt.UTC).isoformat()
    assert ingest(ops, [item("level", 9.9, utc)]).repeated == 1
    # one more new reading in the same minute adds to its roll-up
    extra = ingest(ops, [item("level", 0.5, t + dt.timedelta(seconds=45))])
    assert extra.stored == 1
    rollup.refresh_from_db()
    assert (rollup.count, rollup.low, rollup.high) == (4, 0.5, 1.2)


def test_a_value_over_its_threshold_opens_one_event_for_many_readings(city):
    ops = build(city)
    t = NOW - dt.timedelta(minutes=10)
    readings = [
        item("level", v, t + dt.timedelta(minutes=i))
        for i, v in enumerate([2.0, 3.05, 3.2, 3.3, 3.1])
    ]
    result = ingest(ops, readings)
    assert len(result.events_opened) == 1 and result.events_changed == []
    assert ingest(ops, [item("level", 3.25, NOW)]).events_opened == []  # still one
    event = Event.objects.get()
    assert (event.source, event.status, event.level) == ("sensor", "reported", "warning")
    assert (event.metric_id, event.device_id, event.region.code) == (
        ops.level.pk,
        ops.gauge.pk,
        "320211102",
    )
    opened = t + dt.timedelta(minutes=1)  # the reading that crossed
    assert event.opened_at == opened
    # a sensor's warning: due within 1 working day (Friday → Monday, same time)
    assert event.due_at == at("2026-12-07", 9, 51) and event.due_provisional is False
    assert event.number.startswith("SJ320211-20261204-")
    assert [s.action for s in event.steps.all()] == ["open"]
    assert event.steps.get().actor_id is None  # the system
    assert AuditEntry.objects.filter(action="city_event.open", subject_id=str(event.pk)).exists()
    assert Metric.objects.get(pk=ops.level.pk).level == "warning"


def test_the_level_follows_the_value_and_the_event_closes_by_itself(city):
    ops = build(city)
    t = NOW - dt.timedelta(minutes=30)
    values = [3.1, 3.6, 3.45, 3.3, 2.95, 2.0]
    #         open  raise hold  lower hold(hysteresis) close
    result = ingest(
        ops, [item("level", v, t + dt.timedelta(minutes=i)) for i, v in enumerate(values)]
    )
    (number,) = result.events_opened
    assert result.events_changed == [number, number] and result.events_closed == [number]
    event = Event.objects.get(number=number)
    steps = list(event.steps.values_list("action", "status_after"))
    assert steps == [
        ("open", "reported"),
        ("raise", "reported"),
        ("lower", "reported"),
        ("auto_close", "closed"),
    ]
    assert (event.status, event.level) == ("closed", "warning")
    assert event.returned_at == t + dt.timedelta(minutes=5)
    assert event.closed_at == NOW
    # raised to an alarm: due within 2 hours of the reading that raised it
    assert event.due_at == t + dt.timedelta(minutes=1, hours=2)
    actions = set(
        AuditEntry.objects.filter(
            subject_id=str(event.pk), subject_type="cityops.event"
        ).values_list("action", flat=True)
    )
    assert actions == {f"city_event.{a}" for a in ("open", "raise", "lower", "auto_close")}
    # over the threshold again: a new event, the closed one stays closed
    again = ingest(ops, [item("level", 3.7, NOW)])
    assert len(again.events_opened) == 1 and again.events_opened != [number]
    assert Event.objects.filter(metric=ops.level).count() == 2
    assert Event.objects.filter(metric=ops.level).exclude(status="closed").count() == 1
    assert Event.objects.get(number=again.events_opened[0]).level == "alarm"


def test_a_late_reading_is_kept_but_moves_nothing(city):
    ops = build(city)
    ingest(ops, [item("level", 1.0, NOW)])
    late = ingest(ops, [item("level", 4.0, NOW - dt.timedelta(minutes=10))])
    assert late.stored == 1 and late.events_opened == []
    level = Metric.objects.get(pk=ops.level.pk)
    assert (level.level, level.last_value, level.last_at) == ("normal", 1.0, NOW)


def test_at_most_one_open_sensor_event_per_value(city):
    ops = build(city)
    ingest(ops, [item("level", 3.2, NOW)])
    event = Event.objects.get()
    copy = {
        f.name: getattr(event, f.name)
        for f in Event._meta.concrete_fields
        if f.name not in ("id", "number")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(number="EV-COPY-1", **copy)
    # a closed one beside it is fine, and so are events without a value (inspectors')
    Event.objects.create(number="EV-COPY-2", **{**copy, "status": "closed"})
    for n in (3, 4):
        Event.objects.create(
            number=f"EV-COPY-{n}", **{**copy, "source": "inspector", "metric": None}
        )


def test_a_retired_device_is_refused(city):
    ops = build(city)
    Device.objects.filter(pk=ops.gauge.pk).update(state="retired")
    with pytest.raises(Conflict):
        ingest(ops, [item("level", 1.0, NOW)])


def test_a_fault_stays_a_fault_when_data_comes(city):
    ops = build(city)
    Device.objects.filter(pk=ops.gauge.pk).update(state="fault")
    ingest(ops, [item("level", 1.0, NOW)])
    assert ops.fresh().state == "fault"


def test_a_device_token_is_shown_once_and_kept_as_a_keyed_hash(city):
    ops = build(city)
    admin = city.actor("admin")
    with pytest.raises(PermissionDenied):
        device_token_issue(actor=city.actor("dispatcher"), device_code=ops.gauge.code)
    with pytest.raises(ValidationFailed):
        device_token_issue(actor=admin, device_code="NOPE")
    token = device_token_issue(actor=admin, device_code=ops.gauge.code)
    digest = ops.fresh().token_digest
    assert token.startswith("dv_") and token not in digest
    assert digest != hashlib.sha256(token.encode()).hexdigest()  # keyed, not a plain hash
    assert device_by_token(token).pk == ops.gauge.pk
    assert device_by_token("dv_guess") is None and device_by_token("") is None
    newer = device_token_issue(actor=admin, device_code=ops.gauge.code)
    assert device_by_token(token) is None and device_by_token(newer).pk == ops.gauge.pk
    entry = AuditEntry.objects.filter(action="device.token_issue").order_by("-id").first()
    assert entry.after == {"replaced": True} and newer not in str(entry.after)
    Device.objects.filter(pk=ops.gauge.pk).update(state="retired")
    assert device_by_token(newer) is None


def test_silent_devices_go_offline_each_by_its_own_interval(city):
    ops = build(city)
    ingest(ops, [item("level", 1.0, NOW)])  # the gauge: 600 s, its type's
    Device.objects.filter(pk=ops.other.pk).update(silent_after_seconds=3600)
    ingest(ops, [item("smoke", 1.0, NOW)], device=ops.other)  # its own: an hour
    later = NOW + dt.timedelta(minutes=11)
    with clock.frozen(later):
        assert devices_mark_offline() == 1
    assert ops.fresh().state == "offline" and ops.fresh(ops.other).state == "online"
    entry = AuditEntry.objects.get(action="device.mark_offline")
    assert entry.after == {"count": 1, "devices": ["WL-HD-001"]}
    with clock.frozen(later):
        assert devices_mark_offline() == 0  # nothing more, and no entry
    assert AuditEntry.objects.filter(action="device.mark_offline").count() == 1
    assert devices_mark_offline(now=NOW + dt.timedelta(hours=2)) == 1
    ingest(ops, [item("level", 1.1, later)], now=later)
    assert ops.fresh().state == "online"  # heard again
