"""Working-day arithmetic on the official calendar — pure, no database."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onething.core.errors import CalendarNotPublished
from onething.core.workdays import (
    OfficialCalendar,
    YearSchedule,
    add_working_days,
    add_working_days_provisional,
    package_years,
    working_days_between,
)

D = dt.date


class TestNationalDay2025:
    # 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are workdays.
    def test_make_up_sunday_counts(self):
        assert add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)

    def test_holiday_week_is_skipped(self):
        assert add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 10)
        assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)

    def test_make_up_saturday_counts(self):
        assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)
        assert add_working_days(D(2025, 10, 11), 1) == D(2025, 10, 13)

    def test_between(self):
        # 28, 29, 30 Sep; 9, 10, 11 Oct
        assert working_days_between(D(2025, 9, 26), D(2025, 10, 11)) == 6
        assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
        assert working_days_between(D(2025, 10, 11), D(2025, 9, 26)) == -6


class TestSpringFestival2026:
    # 2026: 15–23 February off; Saturdays 14 and 28 February are workdays.
    def test_make_up_saturday_before(self):
        assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)

    def test_festival_is_skipped(self):
        assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)

    def test_make_up_saturday_after(self):
        assert add_working_days(D(2026, 2, 27), 1) == D(2026, 2, 28)
        assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6

    def test_statutory_limit_across_the_festival(self):
        # 20 working days from Monday 9 February 2026
        assert add_working_days(D(2026, 2, 9), 20) == D(2026, 3, 13)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_working_days(D(2025, 10, 3), 0) == D(2025, 10, 3)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 10, 3), -1)


def test_past_the_published_data_is_a_clear_error():
    first_unknown = package_years()[-1] + 1
    with pytest.raises(CalendarNotPublished) as info:
        add_working_days(D(first_unknown - 1, 12, 28), 10)
    assert info.value.details == {"year": first_unknown}
    assert str(first_unknown) in info.value.message
    assert info.value.status == 422


def test_provisional_counts_weekends_only_and_says_so():
    first_unknown = package_years()[-1] + 1
    start = D(first_unknown, 1, 5)
    due = add_working_days_provisional(start, 5)
    assert due.provisional is True
    expected = start
    n = 5
    while n:
        expected += dt.timedelta(days=1)
        if expected.weekday() < 5:
            n -= 1
    assert due.date == expected
    published = add_working_days_provisional(D(2025, 9, 26), 5)
    assert published == type(due)(D(2025, 10, 10), False)


def test_entered_schedule_extends_the_package():
    year = package_years()[-1] + 1
    new_year = D(year, 1, 1)
    while new_year.weekday() >= 5:  # a weekday holiday
        new_year += dt.timedelta(days=1)
    saturday = D(year, 1, 1) + dt.timedelta(days=(5 - D(year, 1, 1).weekday()) % 7)
    calendar = OfficialCalendar(
        extra={year: YearSchedule(year, frozenset({new_year}), frozenset({saturday}))}
    )
    assert calendar.is_workday(new_year) is False
    assert calendar.is_workday(saturday) is True
    assert calendar.covers(year)
    assert add_working_days_provisional(D(year - 1, 12, 31), 3, calendar).provisional is False


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 10, 1)),
    n=st.integers(min_value=0, max_value=60),
)
def test_between_inverts_add(start, n):
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    if n:
        assert OfficialCalendar().is_workday(due)
        assert due > start
