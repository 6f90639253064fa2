"""A device's batch of readings taken in: each bad item refused with its problems (and
counted on the device), the good ones stored once, the per-minute roll-ups added to, the
device marked heard from, and each monitored value's thresholds followed in time order,
opening, raising, lowering and closing its one sensor event.

The device's row is locked first: batches of one device are taken in one after another,
so "which readings are new" (read before the insert) and the roll-ups (read, added to,
written) are exact even when a device retries a batch while the first is still being
taken in. Batches of different devices do not wait for each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record

from ..models import DataFeed, Device, DeviceState, Metric, MinuteRollup, Reading
from ..rules.readings import Bounds, Rollup, reading_problems, rollups
from ..rules.thresholds import Thresholds, crossing, level_of
from .alerts import CLOSED_NOW, OPENED, sensor_crossing

MAX_BATCH = 1000  # readings in one batch
CHUNK = 500  # rows per statement
FEED_TOUCH = dt.timedelta(minutes=1)  # a feed's last_received_at is moved on at most this often
PROBLEMS_NOTED = 20  # problems named in the audit entry of a batch with refused items


@dataclass
class IngestResult:
    """What became of a batch: readings stored (new), repeated (already stored: a retry),
    refused (with every problem, by ``readings.<index>.<field>``), and the events opened,
    changed (raised or lowered) and closed, by number."""

    stored: int = 0
    repeated: int = 0
    rejected: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    events_opened: list[str] = field(default_factory=list)
    events_changed: list[str] = field(default_factory=list)
    events_closed: list[str] = field(default_factory=list)


def device_actor(device: Device) -> Actor:
    """The device acting: the platform itself (it may close its own events), named."""
    return Actor(label=f"device {device.code}", is_system=True)


def _parsed_at(value: Any) -> Any:
    """An ISO 8601 text as a datetime (else the value as it came, for the rules to refuse)."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def _sorted_out(
    items: list, metrics: dict[str, Metric], now: dt.datetime
) -> tuple[list[tuple[Metric, dt.datetime, float]], list[FieldProblem], int]:
    """The batch's good items (metric, time in UTC, value) and every bad item's problems."""
    good, problems, rejected = [], [], 0
    for index, item in enumerate(items):
        prefix = f"readings.{index}."
        if not isinstance(item, dict):
            problems.append(
                FieldProblem(f"readings.{index}", "type", _("Each reading is an object."))
            )
            rejected += 1
            continue
        found: list[FieldProblem] = []
        code = item.get("metric")
        metric = metrics.get(code) if isinstance(code, str) else None
        if metric is None:
            found.append(
                FieldProblem(
                    f"{prefix}metric",
                    "unknown",
                    _("The device has no monitored value %(c)s.") % {"c": str(code)[:40]},
                )
            )
        bounds = Bounds(metric.min_possible, metric.max_possible) if metric else Bounds()
        at = _parsed_at(item.get("at"))
        found += reading_problems(
            item.get("value"), at, now=now, bounds=bounds, field_prefix=prefix
        )
        if found:
            problems += found
            rejected += 1
            continue
        good.append((metric, at.astimezone(dt.UTC), float(item["value"])))
    return good, problems, rejected


def _new_only(
    good: list[tuple[Metric, dt.datetime, float]],
) -> tuple[list[tuple[Metric, dt.datetime, float]], int]:
    """The items not stored yet (nor earlier in the batch), and how many were repeats."""
    stored: set[tuple[int, dt.datetime]] = set()
    for start in range(0, len(good), CHUNK):
        chunk = good[start : start + CHUNK]
        stored |= set(
            Reading.objects.filter(
                metric_id__in={m.pk for m, _at, _v in chunk}, at__in={at for _m, at, _v in chunk}
            ).values_list("metric_id", "at")
        )
    new = []
    for metric, at, value in good:
        key = (metric.pk, at)
        if key not in stored:
            stored.add(key)
            new.append((metric, at, value))
    return new, len(good) - len(new)


def _rollups_added(new: list[tuple[Metric, dt.datetime, float]]) -> None:
    """Each minute's roll-up of each value, added to by the new readings."""
    by_metric: dict[int, list[tuple[dt.datetime, float]]] = {}
    for metric, at, value in new:
        by_metric.setdefault(metric.pk, []).append((at, value))
    rows: list[MinuteRollup] = []
    for metric_id, readings in by_metric.items():
        minutes = rollups(readings)
        earlier = MinuteRollup.objects.filter(metric_id=metric_id, minute__in=list(minutes))
        for row in earlier:
            minutes[row.minute].merge(Rollup(row.count, row.total, row.low, row.high))
        rows += [
            MinuteRollup(
                metric_id=metric_id,
                minute=minute,
                count=r.count,
                total=r.total,
                low=r.low,
                high=r.high,
            )
            for minute, r in minutes.items()
        ]
    MinuteRollup.objects.bulk_create(
        rows,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["metric", "minute"],
        update_fields=["count", "total", "low", "high"],
    )


def _thresholds(metric: Metric) -> Thresholds:
    return Thresholds(
        metric.warning_high,
        metric.alarm_high,
        metric.warning_low,
        metric.alarm_low,
        metric.hysteresis or 0.0,
    )


def _levels_followed(
    actor: Actor,
    device: Device,
    new: list[tuple[Metric, dt.datetime, float]],
    result: IngestResult,
) -> None:
    """Each value's readings newer than its last one, in time order: its level, its event
    and where it stands now. (An older reading, arriving late, is kept for the charts but
    moves nothing: the value's state is its latest reading's.)"""
    by_metric: dict[int, list[tuple[dt.datetime, float]]] = {}
    metrics: dict[int, Metric] = {}
    for metric, at, value in new:
        if metric.last_at is None or at > metric.last_at:
            by_metric.setdefault(metric.pk, []).append((at, value))
            metrics[metric.pk] = metric
    for metric_id, readings in by_metric.items():
        metric = metrics[metric_id]
        thresholds = _thresholds(metric)
        for at, value in sorted(readings):
            after = level_of(value, thresholds, metric.level)
            change = crossing(metric.level, after)
            metric.level = after
            if change is None:
                continue
            done = sensor_crossing(
                actor=actor,
                device=device,
                metric=metric,
                change=change,
                level=after,
                value=value,
                at=at,
            )
            if done is not None:
                what, event = done
                found = {OPENED: result.events_opened, CLOSED_NOW: result.events_closed}
                found.get(what, result.events_changed).append(event.number)
        metric.last_at, metric.last_value = max(readings)
    Metric.objects.bulk_update(list(metrics.values()), ["level", "last_at", "last_value"])


def _device_heard(device: Device, now: dt.datetime, rejected: int) -> None:
    changes: dict[str, Any] = {
        "last_seen_at": now,
        "offline_after": now + dt.timedelta(seconds=device.silent_after),
    }
    if device.state == DeviceState.OFFLINE:
        changes["state"] = DeviceState.ONLINE  # a fault stays a fault until staff clear it
    if rejected:
        changes["rejected_count"] = F("rejected_count") + rejected
    Device.objects.filter(pk=device.pk).update(**changes)
    if device.feed_id:
        DataFeed.objects.filter(
            Q(last_received_at__isnull=True) | Q(last_received_at__lt=now - FEED_TOUCH),
            pk=device.feed_id,
        ).update(last_received_at=now)


@transaction.atomic
def readings_ingest(
    *, device: Device, readings: list, now: dt.datetime | None = None
) -> IngestResult:
    """Take in a batch of readings from ``device``: items ``{"metric": code, "value": x,
    "at": ISO 8601 text or aware datetime}``. Bad items never stop good ones; a batch
    that is no list, or longer than MAX_BATCH, is refused whole (422)."""
    if not isinstance(readings, list):
        raise ValidationFailed.one("readings", "type", _("Send the readings as a list."))
    if len(readings) > MAX_BATCH:
        raise ValidationFailed.one(
            "readings",
            "max_items",
            _("At most %(n)s readings in one batch.") % {"n": MAX_BATCH},
        )
    now = now or clock.now()
    device = (  # locks the device's row alone, not its type's or region's
        Device.objects.select_for_update(of=("self",))
        .select_related("type", "region")
        .get(pk=device.pk)
    )
    if device.state == DeviceState.RETIRED:
        raise Conflict(
            _("Device %(c)s is retired.") % {"c": device.code},
            code="device_retired",
            details={"device": device.code},
        )
    metrics = {m.code: m for m in Metric.objects.select_for_update().filter(device=device)}
    good, problems, rejected = _sorted_out(readings, metrics, now)
    new, repeated = _new_only(good)
    Reading.objects.bulk_create(
        [Reading(metric=m, at=at, value=v, received_at=now) for m, at, v in new],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    result = IngestResult(stored=len(new), repeated=repeated, rejected=rejected, problems=problems)
    _rollups_added(new)
    _levels_followed(device_actor(device), device, new, result)
    _device_heard(device, now, rejected)
    if rejected:
        audit_record(
            actor=device_actor(device),
            action="device.readings_refused",
            subject=device,
            after={"stored": result.stored, "refused": rejected},
            note="; ".join(f"{p.field}: {p.rule}" for p in problems[:PROBLEMS_NOTED]),
        )
    return result


def readings_malformed(*, device_code: str) -> bool:
    """A message that was no batch at all (not JSON, no token, no list of readings),
    counted on the device it names; False when no such device is known."""
    return bool(
        Device.objects.filter(code=device_code or "").update(rejected_count=F("rejected_count") + 1)
    )
