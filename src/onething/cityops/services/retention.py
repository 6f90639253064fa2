"""Keeping the readings as configured: readings older than ``ONETHING_READINGS_KEEP_DAYS``
and minute roll-ups older than ``ONETHING_ROLLUPS_KEEP_DAYS`` (longer: the charts of past
years read them) are deleted by ``python -m onething cityops_prune``, run daily (cron,
docs/deploy.md).

Never one giant transaction: the readings go by time windows (``WINDOW``, from the oldest
reading up to the cut-off: a range on ``at``, which PostgreSQL's BRIN index serves), each
window in transactions of at most ``CHUNK`` rows; past an empty window the next reading is
found again (from each monitored value's first reading, through the unique (metric, at)
index), so a gap of months costs one look-up, not one query per window. The roll-ups go
by groups of monitored values (their unique (metric, minute) index), in chunks too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery

from onething.core import clock
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.audit import audit_record

from ..models import Metric, MinuteRollup, Reading

WINDOW = dt.timedelta(hours=6)  # readings deleted by time windows this long
CHUNK = 20_000  # rows deleted in one transaction
METRICS_GROUP = 500  # monitored values whose roll-ups are deleted together


@dataclass(frozen=True)
class Pruned:
    """What a run deleted: readings taken before ``readings_before``, roll-ups of minutes
    before ``rollups_before``."""

    readings: int
    rollups: int
    readings_before: dt.datetime
    rollups_before: dt.datetime


def _deleted_in_chunks(rows: QuerySet, chunk: int) -> int:
    """Delete ``rows`` in transactions of at most ``chunk`` rows; how many."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(rows.order_by().values_list("pk", flat=True)[:chunk])
            if ids:
                rows.model.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
        if len(ids) < chunk:
            return deleted


def _oldest_reading(before: dt.datetime) -> dt.datetime | None:
    """The time of the oldest reading before ``before`` (each value's first reading,
    through its index), None when there is none."""
    first = Reading.objects.filter(metric=OuterRef("pk"), at__lt=before).order_by("at")
    return Metric.objects.annotate(first=Subquery(first.values("at")[:1])).aggregate(
        oldest=Min("first")
    )["oldest"]


def readings_delete_before(
    before: dt.datetime, *, window: dt.timedelta = WINDOW, chunk: int = CHUNK
) -> int:
    """Delete the readings taken before ``before``, window by window; how many."""
    deleted = 0
    start = _oldest_reading(before)
    while start is not None and start < before:
        end = min(start + window, before)
        count = _deleted_in_chunks(Reading.objects.filter(at__gte=start, at__lt=end), chunk)
        deleted += count
        if count:
            start = end
        else:  # a gap: on to the next reading, if any
            oldest = _oldest_reading(before)
            start = None if oldest is None else max(oldest, end)
    return deleted


def rollups_delete_before(
    before: dt.datetime, *, group: int = METRICS_GROUP, chunk: int = CHUNK
) -> int:
    """Delete the minute roll-ups of minutes before ``before``; how many."""
    ids = list(Metric.objects.order_by("pk").values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(ids), group):
        rows = MinuteRollup.objects.filter(
            metric_id__in=ids[start : start + group], minute__lt=before
        )
        deleted += _deleted_in_chunks(rows, chunk)
    return deleted


def readings_prune(
    *,
    now: dt.datetime | None = None,
    readings_days: int | None = None,
    rollups_days: int | None = None,
    actor: Actor = SYSTEM,
    window: dt.timedelta = WINDOW,
    chunk: int = CHUNK,
) -> Pruned:
    """Delete the readings and the roll-ups older than they are kept (days; default the
    settings), in bounded transactions; one audit entry for a run that deleted any."""
    now = now or clock.now()
    readings_days = settings.ONETHING_READINGS_KEEP_DAYS if readings_days is None else readings_days
    rollups_days = settings.ONETHING_ROLLUPS_KEEP_DAYS if rollups_days is None else rollups_days
    if readings_days < 1 or rollups_days < 1:
        raise ValueError("readings and roll-ups are kept for at least one day")
    readings_before = now - dt.timedelta(days=readings_days)
    rollups_before = now - dt.timedelta(days=rollups_days)
    pruned = Pruned(
        readings=readings_delete_before(readings_before, window=window, chunk=chunk),
        rollups=rollups_delete_before(rollups_before, chunk=chunk),
        readings_before=readings_before,
        rollups_before=rollups_before,
    )
    if pruned.readings or pruned.rollups:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="readings.prune",
                subject=("cityops.reading", "retention"),
                after={
                    "readings": pruned.readings,
                    "rollups": pruned.rollups,
                    "readings_before": readings_before.isoformat(),
                    "rollups_before": rollups_before.isoformat(),
                },
            )
    return pruned
