"""Entering a year's official holiday schedule (from the State Council's notice, typed in or
imported from .xlsx), and counting again every open deadline that was provisional.

The apps that keep deadlines answer :data:`deadlines_recount` (a signal sent inside the
entering transaction with the new calendar): each counts its own open provisional deadlines
again through its own service and returns ``{label: how many changed}``. So core needs to
know nothing of cases or appeals, and the schedule and the deadlines it moves are written
together or not at all."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..errors import FieldProblem, ValidationFailed
from ..models import WorkdayScheduleDay, WorkdayScheduleYear
from ..permissions import Actor, require_role
from ..selectors.calendar import CACHE_KEY, official_calendar
from ..workdays import DueDate
from ..xlsx import read_table
from ..xlsx_rows import RowProblems, cell_text
from .audit import audit_record, audit_record_many

# Sent with ``actor`` and ``calendar`` (the official calendar with the new schedule); each
# receiver returns {label: number of deadlines it changed}.
deadlines_recount = Signal()

KIND_WORDS = {
    "holiday": WorkdayScheduleDay.Kind.HOLIDAY,
    "休": WorkdayScheduleDay.Kind.HOLIDAY,
    "放假": WorkdayScheduleDay.Kind.HOLIDAY,
    "休息": WorkdayScheduleDay.Kind.HOLIDAY,
    "节假日": WorkdayScheduleDay.Kind.HOLIDAY,
    "workday": WorkdayScheduleDay.Kind.WORKDAY,
    "班": WorkdayScheduleDay.Kind.WORKDAY,
    "上班": WorkdayScheduleDay.Kind.WORKDAY,
    "调休上班": WorkdayScheduleDay.Kind.WORKDAY,
    "补班": WorkdayScheduleDay.Kind.WORKDAY,
}
XLSX_COLUMNS = {
    "日期": "date",
    "date": "date",
    "类型": "kind",
    "kind": "kind",
    "节日": "name",
    "name": "name",
    "festival": "name",
}


@dataclass(frozen=True)
class ScheduleEntered:
    schedule: WorkdayScheduleYear
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def deadlines_recounted(
    objects: Iterable[Any],
    *,
    count: Callable[[Any], DueDate],
    save: Callable[[Any, DueDate], None],
    action: str,
    actor: Actor,
) -> int:
    """For a ``deadlines_recount`` receiver: count each object's deadline again
    (``count``), save the ones that changed (``save``) and audit each change (``action``,
    the due date before and after); how many changed."""
    records = []
    for obj in objects:
        due = count(obj)
        if (due.date, due.provisional) == (obj.due_date, obj.due_provisional):
            continue
        before = {"due_date": obj.due_date, "due_provisional": obj.due_provisional}
        save(obj, due)
        after = {"due_date": due.date, "due_provisional": due.provisional}
        records.append({"action": action, "subject": obj, "before": before, "after": after})
    if records:
        audit_record_many(actor=actor, records=records)
    return len(records)


def schedule_entered_message(result: ScheduleEntered) -> str:
    """What the person who entered a schedule is told."""
    return _(
        "The schedule of %(year)s is entered; %(n)s open provisional deadlines were counted "
        "again and changed (cases %(cases)s, rectifications %(rect)s, appeals %(appeals)s)."
    ) % {
        "year": result.schedule.year,
        "n": result.total,
        "cases": result.changed.get("cases", 0),
        "rect": result.changed.get("rectifications", 0),
        "appeals": result.changed.get("appeals", 0),
    }


def schedule_problems(year: int, days: list[tuple[dt.date, str, str]]) -> list[FieldProblem]:
    """Pure checks of an entered schedule: dates inside the year, holidays on weekdays,
    make-up workdays on weekends, no date twice. Each problem names its date."""
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
                    where,
                    "weekend_holiday",
                    _("%(d)s is a weekend day already, not a holiday to enter.") % {"d": day},
                )
            )
        elif kind == WorkdayScheduleDay.Kind.WORKDAY and day.weekday() < 5:
            problems.append(
                FieldProblem(
                    where,
                    "weekday_workday",
                    _("%(d)s is a weekday already, not a make-up workday.") % {"d": day},
                )
            )
        elif kind not in WorkdayScheduleDay.Kind.values:
            problems.append(
                FieldProblem(where, "choice", _("Kind is a holiday or a make-up workday."))
            )
    return problems


def _year_problems(year: Any) -> list[FieldProblem]:
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2200:
        return [FieldProblem("year", "range", _("A year from 2000 to 2200."))]
    return []


@transaction.atomic
def schedule_enter(
    *, actor: Actor, year: int, source: str, days: list[tuple[dt.date, str, str]]
) -> ScheduleEntered:
    """Enter (or replace) a year's official schedule from the State Council's notice, then
    count every open provisional deadline again; one audit entry says how many changed."""
    require_role(actor, "admin", "supervisor")
    problems = _year_problems(year)
    if not problems:
        problems += schedule_problems(year, days)
    if not (source or "").strip():
        problems.append(FieldProblem("source", "required", _("Name the notice.")))
    elif len(source.strip()) > 200:
        problems.append(FieldProblem("source", "max_length", _("At most 200 characters.")))
    if problems:
        raise ValidationFailed(problems)
    schedule, created = WorkdayScheduleYear.objects.update_or_create(
        year=year, defaults={"source": source.strip()}
    )
    schedule.days.all().delete()
    WorkdayScheduleDay.objects.bulk_create(
        WorkdayScheduleDay(schedule=schedule, date=d, kind=k, name=(n or "")[:40])
        for d, k, n in sorted(days)
    )
    # Counted with the schedule as this transaction sees it; everybody (every server) counts
    # with it once it commits, and nobody if it rolls back.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    calendar = official_calendar(fresh=True)
    changed: dict[str, int] = {}
    for _receiver, answer in deadlines_recount.send(sender=None, actor=actor, calendar=calendar):
        for label, n in (answer or {}).items():
            changed[label] = changed.get(label, 0) + n
    audit_record(
        actor=actor,
        action="calendar.schedule_enter",
        subject=schedule,
        after={
            "source": source.strip(),
            "days": [[d.isoformat(), k, n] for d, k, n in sorted(days)],
            "replaced": not created,
            "deadlines_changed": changed,
        },
    )
    return ScheduleEntered(schedule, changed)


def schedule_rows(data: bytes) -> list[tuple[dt.date, str, str]]:
    """The days of a schedule workbook (columns 日期 / 类型 / 节日, or date / kind / name): a
    date, 休 or 班 (holiday or make-up workday), and the festival's name. Every bad row is
    named at once; nothing is entered from a workbook with a bad row."""
    rows = read_table(data, XLSX_COLUMNS, required={"date", "kind"})
    days, problems = [], RowProblems()
    for n, row in rows:
        raw = row.get("date")
        if isinstance(raw, dt.datetime):
            day = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        else:
            try:
                day = dt.date.fromisoformat(cell_text(raw).replace("/", "-"))
            except ValueError:
                problems.add(
                    n,
                    "date",
                    "date",
                    _("Row %(n)s: %(v)s is not a date (2027-01-01).")
                    % {"n": n, "v": cell_text(raw) or _("(empty)")},
                )
                continue
        kind = KIND_WORDS.get(cell_text(row.get("kind")).lower())
        if kind is None:
            problems.add(
                n,
                "kind",
                "choice",
                _("Row %(n)s: the kind is 休 (holiday) or 班 (make-up workday).") % {"n": n},
            )
            continue
        days.append((day, str(kind), cell_text(row.get("name"))[:40]))
    problems.raise_any()
    return days


def schedule_lines(text: str) -> list[tuple[dt.date, str, str]]:
    """The days of a schedule typed one per line, as the notice reads: a date, 休 or 班,
    and the festival (``2027-01-01 休 元旦``; commas or tabs separate as well). Every bad
    line is named at once."""
    days, problems = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        parts = [p for p in re.split(r"[\s,，、\t]+", line.strip()) if p]
        if not parts:
            continue
        try:
            day = dt.date.fromisoformat(parts[0].replace("/", "-").replace(".", "-"))
        except ValueError:
            problems.append(
                FieldProblem(
                    "days",
                    "date",
                    _("Line %(n)s: %(v)s is not a date (2027-01-01).") % {"n": n, "v": parts[0]},
                )
            )
            continue
        kind = KIND_WORDS.get(parts[1].lower()) if len(parts) > 1 else None
        if kind is None:
            problems.append(
                FieldProblem(
                    "days",
                    "choice",
                    _("Line %(n)s (%(d)s): say 休 for a holiday or 班 for a make-up workday.")
                    % {"n": n, "d": day},
                )
            )
            continue
        days.append((day, str(kind), " ".join(parts[2:])[:40]))
    if problems:
        raise ValidationFailed(problems)
    return days


def schedule_import(*, actor: Actor, year: int, source: str, data: bytes) -> ScheduleEntered:
    """Enter a year's schedule from an .xlsx workbook (see :func:`schedule_rows`)."""
    require_role(actor, "admin", "supervisor")
    return schedule_enter(actor=actor, year=year, source=source, days=schedule_rows(data))
