from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import FieldProblem, ValidationFailed
from ..models import WorkdayScheduleDay, WorkdayScheduleYear
from ..permissions import Actor, require_role
from ..selectors.calendar import CACHE_KEY
from .audit import audit_record


def schedule_problems(year: int, days: list[tuple[dt.date, str, str]]) -> list[FieldProblem]:
    """Pure checks of an entered schedule: dates inside the year, holidays on weekdays,
    make-up workdays on weekends, no date twice."""
    problems: list[FieldProblem] = []
    seen: set[dt.date] = set()
    for i, (day, kind, _name) in enumerate(days):
        where = f"days[{i}]"
        if day.year != year:
            problems.append(
                FieldProblem(where, "year", _("%(d)s is not in %(y)s.") % {"d": day, "y": year})
            )
        if day in seen:
            problems.append(FieldProblem(where, "unique", _("%(d)s is listed twice.") % {"d": day}))
        seen.add(day)
        if kind == WorkdayScheduleDay.Kind.HOLIDAY and day.weekday() >= 5:
            problems.append(
                FieldProblem(
                    where, "weekend_holiday", _("%(d)s is a weekend day already.") % {"d": day}
                )
            )
        elif kind == WorkdayScheduleDay.Kind.WORKDAY and day.weekday() < 5:
            problems.append(
                FieldProblem(
                    where, "weekday_workday", _("%(d)s is a weekday already.") % {"d": day}
                )
            )
        elif kind not in WorkdayScheduleDay.Kind.values:
            problems.append(FieldProblem(where, "choice", _("Kind is holiday or workday.")))
    return problems


@transaction.atomic
def schedule_enter(
    *, actor: Actor, year: int, source: str, days: list[tuple[dt.date, str, str]]
) -> WorkdayScheduleYear:
    """Enter (or replace) a year's official schedule from the State Council's notice."""
    require_role(actor, "admin", "supervisor")
    problems = schedule_problems(year, days)
    if not source.strip():
        problems.append(FieldProblem("source", "required", _("Name the notice.")))
    if problems:
        raise ValidationFailed(problems)
    schedule, _created = WorkdayScheduleYear.objects.update_or_create(
        year=year, defaults={"source": source.strip()}
    )
    schedule.days.all().delete()
    WorkdayScheduleDay.objects.bulk_create(
        WorkdayScheduleDay(schedule=schedule, date=d, kind=k, name=n) for d, k, n in days
    )
    audit_record(
        actor=actor,
        action="calendar.schedule_enter",
        subject=schedule,
        after={"source": source, "days": [[d.isoformat(), k, n] for d, k, n in days]},
    )
    cache.delete(CACHE_KEY)  # this process sees it at once …
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))  # … and nobody keeps a stale copy
    return schedule
