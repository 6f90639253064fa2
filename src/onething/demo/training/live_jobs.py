"""The companies' openings open now (relative to the moment of loading, made once):
药明合联's (posted by its HR, ``hr.yaoming``), and 先导智能's and 深存科技's (posted by the
institute's staff for them), open for another month and a half; a few students of the
last finished class, not placed yet, applying — one asked to an interview, one offered
the position, one still waiting for an answer. Through the placement services, each step
as of its moment; the students get accounts for it (no password: they do not sign in)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from onething.core import clock
from onething.core.models import Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create
from onething.training.models import Enrolment, Opening, Placement
from onething.training.services.placements import jobs, openings

from . import data
from .catalogue import Catalogue

USERNAME = "student.alumni{:02d}"
# company key, poster, title, track, positions
OPENINGS = [
    ("yaoming", data.HR, "数据分析工程师（实训学员专场）", "algorithms", 5),
    ("leadintelligent", data.STAFF, "机器视觉工程师（实训学员专场）", "circuits", 8),
    ("shencun", data.STAFF, "AI芯片架构工程师（实训学员专场）", "ai-chip", 3),
]


def _alumni(cat: Catalogue, now: dt.datetime, n: int) -> list[tuple[Actor, Enrolment]]:
    """``n`` students of the last class that finished before now, not placed, with an
    account each."""
    finished = (
        Enrolment.objects.filter(
            cohort__programme__institute=cat.institute,
            cohort__status="finished",
            status="completed",
            ended_at__lt=now,
        )
        .order_by("-cohort__ends_on")
        .values_list("cohort_id", flat=True)
        .first()
    )
    placed = Placement.objects.values("person_id")
    students = (
        Enrolment.objects.filter(cohort_id=finished, status="completed")
        .exclude(person_id__in=placed)
        .exclude(person_id__in=User.objects.filter(person__isnull=False).values("person_id"))
        .order_by("number")[:n]
    )
    found = []
    for k, enrolment in enumerate(students, 1):
        user = account_create(
            actor=SYSTEM,
            username=USERNAME.format(k),
            password=None,
            role=Role.APPLICANT,
            person=enrolment.person,
        )
        found.append((actor_for(user), enrolment))
    return found


def load_openings(log: Callable[[str], None], cat: Catalogue, now: dt.datetime) -> None:
    if Opening.objects.filter(status="open", company__institute=cat.institute).exists():
        log("training: the open openings made already")
        return
    posted = []
    for n, (key, poster, title, track, positions) in enumerate(OPENINGS):
        actor = actor_for(cat.users[poster])
        with clock.frozen(now - dt.timedelta(days=20 - n, hours=3)):
            posted.append(
                openings.opening_create(
                    actor=actor,
                    title=title,
                    positions=positions,
                    closes_on=(now + dt.timedelta(days=45)).date(),
                    company_id=cat.companies[key].pk,
                    track_code=track,
                    description="面向实训学院学员，结业后入职，提供实习转正机会。",
                    idempotency_key=f"demo-live-opening-{key}",
                )
            )
    hr = actor_for(cat.users[data.HR])
    applied = []
    for k, (student, _enrolment) in enumerate(_alumni(cat, now, 3)):
        with clock.frozen(now - dt.timedelta(days=12 - 2 * k, hours=5)):
            applied.append(jobs.job_apply(actor=student, number=posted[0].number))
    with clock.frozen(now - dt.timedelta(days=4)):
        jobs.job_interview(
            actor=hr,
            application_id=applied[0].pk,
            at=now + dt.timedelta(days=3, hours=2),
            note="药明合联无锡基地 A栋 3楼会议室",
        )
        jobs.job_interview(
            actor=hr, application_id=applied[1].pk, at=now - dt.timedelta(days=2), note="线上面试"
        )
    with clock.frozen(now - dt.timedelta(days=1)):
        jobs.job_offer(actor=hr, application_id=applied[1].pk, note="实习期三个月，表现优秀可转正")
    log(f"training: {len(posted)} openings open, {len(applied)} students applying")
