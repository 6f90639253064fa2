"""The grades of the cohorts that finished: each student's mark in each course of their
track, entered by the teacher (the projects of the classes with an adviser, by the adviser
who has an account), a few below the pass mark; the class completed on its last day.
Written in bulk, one audit entry for each cohort.

The 2025 summer class runs from the seed's day to 13 September: its grades and completion
are made only once that day has passed (``complete_current``), as of their moments."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from onething.core import clock
from onething.core.permissions import SYSTEM, actor_for
from onething.core.services.audit import audit_record
from onething.training.models import Enrolment, Grade
from onething.training.services.catalogue import cohort_move

from ..timeline import at
from . import data
from .catalogue import Catalogue
from .partners import ADVISED_2025, ADVISED_BEFORE
from .writes import insert

COLUMNS = (
    "enrolment_id",
    "course_id",
    "score",
    "passed",
    "grader_kind",
    "entered_by_id",
    "entered_at",
)
SEED = 20250913  # the summer class's last day


def _mark(rng: random.Random) -> Decimal:
    if rng.random() < data.FAIL_SHARE:
        value = rng.uniform(38.0, 59.0)
    else:
        value = min(99.0, max(60.0, rng.gauss(82.0, 7.0)))
    return Decimal(round(value * 2) / 2).quantize(Decimal("0.1"))


def grade_rows(
    cat: Catalogue, plan: data.CohortPlan, students: list[tuple], rng: random.Random
) -> list[tuple]:
    """The grades of a cohort's ``students`` ((enrolment, person, track, university))."""
    advised = ADVISED_2025 if plan.code == data.CURRENT else ADVISED_BEFORE.get(plan.code, {})
    teacher = cat.users[data.TEACHER].pk
    adviser = cat.users[data.ADVISER].pk
    rows = []
    named = {u.person_id for name, u in cat.users.items() if name in data.NAMED_STUDENTS}
    for enrolment, person, track, _university in students:
        for n, course in enumerate(cat.courses[track]):
            by_adviser = advised.get("zwax") == track and course.assessment == "project"
            score = _mark(rng)
            if person in named:  # the seed's students pass (their transcripts follow)
                score = max(score, Decimal("86.5"))
            rows.append(
                (
                    enrolment,
                    course.pk,
                    score,
                    score >= course.pass_mark,
                    "adviser" if by_adviser else "teacher",
                    adviser if by_adviser else teacher,
                    at(plan.ends_on - dt.timedelta(days=3 - min(n, 2)), 15),
                )
            )
    return rows


def load_grades(log: Callable[[str], None], cat: Catalogue, enrolled: dict[str, list]) -> None:
    """The finished cohorts' grades (made once)."""
    finished = [p for p in data.COHORTS if p.code != data.CURRENT]
    cohorts = [cat.cohorts[p.code] for p in finished]
    if Grade.objects.filter(enrolment__cohort__in=cohorts).exists():
        log("training: the finished cohorts' grades made already")
        return
    rng = random.Random(SEED)
    made = failed = 0
    for plan in finished:
        rows = grade_rows(cat, plan, enrolled[plan.code], rng)
        insert(Grade, COLUMNS, rows)
        made += len(rows)
        failed += sum(1 for r in rows if not r[3])
        audit_record(
            actor=SYSTEM,
            action="training.demo.grades_load",
            subject=cat.cohorts[plan.code],
            after={"grades": len(rows)},
        )
    log(f"training: {made} grades of {len(finished)} finished cohorts ({failed} not passed)")


def complete_current(log: Callable[[str], None], cat: Catalogue, enrolled: dict) -> bool:
    """The 2025 summer class graded and completed, once its last day is over; whether it
    is."""
    plan = next(p for p in data.COHORTS if p.code == data.CURRENT)
    cohort = cat.cohorts[plan.code]
    ended = at(plan.ends_on, 17)
    if clock.now() < ended:
        log("training: the summer class of 2025 is still running")
        return False
    if Grade.objects.filter(enrolment__cohort=cohort).exists():
        return True
    rows = grade_rows(cat, plan, enrolled[plan.code], random.Random(SEED + 1))
    insert(Grade, COLUMNS, rows)
    Enrolment.objects.filter(cohort=cohort, status="enrolled").update(
        status="completed", ended_at=ended
    )
    with clock.frozen(ended + dt.timedelta(minutes=30)):
        staff = actor_for(cat.users[data.STAFF])
        cohort_move(actor=staff, code=cohort.code, action="finish")
    audit_record(
        actor=SYSTEM,
        action="training.demo.grades_load",
        subject=cohort,
        after={"grades": len(rows)},
    )
    log(f"training: the summer class of 2025 completed, {len(rows)} grades")
    return True
