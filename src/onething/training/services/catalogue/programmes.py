"""The institute, its programmes, their tracks (方向) and the tracks' courses (hours,
credits, assessment, pass mark): created and edited by the institute's staff, each write
in one transaction with its audit entry, every problem of the input at once (422)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import snapshot

from ...models import Course, Institute, Programme, Track
from ...rules.catalogue import (
    HOURS_MAX,
    code_problem,
    credits_of,
    credits_problem,
    date_problem,
    whole_problem,
)
from ...rules.statuses import ASSESSMENT_LABELS, ASSESSMENTS
from ..common import clean_text, found_or_404, given, staff_locked
from .common import catalogue_written, institute_for

INSTITUTE_FIELDS = ["name", "short_name", "address", "founded_on"]
PROGRAMME_FIELDS = ["institute", "code", "name", "description"]
TRACK_FIELDS = ["programme", "code", "name", "description"]
COURSE_FIELDS = ["track", "code", "name", "hours", "credits", "assessment", "pass_mark"]


@transaction.atomic
def institute_update(
    *,
    actor: Actor,
    name: str | None = None,
    short_name: str | None = None,
    address: str | None = None,
    founded_on: Any = None,
    institute_id: int | None = None,
) -> Institute:
    """The institute's own details (its name, short name, address, founding day)."""
    institute = institute_for(actor, institute_id)
    institute = found_or_404(
        Institute.objects.all(), _("There is no such institute."), pk=institute.pk
    )
    before = snapshot(institute, INSTITUTE_FIELDS)
    refuse_if(
        [
            text_problem("name", name, 100, required=True) if name is not None else None,
            text_problem("short_name", short_name, 40, required=True)
            if short_name is not None
            else None,
            text_problem("address", address, 200) if address is not None else None,
            date_problem("founded_on", founded_on, required=False),
        ]
    )
    given(institute, name=name, short_name=short_name, address=address, founded_on=founded_on)
    return catalogue_written(
        actor, institute, "training.institute.update", INSTITUTE_FIELDS, before
    )


# ---------------------------------------------------------------- programmes and tracks


def _described_problems(name: Any, description: Any, name_max: int) -> list:
    """A programme's or a track's name and description, when given (None: unchanged)."""
    return [
        text_problem("name", name, name_max, required=True) if name is not None else None,
        text_problem("description", description, 2000) if description is not None else None,
    ]


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    description: str = "",
    institute_id: int | None = None,
) -> Programme:
    """A programme of the actor's institute (产业科技创新人才实训, code ``CXRC``)."""
    institute = institute_for(actor, institute_id)
    code = clean_text(code)
    refuse_if(
        [
            code_problem("code", code, taken=Programme.objects.filter(code=code).exists()),
            *_described_problems(name, description or "", 100),
        ]
    )
    programme = Programme.objects.create(
        institute=institute, code=code, name=name.strip(), description=clean_text(description)
    )
    return catalogue_written(actor, programme, "training.programme.create", PROGRAMME_FIELDS)


def programme_locked(actor: Actor, code: str) -> Programme:
    return staff_locked(
        actor,
        Programme.objects.select_related("institute"),
        _("There is no programme with the code %(c)s.") % {"c": code},
        code=code or "",
        institute="institute",
    )


@transaction.atomic
def programme_update(
    *, actor: Actor, code: str, name: str | None = None, description: str | None = None
) -> Programme:
    programme = programme_locked(actor, code)
    before = snapshot(programme, PROGRAMME_FIELDS)
    refuse_if(_described_problems(name, description, 100))
    given(programme, name=name, description=description)
    return catalogue_written(
        actor, programme, "training.programme.update", PROGRAMME_FIELDS, before
    )


@transaction.atomic
def track_create(
    *, actor: Actor, programme_code: str, code: str, name: str, description: str = ""
) -> Track:
    """A track of a programme (AI芯片 ``ai-chip``); its code is unique in the programme."""
    programme = programme_locked(actor, programme_code)
    code = clean_text(code)
    taken = Track.objects.filter(programme=programme, code=code).exists()
    refuse_if(
        [code_problem("code", code, taken=taken), *_described_problems(name, description or "", 60)]
    )
    track = Track.objects.create(
        programme=programme, code=code, name=name.strip(), description=clean_text(description)
    )
    return catalogue_written(actor, track, "training.track.create", TRACK_FIELDS)


def track_locked(actor: Actor, programme_code: str, code: str) -> Track:
    return staff_locked(
        actor,
        Track.objects.select_related("programme__institute"),
        _("The programme has no track %(c)s.") % {"c": code},
        programme__code=programme_code or "",
        code=code or "",
        institute="programme.institute",
    )


@transaction.atomic
def track_update(
    *,
    actor: Actor,
    programme_code: str,
    code: str,
    name: str | None = None,
    description: str | None = None,
) -> Track:
    track = track_locked(actor, programme_code, code)
    before = snapshot(track, TRACK_FIELDS)
    refuse_if(_described_problems(name, description, 60))
    given(track, name=name, description=description)
    return catalogue_written(actor, track, "training.track.update", TRACK_FIELDS, before)


# ---------------------------------------------------------------- courses


def assessment_problem(assessment: Any) -> FieldProblem | None:
    if assessment in ASSESSMENTS:
        return None
    return FieldProblem(
        "assessment",
        "choice",
        _("Choose one of: %(c)s.")
        % {"c": ", ".join(str(ASSESSMENT_LABELS[a]) for a in ASSESSMENTS)},
    )


def course_problems(
    *, hours: Any, credits: Any, assessment: Any, pass_mark: Any
) -> list[FieldProblem | None]:
    return [
        whole_problem("hours", hours, 1, HOURS_MAX),
        credits_problem("credits", credits),
        assessment_problem(assessment),
        whole_problem("pass_mark", pass_mark, 1, 100),
    ]


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    programme_code: str,
    track_code: str,
    code: str,
    name: str,
    hours: int,
    credits: Any,
    assessment: str = "exam",
    pass_mark: int = 60,
) -> Course:
    """A course of a track: its hours, the credits it is worth, how it is assessed and the
    mark of 100 that passes it (60 unless said). Its code is unique."""
    track = track_locked(actor, programme_code, track_code)
    code = clean_text(code)
    refuse_if(
        [
            code_problem("code", code, taken=Course.objects.filter(code=code).exists()),
            text_problem("name", name, 100, required=True),
            *course_problems(
                hours=hours, credits=credits, assessment=assessment, pass_mark=pass_mark
            ),
        ]
    )
    course = Course.objects.create(
        track=track,
        code=code,
        name=name.strip(),
        hours=hours,
        credits=credits_of(credits),
        assessment=assessment,
        pass_mark=pass_mark,
    )
    return catalogue_written(actor, course, "training.course.create", COURSE_FIELDS)


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    code: str,
    name: str | None = None,
    hours: int | None = None,
    credits: Any = None,
    assessment: str | None = None,
    pass_mark: int | None = None,
) -> Course:
    """Change what is given (None: unchanged). A grade already entered keeps the verdict
    it was given; the new pass mark counts for the grades entered from now on."""
    course = staff_locked(
        actor,
        Course.objects.select_related("track__programme__institute"),
        _("There is no course with the code %(c)s.") % {"c": code},
        code=code or "",
        institute="track.programme.institute",
    )
    before = snapshot(course, COURSE_FIELDS)
    checks = course_problems(
        hours=course.hours if hours is None else hours,
        credits=course.credits if credits is None else credits,
        assessment=course.assessment if assessment is None else assessment,
        pass_mark=course.pass_mark if pass_mark is None else pass_mark,
    )
    refuse_if(
        [text_problem("name", name, 100, required=True) if name is not None else None, *checks]
    )
    given(
        course,
        name=name,
        hours=hours,
        credits=credits_of(credits) if credits is not None else None,
        assessment=assessment,
        pass_mark=pass_mark,
    )
    return catalogue_written(actor, course, "training.course.update", COURSE_FIELDS, before)
