from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache

from ..models import WorkdayScheduleDay, WorkdayScheduleYear
from ..workdays import OfficialCalendar, YearSchedule, package_years, schedule_missing_soon

CACHE_KEY = "core:entered-schedules:v1"


def _entered() -> dict[int, YearSchedule]:
    days = WorkdayScheduleDay.objects.values_list("schedule__year", "date", "kind")
    grouped: dict[int, tuple[set, set]] = {
        y: (set(), set()) for y in WorkdayScheduleYear.objects.values_list("year", flat=True)
    }
    for year, day, kind in days:
        grouped[year][0 if kind == WorkdayScheduleDay.Kind.HOLIDAY else 1].add(day)
    return {y: YearSchedule(y, frozenset(h), frozenset(w)) for y, (h, w) in grouped.items()}


def official_calendar(*, fresh: bool = False) -> OfficialCalendar:
    """The package's calendar extended by the schedules staff entered (cached; entering a
    schedule clears the cache once it commits). ``fresh`` reads the schedules from the
    database and leaves the cache alone: what a transaction that is entering one counts
    with (its uncommitted schedule must never reach the shared cache)."""
    if fresh:
        return OfficialCalendar(extra=_entered())
    extra = cache.get(CACHE_KEY)
    if extra is None:
        extra = _entered()
        cache.set(CACHE_KEY, extra, 3600)
    return OfficialCalendar(extra=extra)


def schedules_missing(today: dt.date) -> list[int]:
    """The years whose schedule is needed by ``today`` and not there (this year, and from
    1 November next year): the operations page warns of them."""
    return schedule_missing_soon(today, official_calendar())


@dataclass(frozen=True)
class ScheduleYear:
    year: int
    source: str  # the notice; "" for the package's years
    entered: bool  # entered by staff (else published in the chinesecalendar package)
    holidays: int
    workdays: int
    entered_at: dt.datetime | None = None


def schedule_years(around: dt.date) -> list[ScheduleYear]:
    """The schedules of the years from two before ``around`` to two after it, whether the
    package has them or staff entered them; a year with neither is not listed."""
    entered = {
        s.year: s
        for s in WorkdayScheduleYear.objects.filter(
            year__range=(around.year - 2, around.year + 2)
        ).prefetch_related("days")
    }
    years = []
    for year in range(around.year - 2, around.year + 3):
        schedule = entered.get(year)
        if schedule is not None:
            kinds = [d.kind for d in schedule.days.all()]
            years.append(
                ScheduleYear(
                    year,
                    schedule.source,
                    True,
                    kinds.count(WorkdayScheduleDay.Kind.HOLIDAY),
                    kinds.count(WorkdayScheduleDay.Kind.WORKDAY),
                    schedule.entered_at,
                )
            )
        elif year in package_years():
            years.append(ScheduleYear(year, "", False, *_package_counts(year)))
    return years


def _package_counts(year: int) -> tuple[int, int]:
    import chinese_calendar

    holidays = sum(1 for d in chinese_calendar.holidays if d.year == year and d.weekday() < 5)
    workdays = sum(1 for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
    return holidays, workdays
