"""Working days from the official Chinese calendar (holidays and 调休 make-up workdays).

Pure arithmetic, no database; the one place the platform counts working days. The official
schedule comes from the ``chinesecalendar`` package (every year the State Council has
published, up to its release), extended by the schedules staff enter for later years
(``WorkdayScheduleYear``). A day of a year that neither knows counts on weekends alone
(Monday to Friday are working days), and any deadline counted through such a day is
*provisional* (暂定): shown so, and recomputed when the year's schedule is entered. No date
ever makes a count fail: every December cases and appeals fall due in a year whose
schedule is not out yet, and intake must go on.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar

# The official schedule is published in the autumn (the State Council's notice usually
# comes out in late October or November): from this day of the year on, a missing next
# year is worth a warning to the people who enter it.
WARN_FROM = (11, 1)


@cache
def package_years() -> range:
    """The years the installed ``chinesecalendar`` release has official data for."""
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return range(min(years), max(years) + 1)


@dataclass(frozen=True)
class YearSchedule:
    """A year's exceptions: weekdays off (holidays) and weekend days on (make-up workdays)."""

    year: int
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class DueDate:
    """A deadline, ``provisional`` when its count ran through a year with no schedule."""

    date: dt.date
    provisional: bool = False


@dataclass(frozen=True)
class OfficialCalendar:
    """The package's published years plus the schedules entered by staff (which win);
    Monday to Friday in any other year (provisional)."""

    extra: dict[int, YearSchedule] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        return year in self.extra or year in package_years()

    def is_provisional(self, day: dt.date) -> bool:
        """Whether ``day`` is counted by the weekend-only rule (its year has no schedule)."""
        return not self.covers(day.year)

    def is_workday(self, day: dt.date) -> bool:
        schedule = self.extra.get(day.year)
        if schedule is None and day.year in package_years():
            schedule = _package_year(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
        return day.weekday() < 5  # else (no schedule yet: provisional) weekends alone

    def exceptions(self, year: int) -> tuple[list[dt.date], list[dt.date]]:
        """The year's exceptions to Monday-to-Friday, each sorted: weekend days that are
        working days (调休), weekdays that are not (holidays)."""
        schedule = self.extra.get(year)
        if schedule is not None:
            return _exceptions(schedule)
        if year in package_years():
            return _exceptions(_package_year(year))
        return [], []

    def missing_years(self, first: dt.date, last: dt.date) -> list[int]:
        """The years from ``first`` to ``last`` with no schedule."""
        return [y for y in range(first.year, last.year + 1) if not self.covers(y)]


@cache
def _package_year(year: int) -> YearSchedule:
    return YearSchedule(
        year,
        frozenset(d for d in chinese_calendar.holidays if d.year == year),
        frozenset(d for d in chinese_calendar.workdays if d.year == year),
    )


@cache
def _exceptions(schedule: YearSchedule) -> tuple[list[dt.date], list[dt.date]]:
    extra_days = sorted(d for d in schedule.workdays if d.weekday() >= 5)
    days_off = sorted(d for d in schedule.holidays - schedule.workdays if d.weekday() < 5)
    return extra_days, days_off


def _weekdays_through(day: dt.date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday) to ``day``, inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _calendar(calendar: OfficialCalendar | None) -> OfficialCalendar:
    return calendar if calendar is not None else OfficialCalendar()


def add_working_days(start: dt.date, n: int, calendar: OfficialCalendar | None = None) -> DueDate:
    """The n-th working day after ``start`` (``start`` itself not counted); n = 0 → start.

    A statutory limit of 5 working days for a case accepted on Friday 2025-09-26 ends on
    2025-10-10: Sunday 28 September is a make-up workday, 1-8 October are the National Day
    holiday. Provisional when a day counted lies in a year with no schedule."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = _calendar(calendar)
    day, provisional = start, False
    while n:
        day += dt.timedelta(days=1)
        provisional = provisional or cal.is_provisional(day)
        if cal.is_workday(day):
            n -= 1
    return DueDate(day, provisional)


def working_day_on_or_after(day: dt.date, calendar: OfficialCalendar | None = None) -> DueDate:
    """``day`` itself if it is a working day, else the next working day."""
    cal = _calendar(calendar)
    provisional = cal.is_provisional(day)
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
        provisional = provisional or cal.is_provisional(day)
    return DueDate(day, provisional)


def due_after(start: dt.date, n: int, calendar: OfficialCalendar | None = None) -> DueDate:
    """A time limit of ``n`` working days from ``start``: the n-th working day after it, and
    for a limit of 0 (the same day) ``start`` itself if it is a working day, else the next."""
    if n == 0:
        return working_day_on_or_after(start, calendar)
    return add_working_days(start, n, calendar)


def working_days_between(a: dt.date, b: dt.date, calendar: OfficialCalendar | None = None) -> int:
    """Working days in (a, b]: how many working days after ``a`` day ``b`` is; negative when
    ``b`` is before ``a``. For a working day b ≥ a: ``add_working_days(a, result).date == b``.
    Days of a year with no schedule count on weekends alone."""
    if b < a:
        return -working_days_between(b, a, calendar)
    cal = _calendar(calendar)
    count = _weekdays_through(b) - _weekdays_through(a)
    for year in range(a.year, b.year + 1):  # a year's exceptions within (a, b]
        extra_days, days_off = cal.exceptions(year)
        count += bisect_right(extra_days, b) - bisect_right(extra_days, a)
        count -= bisect_right(days_off, b) - bisect_right(days_off, a)
    return count


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def schedule_missing_soon(today: dt.date, calendar: OfficialCalendar) -> list[int]:
    """The years whose schedule is missing and needed by now: this year, and from
    1 November next year too (deadlines of December run into it)."""
    years = [] if calendar.covers(today.year) else [today.year]
    if (today.month, today.day) >= WARN_FROM and not calendar.covers(today.year + 1):
        years.append(today.year + 1)
    return years


class WorkdayTable:
    """The working days from ``first`` to ``last`` (inclusive) on ``calendar``, as a table:
    answers in O(1) what the functions above answer day by day (for bulk loads and long
    plans). Raises ValueError for a day outside the table."""

    def __init__(self, first: dt.date, last: dt.date, calendar: OfficialCalendar | None = None):
        cal = _calendar(calendar)
        self.first, self.last = first, last
        self.workdays: list[dt.date] = []  # the working days, in order
        self._done: list[int] = []  # working days up to and including each day
        self._unpublished: list[int] = []  # days of unpublished years up to each day
        done = unpublished = 0
        for day in _days(first, last):
            unpublished += cal.is_provisional(day)
            if cal.is_workday(day):
                done += 1
                self.workdays.append(day)
            self._done.append(done)
            self._unpublished.append(unpublished)

    def _at(self, day: dt.date) -> int:
        i = (day - self.first).days
        if not 0 <= i < len(self._done):
            raise ValueError(f"{day} is outside the table ({self.first} to {self.last})")
        return i

    def is_workday(self, day: dt.date) -> bool:
        i = self._at(day)
        return self._done[i] > (self._done[i - 1] if i else 0)

    def add(self, start: dt.date, n: int) -> DueDate:
        """As :func:`add_working_days`."""
        if n < 0:
            raise ValueError("n must not be negative")
        i = self._at(start)
        if n == 0:
            return DueDate(start, False)
        k = self._done[i] + n - 1
        if k >= len(self.workdays):
            raise ValueError(f"{n} working days after {start} is past {self.last}")
        due = self.workdays[k]
        return DueDate(due, self._unpublished[self._at(due)] > self._unpublished[i])

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b], never negative (how long something took)."""
        if b <= a:
            return 0
        return self._done[self._at(b)] - self._done[self._at(a)]

    def on_or_after(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one."""
        k = bisect_left(self.workdays, day)
        if k >= len(self.workdays):
            raise ValueError(f"no working day from {day} to {self.last}")
        return self.workdays[k]
