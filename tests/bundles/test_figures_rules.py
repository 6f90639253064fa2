"""The one-things' figures and the generator's shape, pure (no database): a count in 万
as the seeds write it, the first half-year, a total shared out exactly (largest
remainder), the promised days of a run in parallel, the working days runs are taken in
and what becomes of each run, cut at now; the one-thing coding rule over the demo's list."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onething.bundles.generate.plan import (
    CONCLUDED,
    RUNNING,
    STOPPED,
    WITHDRAWN,
    IntakeDays,
    Shape,
    Timeline,
    live,
    parallel_days,
)
from onething.bundles.rules import bundle_code_problems
from onething.bundles.rules.figures import apportion, is_first_half, wan
from onething.core.workdays import OfficialCalendar, WorkdayTable
from onething.demo.bundles import DEFINITIONS
from onething.demo.bundles.lists import CITY, LIST, NATIONAL, PROVINCIAL


def test_a_count_in_wan_as_the_seed_writes_it():
    assert wan(938_000) == "93.8"
    assert wan(937_500) == "93.8"  # half up
    assert wan(937_499) == "93.7"
    assert wan(0) == "0.0"
    assert wan(12_345_678, 2) == "1234.57"


def test_the_first_half_of_a_year():
    assert is_first_half(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert not is_first_half(dt.date(2025, 1, 1), dt.date(2026, 6, 30))
    assert not is_first_half(dt.date(2025, 1, 2), dt.date(2025, 6, 30))
    assert not is_first_half(None, dt.date(2025, 6, 30))


def test_largest_remainder_shares_add_up_exactly():
    shares = apportion(938_000, {"a": 16, "b": 6, "c": 0.005, "d": 0})
    assert sum(shares.values()) == 938_000
    assert shares["d"] == 0 and shares["c"] == 213  # 0.005 / 22.005 of the total, rounded
    assert shares == apportion(938_000, {"a": 16, "b": 6, "c": 0.005, "d": 0})  # exact
    # what is left goes to the largest remainders, ties in the order given
    assert apportion(10, [("x", 1), ("y", 1), ("z", 1)]) == {"x": 4, "y": 3, "z": 3}
    assert apportion(0, {}) == {}
    with pytest.raises(ValueError):
        apportion(5, {"a": 0})
    with pytest.raises(ValueError):
        apportion(5, {"a": -1, "b": 2})


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=40),
)
def test_shares_are_exact_and_within_one_of_their_quota(total, weights):
    shares = apportion(total, {f"k{i}": w for i, w in enumerate(weights)})
    assert sum(shares.values()) == total
    whole = sum(weights)
    for i, w in enumerate(weights):
        quota = total * w / whole
        assert quota - 1 < shares[f"k{i}"] < quota + 1


def test_the_promised_days_of_a_run_in_parallel():
    steps = {
        "certificate": (1, (), ()),
        "hukou": (1, ("certificate",), ()),
        "card": (10, ("certificate",), ()),
        "vaccination": (0, ("certificate",), ()),
    }
    assert parallel_days(steps) == 11  # 1 then the longest of the parallel steps
    review = {"tax": (0, (), ()), "register": (1, (), ("tax",)), "late": (5, (), ())}
    assert parallel_days(review) == 5
    assert parallel_days({}) == 0


@pytest.fixture
def timeline():
    return Timeline(WorkdayTable(dt.date(2025, 1, 1), dt.date(2025, 10, 31), OfficialCalendar()))


def test_runs_are_taken_in_on_working_days_with_the_season(timeline):
    days = IntakeDays(timeline, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    rng = random.Random(7)
    drawn = Counter(timeline.days[days.draw_day(rng)] for _ in range(20_000))
    assert min(drawn) >= dt.date(2025, 1, 2) and max(drawn) <= dt.date(2025, 6, 30)
    assert dt.date(2025, 1, 29) not in drawn  # the Spring Festival
    assert dt.date(2025, 1, 26) in drawn  # a make-up working Sunday
    per_month = Counter(d.month for d in drawn.elements())
    assert per_month[2] < per_month[3]  # a quiet February, a busy March
    school = Counter(
        timeline.days[days.draw_day(rng, {5: 2.0, 6: 4.0, 1: 0.2})].month for _ in range(5_000)
    )
    assert school[6] > school[4] > school[1]
    moment = days.moment_on(rng, days.indexes[0])
    local = timeline.local_date(moment)
    assert local == timeline.days[days.indexes[0]]
    hour = (moment + timeline.offset) % 86_400 // 3600
    assert 8 <= hour <= 22


def test_a_run_ends_within_its_promise_or_is_still_running(timeline):
    rng = random.Random(3)
    shape = Shape(stopped=0.1, withdrawn=0.1)
    i = timeline.days.index(dt.date(2025, 3, 3))
    started = timeline.midnight[i] + 10 * 3600
    now = timeline.midnight[timeline.days.index(dt.date(2025, 9, 1))]
    lives = [live(rng, timeline, i, started, 5, now, shape) for _ in range(2_000)]
    statuses = Counter(life.status for life in lives)
    assert set(statuses) == {CONCLUDED, STOPPED, WITHDRAWN}
    assert 100 < statuses[STOPPED] < 300 and 100 < statuses[WITHDRAWN] < 300
    for life in lives:
        end = life.concluded if life.status == CONCLUDED else life.stopped
        assert started < end
        assert timeline.local_date(end) <= timeline.days[i + 5] or life.status == STOPPED
        assert (life.reason != "") == (life.status in (STOPPED, WITHDRAWN))
    # cut at now: a run taken in just before now is still running
    soon = [live(rng, timeline, i, started, 5, started + 60, shape) for _ in range(200)]
    assert {life.status for life in soon} == {RUNNING}
    assert all(life.concluded is None and life.stopped is None for life in soon)


def test_the_same_seed_draws_the_same_runs(timeline):
    def draw(seed):
        rng = random.Random(seed)
        days = IntakeDays(timeline, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
        out = []
        for _ in range(500):
            i = days.draw_day(rng)
            started = days.moment_on(rng, i)
            out.append((started, live(rng, timeline, i, started, 3, 2**40, Shape())))
        return out

    assert draw(1) == draw(1) != draw(2)


def test_the_demo_list_follows_the_coding_rule_and_the_levels():
    every = [*DEFINITIONS, *LIST]
    codes = [d["code"] for d in every]
    assert len(codes) == len(set(codes)) == 59
    for d in every:
        assert bundle_code_problems(d["code"], d["audience"]) == [], d["code"]
    levels = Counter(d.get("level", "city") for d in every)
    assert levels == {"national": 21, "provincial": 8, "city": 30}
    assert len(NATIONAL) == 20 and len(PROVINCIAL) == 8 and len(CITY) == 28
    for d in NATIONAL + PROVINCIAL:
        assert d["listed_in"], d["name"]
    for d in CITY:
        assert d["listed_in"] == ""
    assert all(len(d["steps"]) >= 2 for d in LIST)  # a one-thing is several items
