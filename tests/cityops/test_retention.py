"""Readings kept as configured: older readings deleted window by window in bounded
transactions, minute roll-ups kept longer, one audit entry per run that deleted any, and
the command ``cityops_prune`` reading its defaults from the settings."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.cityops.models import MinuteRollup, Reading
from onething.cityops.services.retention import readings_prune
from onething.core import clock
from onething.core.models import AuditEntry

from .world import build

NOW = dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)


def reading(metric, days_ago: float, value: float = 1.0) -> Reading:
    at = NOW - dt.timedelta(days=days_ago)
    return Reading(metric=metric, at=at, value=value, received_at=at)


def rollup(metric, days_ago: float) -> MinuteRollup:
    minute = (NOW - dt.timedelta(days=days_ago)).replace(second=0, microsecond=0)
    return MinuteRollup(metric=metric, minute=minute, count=1, total=1.0, low=1.0, high=1.0)


@pytest.fixture
def ops(city):
    ops = build(city)
    Reading.objects.bulk_create(
        [
            # old: three in one window's hours, two after a gap of a month, one just past
            *(reading(ops.level, 500 + h / 24) for h in range(3)),
            *(reading(ops.rain, 470 + h / 24) for h in range(2)),
            reading(ops.level, 400.01),
            # kept
            reading(ops.level, 399.9),
            reading(ops.rain, 1),
        ]
    )
    MinuteRollup.objects.bulk_create(
        [
            rollup(ops.level, 500),
            rollup(ops.level, 1200),
            rollup(ops.rain, 1101),
            rollup(ops.rain, 3),
        ]
    )
    return ops


def test_readings_older_than_kept_go_in_bounded_chunks(ops):
    with CaptureQueriesContext(connection) as queries:
        pruned = readings_prune(
            now=NOW, readings_days=400, rollups_days=1100, window=dt.timedelta(hours=2), chunk=2
        )
    assert (pruned.readings, pruned.rollups) == (6, 2)
    kept = sorted(Reading.objects.values_list("at", flat=True))
    assert kept == [NOW - dt.timedelta(days=399.9), NOW - dt.timedelta(days=1)]
    assert MinuteRollup.objects.count() == 2  # the roll-ups of 500 and 3 days ago stay
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) >= 4  # never all at once: chunks of 2 within windows of 2 hours
    entry = AuditEntry.objects.get(action="readings.prune")
    assert entry.after["readings"] == 6 and entry.after["rollups"] == 2


def test_a_run_with_nothing_to_delete_writes_no_audit_entry(ops):
    readings_prune(now=NOW, readings_days=400, rollups_days=1100)
    pruned = readings_prune(now=NOW, readings_days=400, rollups_days=1100)
    assert (pruned.readings, pruned.rollups) == (0, 0)
    assert AuditEntry.objects.filter(action="readings.prune").count() == 1


def test_the_command_keeps_what_the_settings_say(ops, settings):
    settings.ONETHING_READINGS_KEEP_DAYS = 2
    settings.ONETHING_ROLLUPS_KEEP_DAYS = 400
    out = StringIO()
    with clock.frozen(NOW):
        call_command("cityops_prune", stdout=out)
    assert "deleted 7 readings" in out.getvalue()
    assert list(Reading.objects.values_list("at", flat=True)) == [NOW - dt.timedelta(days=1)]
    assert MinuteRollup.objects.count() == 1  # 3 days ago


def test_the_command_refuses_keeping_less_than_a_day(ops):
    with pytest.raises(CommandError):
        call_command("cityops_prune", readings_days=0)
    assert Reading.objects.count() == 8
