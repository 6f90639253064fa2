"""Attendance (考勤): a day's marks for a class (a cohort's track), by the institute's
staff or the class's adviser. One mark per student per day (the database's key): marking a
day again updates the marks that changed, each change audited with what it was before.
Every problem of the sheet at once (the day, each student's mark), nothing written unless
all is right. A student's rate changes their grades' verdicts (``rules.passing``), so the
marked students' grades are judged again in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.permissions import Actor
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record_many

from ...models import Attendance, Enrolment
from ...rules.classes import mark_problem
from ...rules.statuses import ENROLLED
from ...selectors.classes import ClassRef, class_get, enrolment_for_grading
from .grades import grades_judge_again


@dataclass(frozen=True)
class Marked:
    """What a day's sheet did: marks made, marks changed, marks as they were."""

    day: dt.date
    created: int
    changed: int
    unchanged: int


def _day(value: Any, klass: ClassRef) -> tuple[dt.date | None, FieldProblem | None]:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return None, FieldProblem("day", "type", _("A date (YYYY-MM-DD) is expected."))
    cohort = klass.cohort
    if not cohort.starts_on <= value <= cohort.ends_on:
        return None, FieldProblem(
            "day",
            "outside_cohort",
            _("The class runs from %(a)s to %(b)s.")
            % {"a": f"{cohort.starts_on:%Y-%m-%d}", "b": f"{cohort.ends_on:%Y-%m-%d}"},
        )
    if value > clock.today():
        return None, FieldProblem("day", "future", _("Attendance is taken on a day that came."))
    return value, None


def _sheet_field(number: str) -> str:
    return f"marks.{number}"


def _record(
    actor: Actor, klass: ClassRef, day: Any, marks: dict[str, Any], field_of=_sheet_field
) -> Marked:
    taken, problem = _day(day, klass)
    problems: list[FieldProblem | None] = [problem]
    if not isinstance(marks, dict) or not marks:
        problems.append(FieldProblem("marks", "required", _("Mark at least one student.")))
        marks = {}
    students = {
        e.number: e
        for e in Enrolment.objects.select_for_update().filter(
            cohort=klass.cohort, track=klass.track, number__in=[str(n) for n in marks]
        )
    }
    for number, mark in marks.items():
        field = field_of(number)
        enrolment = students.get(str(number))
        if enrolment is None:
            problems.append(
                FieldProblem(
                    field,
                    "not_in_class",
                    _("%(n)s is not a student of this class.") % {"n": str(number)[:30]},
                )
            )
        elif enrolment.status != ENROLLED:
            problems.append(
                FieldProblem(
                    field,
                    "not_in_class",
                    _("%(n)s is no longer in class: attendance is not taken for them.")
                    % {"n": enrolment.number},
                )
            )
        problems.append(mark_problem(field, mark))
    refuse_if(problems)
    existing = {
        a.enrolment_id: a
        for a in Attendance.objects.select_for_update().filter(
            enrolment_id__in=[e.pk for e in students.values()], day=taken
        )
    }
    now = clock.now()
    made, changed, records = [], [], []
    for number, mark in marks.items():
        enrolment = students[str(number)]
        found = existing.get(enrolment.pk)
        if found is None:
            made.append(
                Attendance(
                    enrolment=enrolment,
                    day=taken,
                    mark=mark,
                    recorded_by_id=actor.user_id,
                    recorded_at=now,
                )
            )
            continue
        if found.mark == mark:
            continue
        records.append(
            {
                "action": "training.attendance.correct",
                "subject": enrolment,
                "before": {"day": taken, "mark": found.mark},
                "after": {"day": taken, "mark": mark},
            }
        )
        found.mark, found.recorded_by_id, found.recorded_at = mark, actor.user_id, now
        changed.append(found)
    Attendance.objects.bulk_create(made, batch_size=500)
    Attendance.objects.bulk_update(changed, ["mark", "recorded_by", "recorded_at"])
    records += [
        {
            "action": "training.attendance.mark",
            "subject": a.enrolment,
            "after": {"day": taken, "mark": a.mark},
        }
        for a in made
    ]
    if records:
        audit_record_many(actor=actor, records=records)
        grades_judge_again(actor=actor, enrolment_ids=[a.enrolment_id for a in made + changed])
    return Marked(taken, len(made), len(changed), len(marks) - len(made) - len(changed))


@transaction.atomic
def attendance_record(
    *, actor: Actor, cohort_code: str, track_code: str, day: Any, marks: dict[str, Any]
) -> Marked:
    """A day's marks for the class (student number → present, late, absent or excused):
    the institute's staff, or the class's adviser (anyone else 403)."""
    klass = class_get(actor, cohort_code, track_code)
    return _record(actor, klass, day, marks)


@transaction.atomic
def attendance_mark(*, actor: Actor, number: str, day: Any, mark: Any) -> Marked:
    """One student's mark for a day (the same rules as a class's sheet)."""
    enrolment = enrolment_for_grading(actor, number)
    klass = class_get(actor, enrolment.cohort.code, enrolment.track.code)
    return _record(actor, klass, day, {enrolment.number: mark}, lambda _number: "mark")
