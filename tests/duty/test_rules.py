"""Night duty's pure rules, without a database: the rule of two stays a week (a week partly
outside the month judged on its days in it), the roster's and the night's lifecycles, the
night's window in the city's time, the figures' arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onething.core.errors import InvalidTransition
from onething.duty.rules import figures, nights, rosters

D = dt.date
SH = ZoneInfo("Asia/Shanghai")


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SH)


# ---------------------------------------------------------------- the weekly rule


def test_december_2021_has_five_weeks_the_first_and_last_partial():
    weeks = rosters.month_weeks(D(2021, 12, 1))  # 1 Dec 2021 is a Wednesday
    assert [(w.number, w.days, w.required) for w in weeks] == [
        (48, 5, 2),  # Wed–Sun: five days, still two stays
        (49, 7, 2),
        (50, 7, 2),
        (51, 7, 2),
        (52, 5, 2),  # Mon 27 – Fri 31
    ]
    assert weeks[0].partial and not weeks[1].partial


def test_a_week_of_a_few_days_in_the_month_asks_fewer_stays():
    weeks = rosters.month_weeks(D(2022, 1, 1))  # 1–2 Jan 2022: Saturday and Sunday
    assert (weeks[0].days, weeks[0].required) == (2, 1)
    assert [
        rosters.Week(
            2022,
            1,
            D(2022, 1, 1),
            D(2022, 1, 1),
            n,
        ).required
        for n in range(1, 8)
    ] == [1, 1, 1, 2, 2, 2, 2]


def test_a_leader_with_two_stays_every_week_is_not_warned():
    first = D(2021, 12, 1)
    nights = [("tao", d) for d in rosters.month_days(first) if d.weekday() in (1, 3)]
    nights += [("tao", D(2021, 12, 1))]  # the first week has only Thursday the 2nd otherwise
    assert rosters.stay_warnings(first, ["tao"], nights) == []


def test_the_warnings_name_the_leader_the_week_and_the_count():
    first = D(2021, 12, 1)
    nights = [("tao", D(2021, 12, 7)), ("tao", D(2021, 12, 9)), ("zhou", D(2021, 12, 6))]
    warnings = rosters.stay_warnings(first, ["tao", "zhou", "nobody"], nights)
    tao = [(w.week.number, w.stays) for w in warnings if w.leader == "tao"]
    assert tao == [(48, 0), (50, 0), (51, 0), (52, 0)]  # week 49 has its two
    assert [(w.week.number, w.stays) for w in warnings if w.leader == "zhou"][:2] == [
        (48, 0),
        (49, 1),
    ]
    assert len([w for w in warnings if w.leader == "nobody"]) == 5  # every week


def test_nights_outside_the_month_do_not_count_in_it():
    first = D(2021, 12, 1)
    # 29 and 30 November are in ISO week 48, but in November's roster
    nights = [("tao", D(2021, 11, 29)), ("tao", D(2021, 11, 30)), ("tao", D(2021, 12, 2))]
    week48 = [w for w in rosters.stay_warnings(first, ["tao"], nights) if w.week.number == 48]
    assert [(w.stays, w.required) for w in week48] == [(1, 2)]


@given(st.dates(D(2000, 1, 1), D(2099, 12, 1)).map(lambda d: d.replace(day=1)))
def test_the_weeks_cover_the_month_once(first):
    weeks = rosters.month_weeks(first)
    assert sum(w.days for w in weeks) == len(rosters.month_days(first))
    assert all(1 <= w.required <= 2 for w in weeks)


def test_month_parsing():
    assert rosters.parse_month("2021-12") == D(2021, 12, 1)
    for bad in ("2021-13", "21-12", "2021-1", "december", "", None, "2021-12-01"):
        assert rosters.parse_month(bad) is None
    assert rosters.next_month(D(2021, 12, 1)) == D(2022, 1, 1)


def test_week_stays_spans_months():
    assert rosters.week_stays(D(2021, 12, 1), [D(2021, 11, 29), D(2021, 12, 2)]) == (2, 2)


# ---------------------------------------------------------------- lifecycles


def test_a_published_roster_no_longer_changes():
    life = rosters.ROSTER_LIFECYCLE
    assert life.target("draft", "plan") == "draft"
    assert life.target("draft", "publish") == "published"
    for action in ("plan", "publish"):
        with pytest.raises(InvalidTransition):
            life.target("published", action)


def test_a_night_is_checked_in_once_and_out_after():
    life = nights.NIGHT_LIFECYCLE
    assert life.target("planned", "check_in") == "kept"
    assert life.target("kept", "check_out") == "kept"
    with pytest.raises(InvalidTransition):
        life.target("kept", "check_in")
    with pytest.raises(InvalidTransition):
        life.target("planned", "check_out")


# ---------------------------------------------------------------- the night's window


def test_the_night_runs_from_five_in_the_evening_to_nine_the_next_morning():
    day = D(2021, 12, 7)
    assert nights.check_in_refusal(day, moment(day, 16, 59)) == "too_early"
    assert nights.check_in_refusal(day, moment(day, 17)) is None
    assert nights.check_in_refusal(day, moment(day + dt.timedelta(days=1), 8, 59)) is None
    assert nights.check_in_refusal(day, moment(day + dt.timedelta(days=1), 9)) == "too_late"
    # the same instant written in UTC
    utc = moment(day, 19).astimezone(dt.UTC)
    assert nights.check_in_refusal(day, utc) is None and nights.duty_date(utc) == day


def test_the_duty_date_of_a_moment():
    day = D(2021, 12, 7)
    assert nights.duty_date(moment(day, 23, 30)) == day
    assert nights.duty_date(moment(day + dt.timedelta(days=1), 2)) == day
    assert nights.duty_date(moment(day, 12)) is None
    assert nights.tonight(moment(day, 12)) == day


def test_a_planned_night_not_checked_in_is_missed_once_its_morning_has_passed():
    day = D(2021, 12, 7)
    assert nights.state("planned", day, moment(day, 20)) == "planned"
    assert nights.state("planned", day, moment(day + dt.timedelta(days=1), 9)) == "missed"
    assert nights.state("kept", day, moment(day + dt.timedelta(days=5), 9)) == "kept"
    assert nights.last_closed_date(moment(D(2021, 12, 9), 10)) == D(2021, 12, 8)
    assert nights.last_closed_date(moment(D(2021, 12, 9), 8)) == D(2021, 12, 7)


def test_check_out_comes_after_the_check_in_and_by_noon():
    day = D(2021, 12, 7)
    checked = moment(day, 19)
    assert nights.check_out_refusal(day, None, moment(day, 20)) == "not_checked_in"
    assert nights.check_out_refusal(day, checked, moment(day, 18)) == "before_check_in"
    assert nights.check_out_refusal(day, checked, moment(D(2021, 12, 8), 7, 30)) is None
    assert nights.check_out_refusal(day, checked, moment(D(2021, 12, 8), 12)) == "too_late"


# ---------------------------------------------------------------- figures


def test_the_figures_arithmetic():
    assert figures.rate(2, 3) == Decimal("66.7")
    assert figures.rate(0, 0) is None
    assert figures.average([3, None, 4]) == Decimal("3.5")
    assert figures.average([None]) is None
    assert figures.months_between(D(2021, 11, 15), D(2022, 1, 3)) == [
        D(2021, 11, 1),
        D(2021, 12, 1),
        D(2022, 1, 1),
    ]
