"""Devices' batches of readings taken in: each bad item refused with its problems (and
counted on the device), the good ones stored once, the per-minute roll-ups added to, the
device marked heard from (its ``offline`` event closed if it had one), and each monitored
value's thresholds followed in time order, opening, raising, lowering and closing its one
sensor event.

``readings_ingest`` takes one batch (the HTTP API); ``readings_ingest_many`` takes many
batches, of one device or several, in one transaction with a few statements for all of
them (services/ingest_sql.py): the MQTT ingester gives it every message that arrived
while the last call ran, so that a few hundred messages cost about what one does.

The devices' rows are locked first, in the order of their ids: batches of one device are
taken in one after another, so "which readings are new" and the roll-ups are exact even
when a device retries a batch while the first is still being taken in, and two calls
locking several devices never wait for each other in a circle. Batches of different
devices in different calls do not wait for each other."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, DomainError, FieldProblem, NotFound, ValidationFailed
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record

from ..models import DataFeed, Device, DeviceState, Metric
from ..rules.readings import MAX_AGE, MAX_AHEAD, Bounds, reading_problems
from ..rules.thresholds import NORMAL, Thresholds, crossing, level_of
from .alerts import CLOSED_NOW, OPENED, sensor_crossing
from .ingest_sql import devices_heard, metrics_update, readings_stored
from .offline import offline_event_close

MAX_BATCH = 1000  # readings in one batch
FEED_TOUCH = dt.timedelta(minutes=1)  # a feed's last_received_at is moved on at most this often
PROBLEMS_NOTED = 20  # problems named in the audit entry of a batch with refused items
FINITE = 1e300  # a value past this is judged by the rules (NaN, infinite, a huge integer)

Good = tuple[Metric, dt.datetime, float]  # a reading that can be taken in


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
) -> tuple[list[Good], list[FieldProblem], int]:
    """The batch's good items (metric, time in UTC, value) and every bad item's problems.
    An item plainly good (a float or int within bounds, an aware time within the window)
    is taken at once; any other is judged by ``rules.readings.reading_problems``."""
    good, problems, rejected = [], [], 0
    limits: dict[str, tuple[float, float]] = {}
    newest, oldest = now + MAX_AHEAD, now - MAX_AGE
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(
                FieldProblem(f"readings.{index}", "type", _("Each reading is an object."))
            )
            rejected += 1
            continue
        code, value = item.get("metric"), item.get("value")
        metric = metrics.get(code) if isinstance(code, str) else None
        at = _parsed_at(item.get("at"))
        if metric is not None and type(value) in (float, int) and type(at) is dt.datetime:
            low, high = limits.get(code) or limits.setdefault(code, _limits(metric))
            if (
                -FINITE < value < FINITE  # neither NaN nor infinite
                and low <= value <= high
                and at.tzinfo is not None
                and at.utcoffset() is not None
                and oldest <= at <= newest
            ):
                good.append((metric, at.astimezone(dt.UTC), float(value)))
                continue
        found = _problems(index, code, metric, value, at, now)
        if found:
            problems += found
            rejected += 1
        else:
            good.append((metric, at.astimezone(dt.UTC), float(value)))
    return good, problems, rejected


def _limits(metric: Metric) -> tuple[float, float]:
    low, high = metric.min_possible, metric.max_possible
    return (-math.inf if low is None else low, math.inf if high is None else high)


def _problems(
    index: int, code: Any, metric: Metric | None, value: Any, at: Any, now: dt.datetime
) -> list[FieldProblem]:
    prefix = f"readings.{index}."
    found = []
    if metric is None:
        found.append(
            FieldProblem(
                f"{prefix}metric",
                "unknown",
                _("The device has no monitored value %(c)s.") % {"c": str(code)[:40]},
            )
        )
    bounds = Bounds(metric.min_possible, metric.max_possible) if metric else Bounds()
    return found + reading_problems(value, at, now=now, bounds=bounds, field_prefix=prefix)


def _thresholds(metric: Metric) -> Thresholds:
    return Thresholds(
        metric.warning_high,
        metric.alarm_high,
        metric.warning_low,
        metric.alarm_low,
        metric.hysteresis or 0.0,
    )


def _any_threshold(thresholds: Thresholds) -> bool:
    return any(
        limit is not None
        for limit in (
            thresholds.warning_high,
            thresholds.alarm_high,
            thresholds.warning_low,
            thresholds.alarm_low,
        )
    )


def _levels_followed(
    actor: Actor, device: Device, new: list[Good], result: IngestResult
) -> dict[int, Metric]:
    """Each value's readings newer than its last one, in time order: its level, its event
    and where it stands now; the values moved on. (An older reading, arriving late, is
    kept for the charts but moves nothing: the value's state is its latest reading's.)"""
    by_metric: dict[int, list[tuple[dt.datetime, float]]] = {}
    metrics: dict[int, Metric] = {}
    for metric, at, value in new:
        if metric.last_at is None or at > metric.last_at:
            by_metric.setdefault(metric.pk, []).append((at, value))
            metrics[metric.pk] = metric
    for metric_id, readings in by_metric.items():
        metric = metrics[metric_id]
        thresholds = _thresholds(metric)
        readings.sort()
        if metric.level == NORMAL and not _any_threshold(thresholds):
            metric.last_at, metric.last_value = readings[-1]
            continue  # nothing to cross
        for at, value in readings:
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
        metric.last_at, metric.last_value = readings[-1]
    return metrics


def _refusal(readings: Any) -> DomainError | None:
    """Why a batch is refused whole: it is no list, or longer than MAX_BATCH."""
    if not isinstance(readings, list):
        return ValidationFailed.one("readings", "type", _("Send the readings as a list."))
    if len(readings) > MAX_BATCH:
        return ValidationFailed.one(
            "readings",
            "max_items",
            _("At most %(n)s readings in one batch.") % {"n": MAX_BATCH},
        )
    return None


def _heard(
    devices: dict[int, Device], rejected: dict[int, int], now: dt.datetime
) -> dict[int, str]:
    """The devices heard from: last seen, online again, refusals counted, their offline
    events closed (the numbers, by device), their feeds touched (at most once a minute)."""
    heard = list(devices.values())
    devices_heard(heard, now)
    for device_id, count in rejected.items():
        if count:
            Device.objects.filter(pk=device_id).update(rejected_count=F("rejected_count") + count)
    closed = {}
    for device in heard:
        if device.state != DeviceState.ONLINE:  # offline (or a fault) until now
            event = offline_event_close(actor=device_actor(device), device=device, now=now)
            if event is not None:
                closed[device.pk] = event.number
    feeds = sorted({d.feed_id for d in heard if d.feed_id})
    if feeds:
        DataFeed.objects.filter(
            Q(last_received_at__isnull=True) | Q(last_received_at__lt=now - FEED_TOUCH),
            pk__in=feeds,
        ).update(last_received_at=now)
    return closed


def _audited(device: Device, result: IngestResult) -> None:
    audit_record(
        actor=device_actor(device),
        action="device.readings_refused",
        subject=device,
        after={"stored": result.stored, "refused": result.rejected},
        note="; ".join(f"{p.field}: {p.rule}" for p in result.problems[:PROBLEMS_NOTED]),
    )


def readings_ingest_many(
    *, batches: list[tuple[Device, Any]], now: dt.datetime | None = None
) -> list[IngestResult | DomainError]:
    """Take in several batches (device, items as for :func:`readings_ingest`) in one
    transaction: what became of each, in order: its result, or why it was refused whole
    (no list, too long: 422; a retired device: 409; a device gone: 404). A refused batch
    never stops the others."""
    now = now or clock.now()
    out: list[IngestResult | DomainError | None] = [_refusal(items) for _d, items in batches]
    wanted = sorted(
        {device.pk for (device, _i), done in zip(batches, out, strict=True) if done is None}
    )
    if not wanted:
        return out  # type: ignore[return-value]
    with transaction.atomic():
        devices = _locked(batches, wanted)
        metrics: dict[int, dict[str, Metric]] = {pk: {} for pk in devices}
        for metric in (
            Metric.objects.select_for_update().filter(device_id__in=wanted).order_by("pk")
        ):
            metrics[metric.device_id][metric.code] = metric
        rows: list[tuple[int, dt.datetime, float]] = []
        seen: set[tuple[int, dt.datetime]] = set()
        taken: list[tuple[Device, IngestResult, list[tuple[int, Good]], int]] = []
        rejected: dict[int, int] = {}
        for index, (given, items) in enumerate(batches):
            if out[index] is not None:
                continue
            device = devices.get(given.pk)
            if device is None or device.state == DeviceState.RETIRED:
                out[index] = _gone(given, device)
                continue
            good, problems, refused = _sorted_out(items, metrics[device.pk], now)
            first = []
            for metric, at, value in good:
                key = (metric.id, at)
                if key not in seen:  # else repeated in the batch, or the call
                    seen.add(key)
                    first.append((len(rows), (metric, at, value)))
                    rows.append((metric.id, at, value))
            result = IngestResult(rejected=refused, problems=problems)
            rejected[device.pk] = rejected.get(device.pk, 0) + refused
            taken.append((device, result, first, len(good)))
            out[index] = result
        repeated = readings_stored(rows, now)
        moved: dict[int, Metric] = {}
        for device, result, first, good_count in taken:
            new = [reading for index, reading in first if index not in repeated]
            result.stored, result.repeated = len(new), good_count - len(new)
            moved.update(_levels_followed(device_actor(device), device, new, result))
        metrics_update(list(moved.values()))
        heard = {device.pk: device for device, *_rest in taken}
        closed = _heard(heard, rejected, now)
        if closed:  # told in the device's first batch of the call
            first_result = {device.pk: result for device, result, *_r in reversed(taken)}
            for device_id, number in closed.items():
                first_result[device_id].events_closed.append(number)
        for device, result, *_rest in taken:
            if result.rejected:
                _audited(device, result)
    return out  # type: ignore[return-value]


def _locked(batches: list[tuple[Device, Any]], wanted: list[int]) -> dict[int, Device]:
    """The devices' rows locked (alone, not their types' or regions'), by id. The
    devices as given (with their type and region) serve, with what may have changed since
    read again under the lock: the state, the interval, the feed."""
    given = {device.pk: device for device, _items in batches}
    found = {}
    for pk, state, silent_after, feed_id in (
        Device.objects.select_for_update()
        .filter(pk__in=wanted)
        .order_by("pk")
        .values_list("pk", "state", "silent_after_seconds", "feed_id")
    ):
        device = found[pk] = given[pk]
        device.state, device.silent_after_seconds, device.feed_id = state, silent_after, feed_id
    return found


def _gone(given: Device, device: Device | None) -> DomainError:
    if device is None:
        return NotFound(_("Unknown device %(c)s.") % {"c": given.code})
    return Conflict(
        _("Device %(c)s is retired.") % {"c": device.code},
        code="device_retired",
        details={"device": device.code},
    )


def readings_ingest(
    *, device: Device, readings: list, now: dt.datetime | None = None
) -> IngestResult:
    """Take in a batch of readings from ``device``: items ``{"metric": code, "value": x,
    "at": ISO 8601 text or aware datetime}``. Bad items never stop good ones; a batch
    that is no list, or longer than MAX_BATCH, is refused whole (422); a retired device's
    (409)."""
    result = readings_ingest_many(batches=[(device, readings)], now=now)[0]
    if isinstance(result, DomainError):
        raise result
    return result


def readings_malformed(*, device_code: str) -> bool:
    """A message that was no batch at all (not JSON, no token, no list of readings),
    counted on the device it names; False when no such device is known."""
    return bool(
        Device.objects.filter(code=device_code or "").update(rejected_count=F("rejected_count") + 1)
    )
