"""The ingest's writes in bulk, a few statements for a whole call of
``readings_ingest_many`` whatever the number of batches and readings in it.

On PostgreSQL each is one statement over arrays (``unnest``), each array sent as one text
parameter: one statement inserts the readings (``ON CONFLICT DO NOTHING``), adds the new
ones to their minutes' roll-ups in the database (``ON CONFLICT DO UPDATE SET count =
count + EXCLUDED.count …``, no read first) and answers which were stored before; the
monitored values and the devices are updated from arrays. Elsewhere (SQLite, the
embedded default) the ORM does the same in a few more statements: what is stored already
is read first, roll-ups are read and merged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from ..models import Device, DeviceState, Metric, MinuteRollup, Reading
from ..rules.readings import Rollup, rollups

CHUNK = 500  # rows per statement on the ORM's path

Key = tuple[int, dt.datetime]  # a reading's (metric id, time): it is stored once


def _on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _array(values: Iterable) -> str:
    """A PostgreSQL array literal of numbers or ISO 8601 times (no quoting needed): one
    text parameter, cast in SQL, instead of an array the driver writes element by element."""
    return "{" + ",".join(map(str, values)) + "}"


def _new_and_rolled_up(
    rows: list[tuple[int, dt.datetime, float]], received_at: dt.datetime
) -> set[int]:
    """PostgreSQL: one statement stores the rows not stored yet, adds them to their
    minutes' roll-ups and answers the positions of those that were stored before."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH u AS (SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], %s::float8[]) "
            "WITH ORDINALITY AS u(m, a, v, i)), "
            f"ins AS (INSERT INTO {_table(Reading)} (metric_id, at, value, received_at) "
            "SELECT m, a, v, %s FROM u ON CONFLICT DO NOTHING "
            "RETURNING metric_id, at, value), "
            f"rolled AS (INSERT INTO {_table(MinuteRollup)} AS r "
            "(metric_id, minute, count, total, low, high) "
            "SELECT metric_id, date_trunc('minute', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "
            "count(*), sum(value), min(value), max(value) FROM ins GROUP BY 1, 2 "
            "ON CONFLICT (metric_id, minute) DO UPDATE SET "
            "count = r.count + EXCLUDED.count, total = r.total + EXCLUDED.total, "
            "low = LEAST(r.low, EXCLUDED.low), high = GREATEST(r.high, EXCLUDED.high)) "
            "SELECT u.i FROM u LEFT JOIN ins ON ins.metric_id = u.m AND ins.at = u.a "
            "WHERE ins.metric_id IS NULL",
            [
                _array(m for m, _a, _v in rows),
                _array(a.isoformat() for _m, a, _v in rows),
                _array(repr(v) for _m, _a, v in rows),
                received_at,
            ],
        )
        return {i - 1 for (i,) in cursor.fetchall()}


def readings_stored(
    rows: list[tuple[int, dt.datetime, float]], received_at: dt.datetime
) -> set[int]:
    """Store the readings (metric id, time in UTC, value) not stored yet and add them to
    their minutes' roll-ups; the positions in ``rows`` of those stored before (repeats).
    ``rows`` hold no key twice."""
    if not rows:
        return set()
    if _on_postgres():
        return _new_and_rolled_up(rows, received_at)
    stored: set[Key] = set()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        stored |= set(
            Reading.objects.filter(
                metric_id__in={m for m, _at, _v in chunk}, at__in={at for _m, at, _v in chunk}
            ).values_list("metric_id", "at")
        )
    repeated = {i for i, (m, at, _v) in enumerate(rows) if (m, at) in stored}
    new = [row for i, row in enumerate(rows) if i not in repeated]
    Reading.objects.bulk_create(
        [Reading(metric_id=m, at=at, value=v, received_at=received_at) for m, at, v in new],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    _rollups_add(new)
    return repeated


def _minutes(
    rows: Iterable[tuple[int, dt.datetime, float]],
) -> dict[tuple[int, dt.datetime], Rollup]:
    by_metric: dict[int, list[tuple[dt.datetime, float]]] = {}
    for metric_id, at, value in rows:
        by_metric.setdefault(metric_id, []).append((at, value))
    return {
        (metric_id, minute): rollup
        for metric_id, readings in by_metric.items()
        for minute, rollup in rollups(readings).items()
    }


def _rollups_add(rows: list[tuple[int, dt.datetime, float]]) -> None:
    """Each minute's roll-up of each value, added to by the new readings (metric id,
    time in UTC, value): read, merged, written (the ORM's path)."""
    minutes = _minutes(rows)
    if not minutes:
        return
    earlier = MinuteRollup.objects.filter(
        metric_id__in={m for m, _minute in minutes},
        minute__in={minute for _m, minute in minutes},
    )
    for row in earlier:
        found = minutes.get((row.metric_id, row.minute))
        if found is not None:
            found.merge(Rollup(row.count, row.total, row.low, row.high))
    MinuteRollup.objects.bulk_create(
        [
            MinuteRollup(
                metric_id=metric_id,
                minute=minute,
                count=r.count,
                total=r.total,
                low=r.low,
                high=r.high,
            )
            for (metric_id, minute), r in minutes.items()
        ],
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["metric", "minute"],
        update_fields=["count", "total", "low", "high"],
    )


def metrics_update(metrics: list[Metric]) -> None:
    """Where each value stands now: its level, last time and value."""
    if not metrics:
        return
    if _on_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_table(Metric)} AS m SET level = u.level, last_at = u.last_at, "
                "last_value = u.last_value FROM unnest(%s::bigint[], %s::text[], "
                "%s::timestamptz[], %s::float8[]) AS u(id, level, last_at, last_value) "
                "WHERE m.id = u.id",
                [
                    _array(m.pk for m in metrics),
                    [m.level for m in metrics],
                    _array(m.last_at.isoformat() for m in metrics),
                    _array(repr(m.last_value) for m in metrics),
                ],
            )
        return
    Metric.objects.bulk_update(metrics, ["level", "last_at", "last_value"], batch_size=CHUNK)


def devices_heard(devices: list[Device], now: dt.datetime) -> None:
    """The devices heard from ``now``: last seen, when they go silent if nothing more
    comes (``now`` + each one's interval), and online again if they were offline (a fault
    stays a fault until staff clear it)."""
    if not devices:
        return
    ids = [d.pk for d in devices]
    silent = [now + dt.timedelta(seconds=d.silent_after) for d in devices]
    if _on_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_table(Device)} AS d SET last_seen_at = %s, offline_after = u.silent, "
                "state = CASE WHEN d.state = %s THEN %s ELSE d.state END "
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS u(id, silent) "
                "WHERE d.id = u.id",
                [
                    now,
                    DeviceState.OFFLINE,
                    DeviceState.ONLINE,
                    _array(ids),
                    _array(t.isoformat() for t in silent),
                ],
            )
        return
    for device, offline_after in zip(devices, silent, strict=True):
        device.last_seen_at, device.offline_after = now, offline_after
    Device.objects.bulk_update(devices, ["last_seen_at", "offline_after"], batch_size=CHUNK)
    Device.objects.filter(pk__in=ids, state=DeviceState.OFFLINE).update(state=DeviceState.ONLINE)
