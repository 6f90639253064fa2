"""Helpers of the classes' and transcripts' tests on the institute world (``inst``):
accepted applications made directly (the applications part is another's), enrolment
through the services, the class's days, and a student who completed the class with
grades. Times: the class runs 2025-07-14 … 2025-09-13."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from onething.core import clock
from onething.core.permissions import Actor
from onething.training.models import Application, Enrolment
from onething.training.services import classes as services

from .world import at, student_make

IN_CLASS = at("2025-07-30")  # a day of the class
AFTER = at("2025-09-20")  # the class is over
_numbers = itertools.count(1)


def accepted(inst, student: Actor, *, university=None, track=None, status="accepted"):
    """An application of ``student`` to the 2025 cohort, in ``status`` (accepted), offered
    ``track`` (default AI芯片)."""
    n = next(_numbers)
    return Application.objects.create(
        number=f"SX2025{n:06d}",
        cohort=inst.cohort,
        person_id=student.person_id,
        account_id=student.user_id,
        university=university or inst.lzu,
        major="材料科学与工程",
        graduation_year=2026,
        first_track=track or inst.chips,
        track=track or inst.chips,
        submitted_at=at("2025-06-01"),
        status=status,
    )


def enrolled(inst, student: Actor, **kwargs) -> Enrolment:
    application = accepted(inst, student, **kwargs)
    with clock.frozen(at("2025-07-10")):
        enrolment, _created = services.enrolment_create(
            actor=inst.staff, application_number=application.number
        )
    return enrolment


def new_student(name: str) -> Actor:
    return student_make(f"t.s{next(_numbers)}", name)


def graded(inst, enrolment: Enrolment, scores: dict[str, str], *, days=None) -> None:
    """Attendance (``days``: mark by day, default 10 days present) and scores by course
    code, entered by the teacher during the class."""
    with clock.frozen(at("2025-09-12")):
        for day, mark in (days or {f"2025-07-{14 + i}": "present" for i in range(10)}).items():
            services.attendance_mark(
                actor=inst.teacher, number=enrolment.number, day=day, mark=mark
            )
        services.grades_record(
            actor=inst.teacher,
            number=enrolment.number,
            grades=[{"course": code, "score": score} for code, score in scores.items()],
        )


def completed(inst, student: Actor, scores: dict[str, str], **kwargs) -> Enrolment:
    """A student enrolled, graded and completed (as of 2025-09-13)."""
    enrolment = enrolled(inst, student, **kwargs)
    graded(inst, enrolment, scores)
    with clock.frozen(at("2025-09-13", 17)):
        services.enrolment_complete(actor=inst.staff, number=enrolment.number)
    enrolment.refresh_from_db()
    return enrolment


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def score(text: str) -> Decimal:
    return Decimal(text)


def chinese(response) -> str:
    """tests.cityops.pages_support.chinese, but "AI" (the track AI芯片's own name) passes:
    the scanner's allowlist does not know it yet."""
    from tests.cityops.pages_support import INLINE_SCRIPT
    from tests.web.test_wording import latin_words

    html = response.content.decode()
    words, _links = latin_words(html)
    words = [w for w in words if w != "AI"]
    assert not words, f"English on a Chinese page: {words}"
    assert not INLINE_SCRIPT.search(html), "an inline script (the CSP refuses it)"
    return html
