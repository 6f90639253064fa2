from __future__ import annotations

from django.core.cache import cache

from ..models import WorkdayScheduleDay, WorkdayScheduleYear
from ..workdays import OfficialCalendar, YearSchedule

CACHE_KEY = "core:entered-schedules:v1"


def official_calendar() -> OfficialCalendar:
    """The package's calendar extended by the schedules staff entered (cached; entering a
    schedule clears the cache)."""
    extra = cache.get(CACHE_KEY)
    if extra is None:
        extra = {}
        days = WorkdayScheduleDay.objects.values_list("schedule__year", "date", "kind")
        grouped: dict[int, tuple[set, set]] = {
            y: (set(), set()) for y in WorkdayScheduleYear.objects.values_list("year", flat=True)
        }
        for year, day, kind in days:
            grouped[year][0 if kind == WorkdayScheduleDay.Kind.HOLIDAY else 1].add(day)
        extra = {y: YearSchedule(y, frozenset(h), frozenset(w)) for y, (h, w) in grouped.items()}
        cache.set(CACHE_KEY, extra, 3600)
    return OfficialCalendar(extra=extra)
