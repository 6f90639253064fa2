"""Working-day arithmetic on the official calendar — pure, no database. Past the years the
``chinesecalendar`` package and the entered schedules cover, days count on weekends alone
and every deadline counted through them is provisional: no date makes a count fail."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onething.core.workdays import (
    DueDate,
    OfficialCalendar,
    WorkdayTable,
    YearSchedule,
    add_working_days,
    due_after,
    package_years,
    schedule_missing_soon,
    working_day_on_or_after,
    working_days_between,
)

D = dt.date
UNKNOWN = package_years()[-1] + 1  # the first year the package has no schedule for


def weekdays_after(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


class TestNationalDay2025:
    # 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are workdays.
    def test_make_up_sunday_counts(self):
        assert add_working_days(D(2025, 9, 26), 1).date == D(2025, 9, 28)

    def test_holiday_week_is_skipped(self):
        assert add_working_days(D(2025, 9, 26), 5).date == D(2025, 10, 10)
        assert add_working_days(D(2025, 9, 30), 1).date == D(2025, 10, 9)

    def test_make_up_saturday_counts(self):
        assert add_working_days(D(2025, 10, 10), 1).date == D(2025, 10, 11)
        assert add_working_days(D(2025, 10, 11), 1).date == D(2025, 10, 13)

    def test_between(self):
        # 28, 29, 30 Sep; 9, 10, 11 Oct
        assert working_days_between(D(2025, 9, 26), D(2025, 10, 11)) == 6
        assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
        assert working_days_between(D(2025, 10, 11), D(2025, 9, 26)) == -6


class TestSpringFestival2026:
    # 2026: 15–23 February off; Saturdays 14 and 28 February are workdays.
    def test_make_up_saturday_before(self):
        assert add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)

    def test_festival_is_skipped(self):
        assert add_working_days(D(2026, 2, 14), 1).date == D(2026, 2, 24)

    def test_make_up_saturday_after(self):
        assert add_working_days(D(2026, 2, 27), 1).date == D(2026, 2, 28)
        assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6

    def test_statutory_limit_across_the_festival(self):
        # 20 working days from Monday 9 February 2026
        assert add_working_days(D(2026, 2, 9), 20).date == D(2026, 3, 13)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_working_days(D(2025, 10, 3), 0) == DueDate(D(2025, 10, 3), False)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 10, 3), -1)


def test_due_after_zero_days_is_the_same_working_day_or_the_next():
    assert due_after(D(2025, 10, 10), 0) == DueDate(D(2025, 10, 10), False)
    assert due_after(D(2025, 10, 1), 0) == DueDate(D(2025, 10, 9), False)  # National Day
    assert due_after(D(2025, 10, 11), 0).date == D(2025, 10, 11)  # a make-up Saturday
    assert working_day_on_or_after(D(2026, 2, 15)).date == D(2026, 2, 24)


class TestAYearWithNoSchedule:
    """A count into a year whose schedule is not published is never an error: weekdays
    are working days there, and the answer says provisional."""

    def test_december_into_the_unknown_year_is_provisional(self):
        due = add_working_days(D(UNKNOWN - 1, 12, 20), 20)
        assert due.provisional is True
        assert due.date.year == UNKNOWN
        assert due.date.weekday() < 5

    def test_inside_the_unknown_year_weekdays_count(self):
        start = D(UNKNOWN, 1, 5)
        assert add_working_days(start, 5) == DueDate(weekdays_after(start, 5), True)
        assert working_days_between(start, weekdays_after(start, 7)) == 7
        assert OfficialCalendar().is_workday(D(UNKNOWN, 1, 1)) is (D(UNKNOWN, 1, 1).weekday() < 5)

    def test_years_later_still_answer(self):
        for year in (UNKNOWN + 1, UNKNOWN + 5, 2100):
            due = due_after(D(year, 2, 1), 0)
            assert due.provisional and due.date.weekday() < 5

    def test_a_published_count_stays_exact(self):
        assert add_working_days(D(2025, 9, 26), 5) == DueDate(D(2025, 10, 10), False)
        # the last days of a published year, counted within it
        assert add_working_days(D(UNKNOWN - 1, 12, 1), 3).provisional is False

    def test_an_entered_schedule_extends_the_package(self):
        new_year = D(UNKNOWN, 1, 1)
        while new_year.weekday() >= 5:  # a weekday holiday
            new_year += dt.timedelta(days=1)
        saturday = D(UNKNOWN, 1, 1) + dt.timedelta(days=(5 - D(UNKNOWN, 1, 1).weekday()) % 7)
        calendar = OfficialCalendar(
            extra={UNKNOWN: YearSchedule(UNKNOWN, frozenset({new_year}), frozenset({saturday}))}
        )
        assert calendar.is_workday(new_year) is False
        assert calendar.is_workday(saturday) is True
        assert calendar.covers(UNKNOWN) and not calendar.is_provisional(new_year)
        due = add_working_days(D(UNKNOWN - 1, 12, 31), 3, calendar)
        assert due.provisional is False
        expected, n = D(UNKNOWN - 1, 12, 31), 3
        while n:
            expected += dt.timedelta(days=1)
            if expected == saturday or (expected.weekday() < 5 and expected != new_year):
                n -= 1
        assert due.date == expected


class TestWarnings:
    def test_from_the_first_of_november_a_missing_next_year_is_named(self):
        last = UNKNOWN - 1
        assert schedule_missing_soon(D(last, 10, 31), OfficialCalendar()) == []
        assert schedule_missing_soon(D(last, 11, 1), OfficialCalendar()) == [UNKNOWN]
        assert schedule_missing_soon(D(last, 12, 31), OfficialCalendar()) == [UNKNOWN]

    def test_a_year_running_without_a_schedule_is_named_all_year(self):
        assert schedule_missing_soon(D(UNKNOWN, 3, 1), OfficialCalendar()) == [UNKNOWN]
        assert schedule_missing_soon(D(UNKNOWN, 11, 2), OfficialCalendar()) == [
            UNKNOWN,
            UNKNOWN + 1,
        ]

    def test_an_entered_year_is_not_named(self):
        calendar = OfficialCalendar(extra={UNKNOWN: YearSchedule(UNKNOWN)})
        assert schedule_missing_soon(D(UNKNOWN - 1, 11, 20), calendar) == []


def test_the_table_answers_as_the_functions_do():
    calendar = OfficialCalendar()
    first, last = D(UNKNOWN - 2, 1, 1), D(UNKNOWN + 1, 6, 30)
    table = WorkdayTable(first, last, calendar)
    for offset in range(0, (last - first).days - 60, 7):
        start = first + dt.timedelta(days=offset)
        for n in (0, 1, 5, 20):
            assert table.add(start, n) == add_working_days(start, n, calendar)
        end = start + dt.timedelta(days=offset % 50)
        assert table.between(start, end) == max(0, working_days_between(start, end, calendar))
        assert table.on_or_after(start) == working_day_on_or_after(start, calendar).date
    with pytest.raises(ValueError):
        table.add(last, 1)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D(2005, 1, 1), max_value=D(2040, 10, 1)),
    n=st.integers(min_value=0, max_value=60),
)
def test_between_inverts_add(start, n):
    due = add_working_days(start, n)
    assert working_days_between(start, due.date) == n
    assert due.provisional == any(
        OfficialCalendar().is_provisional(start + dt.timedelta(days=i))
        for i in range(1, (due.date - start).days + 1)
    )
    if n:
        assert OfficialCalendar().is_workday(due.date)
        assert due.date > start


ENTERED = OfficialCalendar(
    {
        UNKNOWN: YearSchedule(
            UNKNOWN,
            holidays=frozenset({D(UNKNOWN, 1, 1), D(UNKNOWN, 10, 1), D(UNKNOWN, 10, 2)}),
            workdays=frozenset({D(UNKNOWN, 9, 26), D(UNKNOWN, 10, 2)}),
        )
    }
)


@settings(max_examples=300, deadline=None)
@given(
    a=st.dates(min_value=D(2004, 1, 1), max_value=D(UNKNOWN + 3, 12, 31)),
    span=st.integers(min_value=-800, max_value=800),
    entered=st.booleans(),
)
def test_between_counts_what_a_day_by_day_walk_counts(a, span, entered):
    """The count is arithmetic (weekdays plus each year's exceptions), not a walk over the
    days — an appeal open for years is counted at once — and agrees with the walk."""
    calendar = ENTERED if entered else OfficialCalendar()
    b = a + dt.timedelta(days=span)
    first, last = min(a, b), max(a, b)
    walked = sum(
        calendar.is_workday(first + dt.timedelta(days=i)) for i in range(1, (last - first).days + 1)
    )
    assert working_days_between(a, b, calendar) == (walked if b >= a else -walked)
