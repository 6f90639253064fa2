"""A device's readings: which can be taken in, when a device counts as offline, and the
per-minute roll-ups. Pure: no database."""

import datetime as dt
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onething.cityops.rules.readings import (
    Bounds,
    Rollup,
    is_number,
    is_offline,
    minute_of,
    reading_problems,
    rollups,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2025, 6, 3, 10, 30, 15, tzinfo=SHANGHAI)
HUMIDITY = Bounds(0, 100)


def rules(value, at, **kw):
    kw.setdefault("now", NOW)
    kw.setdefault("bounds", HUMIDITY)
    return [(p.field, p.rule) for p in reading_problems(value, at, **kw)]


class TestReadingProblems:
    def test_a_good_reading(self):
        assert rules(55.5, NOW - dt.timedelta(minutes=1)) == []
        assert rules(0, NOW) == []
        assert rules(100, NOW) == []
        assert rules(Decimal("42.1"), NOW) == []
        assert rules(1e12, NOW, bounds=Bounds(None, None)) == []

    @pytest.mark.parametrize(
        "value", [True, False, "5", None, float("nan"), float("inf"), -math.inf, [1]]
    )
    def test_value_not_a_finite_number(self, value):
        assert rules(value, NOW) == [("value", "type")]

    @pytest.mark.parametrize("value", [-0.01, 100.5, 1e9])
    def test_value_outside_what_the_sensor_can_report(self, value):
        assert rules(value, NOW) == [("value", "range")]

    def test_one_sided_bounds(self):
        assert rules(-5, NOW, bounds=Bounds(0, None)) == [("value", "range")]
        assert rules(1e9, NOW, bounds=Bounds(0, None)) == []
        assert rules(-1e9, NOW, bounds=Bounds(None, 10)) == []

    def test_the_range_message_in_chinese(self):
        with translation.override("zh-hans"):
            (problem,) = reading_problems(120, NOW, now=NOW, bounds=HUMIDITY)
        assert problem.message == "数值 120 超出传感器量程（0 … 100）。"
        with translation.override("zh-hans"):
            (problem,) = reading_problems(-1.5, NOW, now=NOW, bounds=Bounds(0.0, None))
        assert problem.message == "数值 -1.5 超出传感器量程（0 … +∞）。"

    def test_time_in_the_future_beyond_the_clock_slack(self):
        assert rules(1, NOW + dt.timedelta(minutes=5)) == []
        assert rules(1, NOW + dt.timedelta(minutes=5, seconds=1)) == [("at", "future")]
        assert rules(1, NOW + dt.timedelta(seconds=1), max_ahead=dt.timedelta(0)) == [
            ("at", "future")
        ]

    def test_time_too_old(self):
        assert rules(1, NOW - dt.timedelta(days=7)) == []
        assert rules(1, NOW - dt.timedelta(days=7, seconds=1)) == [("at", "too_old")]
        assert rules(1, NOW - dt.timedelta(hours=2), max_age=dt.timedelta(hours=1)) == [
            ("at", "too_old")
        ]

    def test_naive_time(self):
        assert rules(1, NOW.replace(tzinfo=None)) == [("at", "naive")]
        with translation.override("zh-hans"):
            (problem,) = reading_problems(1, NOW.replace(tzinfo=None), now=NOW, bounds=HUMIDITY)
        assert problem.message == "请填写带时区的时间（如 +08:00）。"

    @pytest.mark.parametrize("at", ["2025-06-03T10:30:00+08:00", dt.date(2025, 6, 3), None, 0])
    def test_time_not_a_datetime(self, at):
        assert rules(1, at) == [("at", "type")]

    def test_an_other_time_zone_is_the_same_instant(self):
        utc = NOW.astimezone(dt.UTC) + dt.timedelta(minutes=4)
        assert rules(1, utc) == []

    def test_both_fields_at_once_with_the_prefix(self):
        assert rules("x", None, field_prefix="readings.3.") == [
            ("readings.3.value", "type"),
            ("readings.3.at", "type"),
        ]


def test_is_number():
    assert is_number(1) and is_number(-2.5) and is_number(Decimal("3"))
    assert not is_number(True) and not is_number("1") and not is_number(Decimal("NaN"))


def test_bounds_problems():
    assert Bounds(0, 100).problems() == [] and Bounds(None, None).problems() == []
    assert Bounds(5, 5).problems() == []
    assert [(p.field, p.rule) for p in Bounds(10, 0).problems()] == [("max_possible", "order")]


class TestOffline:
    def test_never_seen_is_offline(self):
        assert is_offline(None, dt.timedelta(minutes=10), NOW)

    def test_silent_longer_than_allowed(self):
        silent = dt.timedelta(minutes=10)
        assert not is_offline(NOW - dt.timedelta(minutes=9), silent, NOW)
        assert not is_offline(NOW - silent, silent, NOW)
        assert is_offline(NOW - silent - dt.timedelta(seconds=1), silent, NOW)

    def test_seen_after_now_is_online(self):
        assert not is_offline(NOW + dt.timedelta(minutes=1), dt.timedelta(minutes=10), NOW)


class TestRollups:
    def test_minute_of_keeps_the_time_zone(self):
        minute = minute_of(dt.datetime(2025, 6, 3, 10, 30, 59, 999999, tzinfo=SHANGHAI))
        assert minute == dt.datetime(2025, 6, 3, 10, 30, tzinfo=SHANGHAI)
        assert minute.tzinfo is SHANGHAI

    def test_by_minute(self):
        base = dt.datetime(2025, 6, 3, 10, 30, tzinfo=SHANGHAI)
        readings = [
            (base + dt.timedelta(seconds=61), 7.0),
            (base + dt.timedelta(seconds=1), 2.0),
            (base + dt.timedelta(seconds=59), 4.0),
            (base, 3),
        ]
        found = rollups(readings)
        assert list(found) == [base, base + dt.timedelta(minutes=1)]
        assert found[base] == Rollup(count=3, total=9.0, low=2.0, high=4.0)
        assert found[base].mean == 3.0
        assert found[base + dt.timedelta(minutes=1)] == Rollup(1, 7.0, 7.0, 7.0)

    def test_none(self):
        assert rollups([]) == {}
        assert Rollup().count == 0 and Rollup().mean is None

    def test_add_and_merge(self):
        first = Rollup.of(5).add(1).add(3)
        assert first == Rollup(3, 9.0, 1.0, 5.0)
        assert first.merge(Rollup.of(-2)) is first
        assert first == Rollup(4, 7.0, -2.0, 5.0)
        assert Rollup().merge(first) == first
        assert first.merge(Rollup()) == Rollup(4, 7.0, -2.0, 5.0)


@given(
    values=st.lists(st.integers(-1000, 1000), min_size=1, max_size=40),
    cut=st.integers(0, 40),
)
def test_merging_two_batches_equals_one_roll_up(values, cut):
    """A minute's readings arriving in two batches roll up the same as in one."""
    cut = min(cut, len(values))
    whole = Rollup()
    for value in values:
        whole.add(value)
    first, second = Rollup(), Rollup()
    for value in values[:cut]:
        first.add(value)
    for value in values[cut:]:
        second.add(value)
    assert first.merge(second) == whole
    assert (whole.low, whole.high, whole.count) == (min(values), max(values), len(values))
