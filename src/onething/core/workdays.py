"""Working days from the official Chinese calendar (holidays and 调休 make-up workdays).

Pure arithmetic, no database. The official schedule comes from the ``chinesecalendar``
package (every year the State Council has published, up to its release), extended by
schedules staff enter for later years (``WorkdayScheduleYear``). A question about a year
neither knows is an error (``CalendarNotPublished``), never a silent guess; only
:func:`add_working_days_provisional` answers it, on weekends alone, and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar
from django.utils.translation import gettext as _

from .errors import CalendarNotPublished


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
class OfficialCalendar:
    """The package's published years plus the schedules entered by staff (which win)."""

    extra: dict[int, YearSchedule] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        return year in self.extra or year in package_years()

    def is_workday(self, day: dt.date) -> bool:
        schedule = self.extra.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
            return day.weekday() < 5
        if day.year not in package_years():
            raise CalendarNotPublished(
                _(
                    "The official holiday schedule for %(year)s has not been published or "
                    "entered yet, so working days in %(year)s cannot be counted."
                )
                % {"year": day.year},
                details={"year": day.year},
            )
        return chinese_calendar.is_workday(day)


class WeekendCalendar:
    """Monday to Friday: the provisional stand-in for an unpublished year."""

    def is_workday(self, day: dt.date) -> bool:
        return day.weekday() < 5


def add_working_days(start: dt.date, n: int, calendar: OfficialCalendar | None = None) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself not counted); n = 0 → start.

    A statutory limit of 5 working days for a case accepted on Friday 2025-09-26 ends on
    2025-10-10: Sunday 28 September is a make-up workday, 1-8 October are the National Day
    holiday."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = calendar or OfficialCalendar()
    day = start
    while n:
        day += dt.timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def working_days_between(a: dt.date, b: dt.date, calendar: OfficialCalendar | None = None) -> int:
    """Working days in (a, b]: how many working days after ``a`` day ``b`` is; negative when
    ``b`` is before ``a``. For a working day b ≥ a: ``add_working_days(a, result) == b``."""
    if b < a:
        return -working_days_between(b, a, calendar)
    cal = calendar or OfficialCalendar()
    return sum(1 for day in _days(a + dt.timedelta(days=1), b) if cal.is_workday(day))


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool  # True when part of the count ran through an unpublished year


def add_working_days_provisional(
    start: dt.date, n: int, calendar: OfficialCalendar | None = None
) -> DueDate:
    """Like :func:`add_working_days`, but days in a year with no official schedule count on
    weekends alone, and the answer is marked provisional (to be recomputed when the year's
    schedule is entered). Intake is never blocked by a missing schedule."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = calendar or OfficialCalendar()
    fallback = WeekendCalendar()
    day, provisional = start, False
    while n:
        day += dt.timedelta(days=1)
        if cal.covers(day.year):
            working = cal.is_workday(day)
        else:
            working, provisional = fallback.is_workday(day), True
        if working:
            n -= 1
    return DueDate(day, provisional)
