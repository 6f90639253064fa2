"""Working days for a bulk load, pure: a table over a span of days answers in O(1) what
``core.workdays.add_working_days_provisional`` and ``working_days_between`` answer day by
day (the same official calendar; a day of a year it does not cover counts on weekends
alone, and a due date counted through such a day is provisional)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from onething.core.workdays import OfficialCalendar, WeekendCalendar


class WorkdayTable:
    """The working days from ``first`` to ``last`` (inclusive), from ``calendar``."""

    def __init__(self, first: dt.date, last: dt.date, calendar: OfficialCalendar):
        fallback = WeekendCalendar()
        self.first, self.last = first, last
        self.days: list[dt.date] = []
        self.workdays: list[dt.date] = []  # the working days, in order
        self._done: list[int] = []  # working days up to and including each day
        self._unpublished: list[int] = []  # days of unpublished years up to each day
        covered: dict[int, bool] = {}
        done = unpublished = 0
        day = first
        while day <= last:
            if day.year not in covered:
                covered[day.year] = calendar.covers(day.year)
            if covered[day.year]:
                working = calendar.is_workday(day)
            else:
                working, unpublished = fallback.is_workday(day), unpublished + 1
            if working:
                done += 1
                self.workdays.append(day)
            self.days.append(day)
            self._done.append(done)
            self._unpublished.append(unpublished)
            day += dt.timedelta(days=1)

    def _at(self, day: dt.date) -> int:
        i = (day - self.first).days
        if not 0 <= i < len(self.days):
            raise ValueError(f"{day} is outside the table ({self.first} to {self.last})")
        return i

    def is_workday(self, day: dt.date) -> bool:
        i = self._at(day)
        return self._done[i] > (self._done[i - 1] if i else 0)

    def add(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """(the n-th working day after ``start``, provisional?): ``start`` itself not
        counted; n = 0 → ``start``."""
        if n <= 0:
            return start, False
        i = self._at(start)
        k = self._done[i] + n - 1
        if k >= len(self.workdays):
            raise ValueError(f"{n} working days after {start} is past {self.last}")
        due = self.workdays[k]
        return due, self._unpublished[self._at(due)] > self._unpublished[i]

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b], never negative (how long a case took)."""
        if b <= a:
            return 0
        return self._done[self._at(b)] - self._done[self._at(a)]

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one."""
        k = bisect_right(self.workdays, day - dt.timedelta(days=1))
        return self.workdays[k]
