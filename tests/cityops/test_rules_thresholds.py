"""A sensor value's level against its thresholds, with hysteresis (回差), what a change of
level does to the device's event, and the problems of an inconsistent set of thresholds.
Pure: no database."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onething.cityops.rules.thresholds import (
    ALARM,
    LEVEL_LABELS,
    LEVELS,
    NORMAL,
    WARNING,
    Thresholds,
    crossing,
    is_higher,
    level_of,
)

HIGH = Thresholds(warning_high=4.0, alarm_high=5.0, hysteresis=0.2)
LOW = Thresholds(warning_low=1.0, alarm_low=0.5, hysteresis=0.1)
BOTH = Thresholds(warning_high=4.0, alarm_high=5.0, warning_low=1.0, alarm_low=0.5, hysteresis=0.2)


def walk(values, thresholds, current=NORMAL):
    """The levels a device goes through reading ``values`` one after another."""
    levels = []
    for value in values:
        current = level_of(value, thresholds, current)
        levels.append(current)
    return levels


def test_the_levels_and_their_chinese_labels():
    assert LEVELS == ("normal", "warning", "alarm")
    with translation.override("zh-hans"):
        assert {k: str(v) for k, v in LEVEL_LABELS.items()} == {
            "normal": "正常",
            "warning": "预警",
            "alarm": "告警",
        }
    with translation.override("en"):
        assert [str(v) for v in LEVEL_LABELS.values()] == ["Normal", "Warning", "Alarm"]


class TestLevelHigh:
    def test_enters_alarm_at_the_threshold_and_leaves_it_below_the_hysteresis(self):
        alarm_only = Thresholds(alarm_high=5.0, hysteresis=0.2)
        assert level_of(4.99, alarm_only) == NORMAL
        assert level_of(5.0, alarm_only) == ALARM
        assert level_of(4.8, alarm_only, ALARM) == ALARM  # held down to 4.8
        assert level_of(4.79, alarm_only, ALARM) == NORMAL
        assert level_of(4.9, alarm_only, NORMAL) == NORMAL  # not entered below 5.0

    def test_up_through_warning_to_alarm(self):
        values = [3.0, 3.99, 4.0, 4.5, 4.99, 5.0, 6.0]
        assert walk(values, HIGH) == [NORMAL, NORMAL, WARNING, WARNING, WARNING, ALARM, ALARM]

    def test_down_from_alarm_to_warning_to_normal(self):
        values = [5.5, 4.85, 4.8, 4.79, 4.0, 3.8, 3.79]
        assert walk(values, HIGH, ALARM) == [
            ALARM,
            ALARM,  # within the band of the alarm
            ALARM,
            WARNING,  # past 5.0 − 0.2
            WARNING,
            WARNING,  # within the band of the warning
            NORMAL,  # past 4.0 − 0.2
        ]

    def test_a_jump_from_alarm_keeps_a_warning_still_within_its_band(self):
        assert level_of(3.85, HIGH, ALARM) == WARNING
        assert level_of(3.0, HIGH, ALARM) == NORMAL

    def test_a_jump_from_normal_straight_to_alarm(self):
        assert level_of(7.0, HIGH, NORMAL) == ALARM

    def test_hovering_at_the_threshold_does_not_flap(self):
        values = [5.0, 4.95, 5.01, 4.9, 5.0, 4.81]
        assert walk(values, HIGH, WARNING) == [ALARM] * 6


class TestLevelLow:
    def test_down_through_warning_to_alarm(self):
        values = [2.0, 1.01, 1.0, 0.7, 0.51, 0.5, -1.0]
        assert walk(values, LOW) == [NORMAL, NORMAL, WARNING, WARNING, WARNING, ALARM, ALARM]

    def test_up_from_alarm_to_warning_to_normal(self):
        values = [0.55, 0.6, 0.61, 1.05, 1.1, 1.11]
        assert walk(values, LOW, ALARM) == [ALARM, ALARM, WARNING, WARNING, WARNING, NORMAL]

    def test_without_hysteresis_the_level_follows_the_value(self):
        bare = Thresholds(warning_low=1.0, alarm_low=0.5)
        assert walk([0.5, 0.51, 1.0, 1.01], bare, ALARM) == [ALARM, WARNING, WARNING, NORMAL]


class TestLevelBothSides:
    def test_either_side_opens(self):
        assert level_of(5.0, BOTH) == ALARM
        assert level_of(0.5, BOTH) == ALARM
        assert level_of(4.0, BOTH) == WARNING
        assert level_of(1.0, BOTH) == WARNING
        assert level_of(2.5, BOTH) == NORMAL

    def test_no_thresholds_every_value_is_normal(self):
        assert not Thresholds().is_set()
        assert BOTH.is_set()
        assert level_of(1e9, Thresholds(), ALARM) == NORMAL

    def test_infinite_values_are_extreme_and_nan_is_refused(self):
        assert level_of(float("inf"), BOTH) == ALARM
        assert level_of(float("-inf"), BOTH) == ALARM
        with pytest.raises(ValueError):
            level_of(float("nan"), BOTH)
        with pytest.raises(ValueError):
            level_of(True, BOTH)
        with pytest.raises(ValueError):
            level_of(1.0, BOTH, "panic")

    def test_decimals_from_a_model_field(self):
        decimal = Thresholds(alarm_high=Decimal("5.0"), hysteresis=Decimal("0.2"))
        assert level_of(Decimal("4.8"), decimal, ALARM) == ALARM
        assert level_of(4.79, decimal, ALARM) == NORMAL


@given(
    threshold=st.floats(-1000, 1000, allow_nan=False),
    hysteresis=st.floats(0.01, 10, allow_nan=False),
    fraction=st.floats(0, 1, exclude_max=True),
)
def test_within_the_band_a_high_alarm_stays_as_it_is(threshold, hysteresis, fraction):
    """Between threshold − hysteresis and the threshold, the level never changes."""
    thresholds = Thresholds(alarm_high=threshold, hysteresis=hysteresis)
    value = threshold - hysteresis * (1 - fraction) * 0.999
    value = min(value, threshold - 1e-9 * max(1.0, abs(threshold)))
    if not threshold - hysteresis <= value < threshold:
        return  # the band is narrower than a float step here
    assert level_of(value, thresholds, ALARM) == ALARM
    assert level_of(value, thresholds, NORMAL) == NORMAL


@given(
    threshold=st.floats(-1000, 1000, allow_nan=False),
    hysteresis=st.floats(0, 10, allow_nan=False),
    value=st.floats(-3000, 3000, allow_nan=False),
    current=st.sampled_from(LEVELS),
)
def test_a_low_threshold_mirrors_a_high_one(threshold, hysteresis, value, current):
    high = Thresholds(alarm_high=threshold, hysteresis=hysteresis)
    low = Thresholds(alarm_low=-threshold, hysteresis=hysteresis)
    assert level_of(value, high, current) == level_of(-value, low, current)


@given(
    values=st.lists(st.floats(-10, 10, allow_nan=False), max_size=30),
    current=st.sampled_from(LEVELS),
)
def test_a_level_is_always_one_of_the_three_and_the_extremes_agree(values, current):
    for value in values:
        current = level_of(value, BOTH, current)
        assert current in LEVELS
        if value >= 5.0 or value <= 0.5:
            assert current == ALARM
        if 1.2 < value < 3.8:
            assert current == NORMAL


class TestCrossing:
    @pytest.mark.parametrize(
        ("before", "after", "what"),
        [
            (NORMAL, WARNING, "open"),
            (NORMAL, ALARM, "open"),
            (WARNING, ALARM, "raise"),
            (ALARM, WARNING, "lower"),
            (WARNING, NORMAL, "close"),
            (ALARM, NORMAL, "close"),
            (NORMAL, NORMAL, None),
            (WARNING, WARNING, None),
            (ALARM, ALARM, None),
        ],
    )
    def test_each_change(self, before, after, what):
        assert crossing(before, after) == what

    def test_an_unknown_level_is_refused(self):
        with pytest.raises(ValueError):
            crossing("normal", "red")

    def test_one_event_per_value_over_a_day(self):
        levels = walk([3.0, 4.1, 5.2, 4.9, 4.7, 3.9, 3.7, 4.5], HIGH)
        changes = [crossing(a, b) for a, b in zip([NORMAL, *levels[:-1]], levels, strict=True)]
        assert [c for c in changes if c] == ["open", "raise", "lower", "close", "open"]

    def test_is_higher(self):
        assert is_higher(ALARM, WARNING) and is_higher(WARNING, NORMAL)
        assert not is_higher(NORMAL, NORMAL) and not is_higher(WARNING, ALARM)


class TestThresholdProblems:
    def rules(self, **kw):
        return [(p.field, p.rule) for p in Thresholds(**kw).problems()]

    def test_consistent_sets_have_none(self):
        assert BOTH.problems() == []
        assert Thresholds().problems() == []
        assert Thresholds(alarm_high=5).problems() == []
        assert Thresholds(warning_low=Decimal("1.5"), alarm_low=0).problems() == []

    def test_alarm_high_below_warning_high(self):
        assert self.rules(warning_high=5, alarm_high=4) == [("alarm_high", "order")]
        assert self.rules(warning_high=5, alarm_high=5) == [("alarm_high", "order")]

    def test_alarm_low_above_warning_low(self):
        assert self.rules(warning_low=1, alarm_low=2) == [("alarm_low", "order")]

    def test_low_bands_overlapping_the_high_ones(self):
        assert self.rules(warning_high=4, warning_low=4) == [("warning_low", "order")]
        assert self.rules(alarm_high=4, alarm_low=6) == [("alarm_low", "order")]

    def test_negative_hysteresis(self):
        assert self.rules(alarm_high=5, hysteresis=-0.1) == [("hysteresis", "negative")]

    def test_a_hysteresis_that_would_never_let_a_value_back_to_normal(self):
        assert self.rules(warning_high=2, warning_low=1, hysteresis=0.5) == [
            ("hysteresis", "too_wide")
        ]
        assert self.rules(warning_high=2, warning_low=1, hysteresis=0.49) == []

    def test_not_numbers(self):
        assert self.rules(alarm_high=float("nan"), hysteresis=float("inf")) == [
            ("alarm_high", "type"),
            ("hysteresis", "type"),
        ]
        assert self.rules(alarm_high="5") == [("alarm_high", "type")]
        assert self.rules(alarm_high=True) == [("alarm_high", "type")]

    def test_several_at_once_in_chinese(self):
        thresholds = Thresholds(
            warning_high=5, alarm_high=4, warning_low=1, alarm_low=2, hysteresis=-1
        )
        with translation.override("zh-hans"):
            messages = {p.field: p.message for p in thresholds.problems()}
        assert messages == {
            "hysteresis": "回差不能为负数。",
            "alarm_high": "上限告警阈值必须高于上限预警阈值。",
            "alarm_low": "下限告警阈值必须低于下限预警阈值。",
        }
