"""错时共享车位's pure rules, without a database: plates, school days, the windows of
春星小学's day (parents 07:00–08:30 and 15:30–17:30 on school days, residents 19:00–07:00
every day, the public at other times at a fee), the group a car is counted under, until
when it may stay, its fee and overstay, and the checks of a car park's windows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from onething.citymgmt.rules.parking import (
    APPROVED,
    EVERY_DAY,
    NON_SCHOOL_DAYS,
    PARENT,
    PENDING,
    PUBLIC,
    REFUSED,
    REGISTRATION_LIFECYCLE,
    RESIDENT,
    REVOKED,
    SCHOOL_DAYS,
    is_overstay,
    parse_time,
    stay_fee_fen,
    stay_minutes,
    window_hours,
    window_problems,
    windows_overlap,
)
from onething.citymgmt.rules.parking_plan import SHANGHAI, Plan, Term, Window, school_day
from onething.citymgmt.rules.plates import check_plate, mask_plate, normalise_plate, plate_problem
from onething.core.errors import InvalidTransition, ValidationFailed
from onething.core.workdays import OfficialCalendar, YearSchedule

T = dt.time
MORNING = Window("家长早高峰", PARENT, SCHOOL_DAYS, T(7), T(8, 30), 0, 1)
AFTERNOON = Window("家长晚高峰", PARENT, SCHOOL_DAYS, T(15, 30), T(17, 30), 0, 2)
NIGHT = Window("居民夜间", RESIDENT, EVERY_DAY, T(19), T(7), 0, 3)
PUBLIC_ALL = Window("社会车辆", PUBLIC, EVERY_DAY, T(0), T(0), 500, 4)
AUTUMN = Term(dt.date(2025, 9, 1), dt.date(2026, 1, 23), "2025秋季学期")
PLAN = Plan((MORNING, AFTERNOON, NIGHT, PUBLIC_ALL), (AUTUMN,), OfficialCalendar())


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


# ------------------------------------------------------------------------------ plates


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("苏B12345", "苏B12345"),
        ("苏 b·123 45", "苏B12345"),  # spaces, a middle dot, lower case
        ("苏B.12345", "苏B12345"),
        ("苏Ｂ１２３４５", "苏B12345"),  # full width
        ("苏B-A1234", "苏BA1234"),
        ("苏BD12345", "苏BD12345"),  # a small new-energy car, pure electric
        ("苏BF1A234".replace("1A", "A1"), "苏BFA1234"),  # hybrid, a letter second
        ("苏B12345D", "苏B12345D"),  # a large new-energy vehicle
        ("苏B1234学", "苏B1234学"),
        ("苏A1234警", "苏A1234警"),
        ("苏B1234挂", "苏B1234挂"),
    ],
)
def test_a_plate_is_normalised_and_accepted(raw, plate):
    assert plate_problem(raw) is None
    assert check_plate(raw) == plate == normalise_plate(raw)


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("", "required"),
        ("  ", "required"),
        (None, "required"),
        ("AB12345", "province"),
        ("苏112345", "office"),
        ("苏I12345", "office"),
        ("苏B1234O", "letters_io"),
        ("苏BI2345", "letters_io"),
        ("苏B1234", "format"),  # too short
        ("苏B123456", "format"),  # six, but not a new-energy pattern
        ("苏BL12345", "format"),  # L is no energy letter
        ("苏BD1234A", "format"),  # the last four of a small new-energy plate are digits
        ("苏B12345学", "format"),  # 学 after four, not five
        ("苏B1234567890", "format"),
        ("苏B12#45", "format"),
    ],
)
def test_a_wrong_plate_names_the_field_and_the_rule(raw, rule):
    problem = plate_problem(raw)
    assert problem is not None
    assert (problem.field, problem.rule) == ("plate", rule)
    with pytest.raises(ValidationFailed) as refused:
        check_plate(raw, "holder_plate")
    assert refused.value.problems[0].field == "holder_plate"


def test_the_plate_rule_reads_in_chinese():
    with translation.override("zh-hans"):
        assert plate_problem("AB12345").message.startswith("车牌号以省份简称")
        assert "新能源车牌" in plate_problem("苏B123456").message
        assert "苏B12345" in plate_problem("苏B123456").message


def test_a_plate_is_masked_for_public_pages():
    assert mask_plate("苏B12345") == "苏B1**45"


# ------------------------------------------------------------------------------ school days


def test_a_school_day_is_a_working_day_in_a_term():
    calendar = OfficialCalendar()
    friday = school_day(dt.date(2025, 10, 10), calendar, (AUTUMN,))
    assert (friday.school, friday.workday, friday.in_term, friday.provisional) == (
        True,
        True,
        True,
        False,
    )
    assert not school_day(dt.date(2025, 10, 12), calendar, (AUTUMN,)).school  # a Sunday
    assert not school_day(dt.date(2025, 10, 3), calendar, (AUTUMN,)).school  # National Day
    holiday_term = school_day(dt.date(2025, 8, 20), calendar, (AUTUMN,))  # summer holidays
    assert (holiday_term.workday, holiday_term.in_term, holiday_term.school) == (True, False, False)
    makeup = school_day(dt.date(2025, 10, 11), calendar, (AUTUMN,))  # Saturday, 调休 workday
    assert makeup.school and makeup.day.weekday() == 5


def test_a_year_without_a_schedule_counts_weekdays_provisionally():
    term = Term(dt.date(2031, 9, 1), dt.date(2032, 1, 20))
    monday = school_day(dt.date(2031, 10, 6), OfficialCalendar(), (term,))
    assert monday.school and monday.provisional
    sunday = school_day(dt.date(2031, 10, 5), OfficialCalendar(), (term,))
    assert not sunday.school and sunday.provisional
    entered = OfficialCalendar(
        extra={2031: YearSchedule(2031, holidays=frozenset({dt.date(2031, 10, 6)}))}
    )
    staff_said = school_day(dt.date(2031, 10, 6), entered, (term,))
    assert not staff_said.school and not staff_said.provisional


# ------------------------------------------------------------------------------ 春星小学's day

SCHOOL = "2025-10-10"  # a Friday of the autumn term
SATURDAY = "2025-10-18"


def test_the_window_in_effect_through_a_school_day():
    assert PLAN.in_effect(PARENT, at(SCHOOL, 7, 30)).window is MORNING
    assert PLAN.in_effect(PARENT, at(SCHOOL, 8, 30)) is None  # the end is not in it
    assert PLAN.in_effect(PARENT, at(SCHOOL, 16)).window is AFTERNOON
    assert PLAN.in_effect(RESIDENT, at(SCHOOL, 20)).window is NIGHT
    assert PLAN.in_effect(RESIDENT, at(SCHOOL, 6, 50)).window is NIGHT  # from Thursday 19:00
    assert PLAN.in_effect(PUBLIC, at(SCHOOL, 10)).window is PUBLIC_ALL
    # the public window covers only the times no other window does
    assert PLAN.in_effect(PUBLIC, at(SCHOOL, 7, 30)) is None
    assert PLAN.in_effect(PUBLIC, at(SCHOOL, 20)) is None
    assert PLAN.in_effect(PUBLIC, at(SCHOOL, 18)).window is PUBLIC_ALL


def test_the_group_a_car_is_counted_under_when_it_enters():
    parent = PLAN.placement({PARENT}, at(SCHOOL, 7, 30))
    assert (parent.group, parent.window, parent.allowed_until) == (
        PARENT,
        MORNING,
        at(SCHOOL, 8, 30),
    )
    resident = PLAN.placement({RESIDENT}, at(SCHOOL, 20))
    assert (resident.group, resident.window) == (RESIDENT, NIGHT)
    assert resident.allowed_until == at("2025-10-11", 7)  # past midnight
    public = PLAN.placement(set(), at(SCHOOL, 10))
    assert (public.group, public.window, public.fee_fen_per_hour) == (PUBLIC, PUBLIC_ALL, 500)
    assert public.allowed_until == at(SCHOOL, 15, 30)  # the parents' afternoon begins
    # a parent's plate outside the parents' windows: public use, not refused
    late_parent = PLAN.placement({PARENT}, at(SCHOOL, 10))
    assert (late_parent.group, late_parent.window) == (PUBLIC, PUBLIC_ALL)
    # both registered: the parents' window first, then the residents'
    both = {PARENT, RESIDENT}
    assert PLAN.placement(both, at(SCHOOL, 7, 10)).group == PARENT
    assert PLAN.placement(both, at(SCHOOL, 6, 10)).group == RESIDENT
    # the public in the residents' night: no public window, no end, the car park's fee
    night_public = PLAN.placement(set(), at(SCHOOL, 22))
    assert (night_public.group, night_public.window, night_public.allowed_until) == (
        PUBLIC,
        None,
        None,
    )
    assert night_public.fee_fen_per_hour is None


def test_on_a_day_without_school_the_parents_windows_do_not_apply():
    for day in (SATURDAY, "2025-10-03", "2025-08-20"):  # weekend, holiday, outside the term
        placed = PLAN.placement({PARENT}, at(day, 7, 30))
        assert (placed.group, placed.window) == (PUBLIC, PUBLIC_ALL), day
        assert placed.allowed_until == at(day, 19)  # until the residents' night
    makeup = PLAN.placement({PARENT}, at("2025-10-11", 7, 30))  # a make-up working day
    assert (makeup.group, makeup.window) == (PARENT, MORNING)


def test_a_day_as_a_timeline():
    segments = PLAN.timeline(dt.date(2025, 10, 10))
    shown = [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.group) for s in segments]
    assert shown == [
        ("00:00", "07:00", RESIDENT),
        ("07:00", "08:30", PARENT),
        ("08:30", "15:30", PUBLIC),
        ("15:30", "17:30", PARENT),
        ("17:30", "19:00", PUBLIC),
        ("19:00", "00:00", RESIDENT),
    ]
    saturday = PLAN.timeline(dt.date(2025, 10, 18))
    assert [s.group for s in saturday] == [RESIDENT, PUBLIC, RESIDENT]


def test_a_public_stretch_without_other_windows_has_no_end():
    plan = Plan((PUBLIC_ALL,), (), OfficialCalendar())
    assert plan.placement(set(), at(SCHOOL, 10)).allowed_until is None
    short = Plan((Window("白天", PUBLIC, EVERY_DAY, T(8), T(20), 300),), (), OfficialCalendar())
    assert short.placement(set(), at(SCHOOL, 10)).allowed_until == at(SCHOOL, 20)
    assert short.placement(set(), at(SCHOOL, 21)).window is None


# ------------------------------------------------------------------------------ fees, overstays


def test_the_fee_counts_every_hour_started():
    start = at(SCHOOL, 10)
    assert stay_fee_fen(start, at(SCHOOL, 10), 500) == 0
    assert stay_fee_fen(start, at(SCHOOL, 10, 1), 500) == 500
    assert stay_fee_fen(start, at(SCHOOL, 11), 500) == 500
    assert stay_fee_fen(start, at(SCHOOL, 11, 20), 500) == 1000
    assert stay_fee_fen(start, at(SCHOOL, 11, 20), 0) == 0  # a free window
    assert stay_minutes(start, at(SCHOOL, 11, 20)) == 80
    assert stay_minutes(start, at(SCHOOL, 9)) == 0


def test_an_overstay_is_past_the_window_and_the_grace():
    until = at(SCHOOL, 8, 30)
    assert not is_overstay(until, 15, at(SCHOOL, 8, 45))
    assert is_overstay(until, 15, at(SCHOOL, 8, 46))
    assert is_overstay(until, 15, at(SCHOOL, 9))
    assert not is_overstay(None, 15, at(SCHOOL, 23))


# ------------------------------------------------------------------------------ windows, lifecycle


def _w(name, group, days, starts, ends, fee=0):
    return {
        "name": name,
        "group": group,
        "days": days,
        "starts": starts,
        "ends": ends,
        "fee_fen_per_hour": fee,
    }


CHUNXING = [
    _w("家长早高峰", PARENT, SCHOOL_DAYS, "07:00", "08:30"),
    _w("家长晚高峰", PARENT, SCHOOL_DAYS, "15:30", "17:30"),
    _w("居民夜间", RESIDENT, EVERY_DAY, "19:00", "07:00"),
    _w("社会车辆", PUBLIC, EVERY_DAY, "00:00", "00:00", 500),
]


def test_chunxings_windows_pass():
    cleaned, problems = window_problems(CHUNXING)
    assert problems == []
    assert [w["starts"] for w in cleaned] == [T(7), T(15, 30), T(19), T(0)]


def test_windows_that_overlap_or_do_not_parse_are_refused_all_at_once():
    windows = [
        *CHUNXING,
        _w("居民早", RESIDENT, EVERY_DAY, "06:00", "08:00"),  # overlaps the night's end
        _w("家长周末", PARENT, NON_SCHOOL_DAYS, "7:00", "9:00"),  # other days: fine
        _w("错", "teachers", "weekdays", "25:00", "8"),
        _w("家长早高峰", PARENT, EVERY_DAY, "12:00", "13:00", -1),
    ]
    _cleaned, problems = window_problems(windows)
    found = {(p.field, p.rule) for p in problems}
    assert found == {
        ("windows.4.starts", "overlap"),
        ("windows.6.group", "choice"),
        ("windows.6.days", "choice"),
        ("windows.6.starts", "format"),
        ("windows.6.ends", "format"),
        ("windows.7.name", "unique"),
        ("windows.7.fee_fen_per_hour", "range"),
    }


def test_overlap_across_midnight_and_kinds_of_day():
    night = {"days": EVERY_DAY, "starts": T(22), "ends": T(6)}
    assert windows_overlap(night, {"days": SCHOOL_DAYS, "starts": T(5), "ends": T(7)})
    assert not windows_overlap(night, {"days": SCHOOL_DAYS, "starts": T(6), "ends": T(8)})
    school_night = {"days": SCHOOL_DAYS, "starts": T(22), "ends": T(6)}
    # a school day's night runs into a Saturday morning (days without school)
    assert windows_overlap(school_night, {"days": NON_SCHOOL_DAYS, "starts": T(5), "ends": T(7)})
    assert not windows_overlap(
        {"days": SCHOOL_DAYS, "starts": T(7), "ends": T(9)},
        {"days": NON_SCHOOL_DAYS, "starts": T(8), "ends": T(10)},
    )


def test_times_parse_and_read():
    assert parse_time("7:05") == T(7, 5)
    assert parse_time("07:30:00") == T(7, 30)
    assert parse_time("24:00") is None and parse_time(730) is None
    with translation.override("zh-hans"):
        assert window_hours(T(19), T(7)) == "19:00–次日07:00"
    assert window_hours(T(7), T(8, 30)) == "07:00–08:30"


def test_a_registrations_lifecycle():
    assert REGISTRATION_LIFECYCLE.target(PENDING, "approve") == APPROVED
    assert REGISTRATION_LIFECYCLE.target(PENDING, "refuse") == REFUSED
    assert REGISTRATION_LIFECYCLE.target(APPROVED, "revoke") == REVOKED
    for status, action in ((APPROVED, "approve"), (REFUSED, "approve"), (REVOKED, "revoke")):
        with pytest.raises(InvalidTransition):
            REGISTRATION_LIFECYCLE.target(status, action)
