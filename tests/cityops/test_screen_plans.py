"""The screen's read at city scale: it never reads the readings (however many there are),
and on PostgreSQL the open events come through an index, not a scan of every event the
city ever had (EXPLAIN of each statement the screen runs)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.cityops.models import Device, Event, Metric, Reading
from onething.cityops.selectors.screen import public_screen_state, screen_state
from onething.core import clock
from onething.core.models import Department, Region

from .world import at, build

NOW = at("2026-12-04", 10)
DEVICES = 600
CLOSED_EVENTS = 20000
OPEN_EVENTS = 40


def city_scale(ops, closed: int = CLOSED_EVENTS) -> None:
    """Many devices with two values each and a reading per value, many closed events
    and a few open ones."""
    department = Department.objects.get(code="WX-CG")
    region = Region.objects.get(code="320211102")
    devices = Device.objects.bulk_create(
        Device(
            code=f"BULK-{n:05}",
            name=f"批量设备{n}",
            type=ops.gauge_type,
            department=department,
            region=region,
            latitude=Decimal("31.5") + Decimal(n) / 10000,
            longitude=Decimal("120.2"),
            state=("online", "offline", "fault")[n % 3],
        )
        for n in range(DEVICES)
    )
    metrics = Metric.objects.bulk_create(
        Metric(device=d, code=code, name=code, level="warning" if n % 50 == 0 else "normal")
        for n, d in enumerate(devices)
        for code in ("a", "b")
    )
    Reading.objects.bulk_create(
        Reading(metric=m, at=NOW - dt.timedelta(minutes=1), value=1.0, received_at=NOW)
        for m in metrics
    )
    Event.objects.bulk_create(
        Event(
            number=f"E-{n:06}",
            source="inspector",
            title="已结案事件",
            region=region,
            status="closed" if n >= OPEN_EVENTS else "dispatched",
            department=department,
            due_at=NOW + dt.timedelta(hours=n % 7 - 3),
            opened_at=NOW - dt.timedelta(days=1, minutes=n),
            closed_at=None if n < OPEN_EVENTS else NOW - dt.timedelta(hours=1),
        )
        for n in range(closed + OPEN_EVENTS)
    )


def statements(read) -> list[str]:
    with CaptureQueriesContext(connection) as captured, clock.frozen(NOW):
        state = read()
    assert state["totals"]["devices"] == DEVICES + 2
    assert state["totals"]["events"] == OPEN_EVENTS
    return [q["sql"] for q in captured.captured_queries]


def test_the_screen_never_reads_the_readings(city):
    city_scale(build(city), closed=200)
    for read in (lambda: screen_state(city.actor("dispatcher")), public_screen_state):
        for sql in statements(read):
            assert "cityops_reading" not in sql and "cityops_minuterollup" not in sql, sql


@pytest.mark.postgres
def test_open_events_come_through_an_index_on_postgresql(city):
    city_scale(build(city))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cityops_event; ANALYZE cityops_device; ANALYZE cityops_metric")
    plans = []
    for sql in statements(lambda: screen_state(city.actor("dispatcher"))):
        if "cityops_event" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert len(plans) == 3  # by department, by district, the rows
    for plan in plans:
        assert "Seq Scan on cityops_event" not in plan, plan
        assert "event_by_due" in plan, plan
