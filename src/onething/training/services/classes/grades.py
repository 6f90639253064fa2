"""Grades (成绩): a score of 100 with one decimal per student and course, entered by the
institute's teachers (its staff) or an adviser for the classes they lead (any other class:
403). A score outside the scale is a 422 naming the field and the rule; every problem of a
sheet at once, nothing written unless all is right. The verdict (``passed``) is the rule's
(``rules.passing``: the course's pass mark, and 80 % attendance when it was taken), kept
with the grade and judged again when the student's attendance changes. A grade may be
corrected (audited, with what it was) until a transcript carrying it is issued: then it is
a 409 until that transcript is revoked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem
from onething.core.permissions import Actor
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record_many

from ...models import Course, Enrolment, Grade
from ...rules.common import score_value
from ...rules.passing import course_passed
from ...rules.statuses import ADVISER, LEFT, TEACHER
from ...selectors.classes import (
    attendance_rates,
    class_get,
    enrolment_for_grading,
    is_staff_of,
    locked_grades,
)


@dataclass(frozen=True)
class GradeInput:
    """One score to enter: the student, the course, the score as sent, and the names of
    the fields its problems are about."""

    number: str
    course: Any
    score: Any
    score_field: str
    course_field: str


@dataclass(frozen=True)
class Graded:
    created: int
    corrected: int
    unchanged: int


def _grader(actor: Actor, enrolment: Enrolment) -> str:
    department = enrolment.cohort.programme.institute.department_id
    return TEACHER if is_staff_of(actor, department) else ADVISER


def _record(actor: Actor, entries: list[GradeInput], students: dict[str, Enrolment]) -> Graded:
    problems: list[FieldProblem | None] = []
    tracks = {e.track_id for e in students.values()}
    courses = {c.code: c for c in Course.objects.filter(track_id__in=tracks)}
    wanted: list[tuple[Enrolment, Course, Any]] = []
    seen: set[tuple[str, str]] = set()
    if not entries:
        problems.append(FieldProblem("grades", "required", _("Enter at least one score.")))
    for entry in entries:
        enrolment = students.get(entry.number)
        course = courses.get(str(entry.course)) if isinstance(entry.course, str) else None
        score, problem = score_value(entry.score_field, entry.score)
        problems.append(problem)
        if enrolment is None:
            problems.append(
                FieldProblem(
                    entry.score_field,
                    "not_in_class",
                    _("%(n)s is not a student of this class.") % {"n": str(entry.number)[:30]},
                )
            )
            continue
        if enrolment.status == LEFT:
            problems.append(
                FieldProblem(
                    entry.score_field,
                    "withdrawn",
                    _("%(n)s has withdrawn: no grade is entered for them.")
                    % {"n": enrolment.number},
                )
            )
        if course is None or course.track_id != enrolment.track_id:
            problems.append(
                FieldProblem(
                    entry.course_field,
                    "not_in_track",
                    _("%(c)s is not a course of the student's track.")
                    % {"c": str(entry.course)[:30]},
                )
            )
            continue
        if (enrolment.number, course.code) in seen:
            problems.append(
                FieldProblem(entry.course_field, "duplicate", _("This course is entered twice."))
            )
            continue
        seen.add((enrolment.number, course.code))
        wanted.append((enrolment, course, score))
    refuse_if(problems)

    ids = {e.pk for e in students.values()}
    existing = {
        (g.enrolment_id, g.course_id): g
        for g in Grade.objects.select_for_update(of=("self",)).filter(enrolment_id__in=ids)
    }
    locked = locked_grades(ids)
    refused = [
        f"{e.number} {c.code}"
        for e, c, score in wanted
        if (e.pk, c.pk) in locked
        and (e.pk, c.pk) in existing
        and existing[(e.pk, c.pk)].score != score
    ]
    if refused:
        raise Conflict(
            _(
                "A grade on an issued transcript is not corrected: revoke the transcript "
                "first (%(g)s)."
            )
            % {"g": "、".join(refused[:10])},
            code="grade_on_transcript",
            details={"grades": refused},
        )
    rates = attendance_rates(ids)
    now = clock.now()
    made, changed, records = [], [], []
    for enrolment, course, score in wanted:
        passed = course_passed(score, course.pass_mark, rates.get(enrolment.pk))
        found = existing.get((enrolment.pk, course.pk))
        if found is None:
            grade = Grade(
                enrolment=enrolment,
                course=course,
                score=score,
                passed=passed,
                grader_kind=_grader(actor, enrolment),
                entered_by_id=actor.user_id,
                entered_at=now,
            )
            made.append(grade)
            continue
        if found.score == score:
            continue
        records.append(
            {
                "action": "training.grade.correct",
                "subject": enrolment,
                "before": {"course": course.code, "score": found.score, "passed": found.passed},
                "after": {"course": course.code, "score": score, "passed": passed},
            }
        )
        found.score, found.passed, found.entered_at = score, passed, now
        found.entered_by_id, found.grader_kind = actor.user_id, _grader(actor, enrolment)
        changed.append(found)
    Grade.objects.bulk_create(made, batch_size=500)
    Grade.objects.bulk_update(
        changed, ["score", "passed", "entered_at", "entered_by", "grader_kind"]
    )
    records += [
        {
            "action": "training.grade.enter",
            "subject": g.enrolment,
            "after": {"course": g.course.code, "score": g.score, "passed": g.passed},
        }
        for g in made
    ]
    if records:
        audit_record_many(actor=actor, records=records)
    return Graded(len(made), len(changed), len(wanted) - len(made) - len(changed))


@transaction.atomic
def grades_record_sheet(
    *, actor: Actor, cohort_code: str, track_code: str, course: Any, scores: dict[str, Any]
) -> Graded:
    """A course's grade sheet for a class (student number → score): the institute's
    teachers, or the class's adviser. Problems name ``course`` and ``scores.<number>``."""
    klass = class_get(actor, cohort_code, track_code)
    if not isinstance(scores, dict):
        scores = {}
    students = {
        e.number: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort__programme__institute")
        .filter(cohort=klass.cohort, track=klass.track, number__in=[str(n) for n in scores])
    }
    entries = [
        GradeInput(str(number), course, score, f"scores.{number}", "course")
        for number, score in scores.items()
    ]
    if not entries:
        refuse_if([FieldProblem("scores", "required", _("Enter at least one score."))])
    return _record(actor, entries, students)


@transaction.atomic
def grades_record(*, actor: Actor, number: str, grades: Iterable[dict[str, Any]]) -> Graded:
    """A student's scores (``[{"course": code, "score": 86.5}]``): the institute's
    teachers, or an adviser of the student's class (another class: 403). Problems name
    ``grades.<i>.course`` and ``grades.<i>.score``."""
    enrolment = enrolment_for_grading(actor, number)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort__programme__institute")
        .get(pk=enrolment.pk)
    )
    entries = [
        GradeInput(
            enrolment.number,
            row.get("course") if isinstance(row, dict) else None,
            row.get("score") if isinstance(row, dict) else None,
            f"grades.{i}.score",
            f"grades.{i}.course",
        )
        for i, row in enumerate(list(grades or []))
    ]
    return _record(actor, entries, {enrolment.number: enrolment})


def grades_judge_again(*, actor: Actor, enrolment_ids: Iterable[int]) -> int:
    """Judge the grades of these students again (their attendance changed): how many
    verdicts changed. Inside the caller's transaction; the change that caused it is
    audited by its caller."""
    ids = set(enrolment_ids)
    if not ids:
        return 0
    rates = attendance_rates(ids)
    changed = []
    for grade in (
        Grade.objects.select_for_update(of=("self",))
        .filter(enrolment_id__in=ids)
        .select_related("course")
    ):
        passed = course_passed(grade.score, grade.course.pass_mark, rates.get(grade.enrolment_id))
        if passed != grade.passed:
            grade.passed = passed
            changed.append(grade)
    Grade.objects.bulk_update(changed, ["passed"])
    return len(changed)
