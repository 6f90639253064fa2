"""Helpers of the applications tests on the institute world (tests/training/world.py):
applying through the service as of the application period, students by the dozen, and
applications brought to the interviews with their scores."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from onething.core import clock
from onething.core.permissions import Actor
from onething.training.models import Application
from onething.training.services.applications import (
    application_screen,
    application_submit,
)
from onething.training.services.interviews import interview_record

from ..files import pdf, png
from .world import NOW, student_make

_students = itertools.count(1)


def apply(
    inst,
    student: Actor,
    *,
    university=None,
    first: str = "ai-chip",
    second: str = "",
    at: dt.datetime = NOW,
    key: str | None = None,
    **more,
) -> Application:
    """The student applies to the 2025 summer cohort (as of ``at``)."""
    fields = {
        "university": university
        if isinstance(university, str)
        else str((university or inst.lzu).pk),
        "major": "微电子科学与工程",
        "degree": "undergraduate",
        "graduation_year": "2026",
        "first_track": first,
        "second_track": second,
        "statement": "想做芯片。",
        "transcript": ("成绩单.png", png()),
        "cv": ("简历.pdf", pdf()),
    } | more
    with clock.frozen(at):
        application, _created = application_submit(
            actor=student, cohort_code=inst.cohort.code, idempotency_key=key, **fields
        )
    return application


def students(n: int) -> list[Actor]:
    return [student_make(f"t.s{next(_students)}", f"学生{i}") for i in range(n)]


def interviewed(
    inst,
    scores: list[str],
    *,
    firsts: list[str] | None = None,
    seconds: list[str] | None = None,
    start: dt.datetime = NOW,
) -> list[Application]:
    """One application per score, each a minute after the one before, screened and scored
    by the institute's staff member (the first is the earliest)."""
    made = []
    for i, (student, score) in enumerate(zip(students(len(scores)), scores, strict=True)):
        at = start + dt.timedelta(minutes=i)
        application = apply(
            inst,
            student,
            first=(firsts or ["ai-chip"] * len(scores))[i],
            second=(seconds or [""] * len(scores))[i],
            at=at,
        )
        with clock.frozen(at):
            application_screen(actor=inst.staff, number=application.number)
            interview_record(actor=inst.staff, number=application.number, score=Decimal(score))
        made.append(application)
    return made


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)
