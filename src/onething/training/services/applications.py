"""Applications (报名): a student applies to a cohort open for applications, with their
university, major, degree, graduation year, track preferences, a statement, their
academic transcript (PDF or a photo) and CV (PDF); the institute's staff screen it (pass
or reject, with a note); the student may withdraw it before accepting an offer.

One application per student and cohort (the database's key: a second is a 409 naming
the rule); outside the cohort's application window a 409 ``applications_closed``; a
retried submission (the same ``Idempotency-Key``) answers the first application. Every
problem of the input at once (422), nothing written. The files of a refused submission
are kept for the next one (``KEPT_TRANSCRIPTS``, ``KEPT_CVS``: core.kept_uploads)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.kept_uploads import KeptUploads
from onething.core.models import Role
from onething.core.permissions import Actor
from onething.core.problems import refuse_if
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import next_in_sequence
from onething.core.uploads import inspect_upload, stored_extension

from ..models import Application, ApplicationFile, Cohort, University
from ..rules.applications import (
    APPLICATION_LIFECYCLE,
    REJECT,
    SCREEN,
    SUBMIT,
    WITHDRAW,
    application_number,
    application_problems,
    graduation_year_problem,
)
from ..rules.common import note_problem
from ..rules.selection import SHANGHAI
from ..rules.statuses import OFFERED, SUBMITTED
from ..selectors.applications import (
    cohort_get,
    require_institute_staff,
    taking_applications,
)
from .application_steps import (
    application_step,
    locked_application,
    snapshot_of,
    waiting_list_move_up,
)
from .tallies import cohort_count

Upload = tuple[str, bytes]  # (file name, content)
KEPT_TRANSCRIPTS = KeptUploads(
    folder="training/kept/transcripts",
    salt="onething.training.kept-transcript",
    field="transcript",
    images_only=False,  # a PDF or a photo of it
)
KEPT_CVS = KeptUploads(
    folder="training/kept/cvs",
    salt="onething.training.kept-cv",
    field="cv",
    images_only=False,  # the service then wants a PDF
)
FILE_NAME_MAX = 120


# ---------------------------------------------------------------------- applying


def _file_problems(field: str, upload: Upload | None, *, required: str, pdf_only: bool):
    if upload is None or not upload[1]:
        return None, [FieldProblem(field, "required", required)]
    try:
        inspected = inspect_upload(upload[0] or "", upload[1], field)
    except ValidationFailed as error:
        return None, list(error.problems)
    if pdf_only and inspected.content_type != "application/pdf":
        return None, [FieldProblem(field, "type", _("The CV is a PDF file."))]
    return inspected, []


def _university(value) -> tuple[University | None, FieldProblem | None]:
    if value in (None, ""):
        return None, FieldProblem("university", "required", _("Choose your university."))
    try:
        found = University.objects.filter(pk=int(str(value).strip())).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        return None, FieldProblem(
            "university", "choice", _("Choose your university from the list.")
        )
    return found, None


def _closed(cohort: Cohort) -> Conflict:
    opens = timezone.localtime(cohort.applications_open_at)
    closes = timezone.localtime(cohort.applications_close_at)
    return Conflict(
        _(
            "%(c)s takes applications from %(a)s to %(b)s, while it is open for "
            "applications: not now."
        )
        % {"c": cohort.name, "a": f"{opens:%Y-%m-%d %H:%M}", "b": f"{closes:%Y-%m-%d %H:%M}"},
        code="applications_closed",
        details={
            "cohort": cohort.code,
            "status": cohort.status,
            "opens_at": cohort.applications_open_at.isoformat(),
            "closes_at": cohort.applications_close_at.isoformat(),
        },
    )


def _one_per_cohort(cohort: Cohort, number: str | None) -> Conflict:
    return Conflict(
        _("You have applied to %(c)s already: one application per cohort.") % {"c": cohort.name},
        code="one_application_per_cohort",
        details={"cohort": cohort.code, "number": number},
    )


def require_student(actor: Actor) -> None:
    """A student applies: a signed-in applicant account with its person."""
    if actor.role != Role.APPLICANT or actor.person_id is None:
        raise PermissionDenied(
            _("Apply with a student's own account (a person's account)."),
            details={"your_role": actor.role},
        )


def application_submit(
    *,
    actor: Actor,
    cohort_code: str,
    university,
    major: str,
    degree: str,
    graduation_year,
    first_track: str,
    second_track: str = "",
    statement: str = "",
    transcript: Upload | None,
    cv: Upload | None,
    idempotency_key: str | None = None,
) -> tuple[Application, bool]:
    """A student applies to a cohort open for applications. (application, created): a
    retry with the same key answers the first (created False)."""
    require_student(actor)
    cohort = cohort_get(actor, cohort_code)
    tracks = {t.code: t for t in cohort.tracks.all()}
    problems = application_problems(
        major=major,
        degree=degree,
        graduation_year=graduation_year,
        first_track=first_track,
        second_track=second_track,
        statement=statement,
        track_codes=tracks.keys(),
        cohort_year=cohort.starts_on.year,
    )
    found, problem = _university(university)
    problems += [problem] if problem else []
    transcript_type, found_problems = _file_problems(
        "transcript",
        transcript,
        required=_("Upload your academic transcript (a PDF or a photo)."),
        pdf_only=False,
    )
    problems += found_problems
    cv_type, found_problems = _file_problems(
        "cv", cv, required=_("Upload your CV (a PDF)."), pdf_only=True
    )
    problems += found_problems
    if problems:
        order = ["university", "major", "degree", "graduation_year", "first_track"]
        order += ["second_track", "statement", "transcript", "cv"]
        problems.sort(key=lambda p: order.index(p.field) if p.field in order else len(order))
        raise ValidationFailed(problems)
    files = {
        ApplicationFile.Kind.TRANSCRIPT: (transcript, transcript_type.content_type),
        ApplicationFile.Kind.CV: (cv, cv_type.content_type),
    }
    fields = {
        "university_id": found.pk,
        "major": major.strip(),
        "degree": degree,
        "graduation_year": graduation_year_problem(graduation_year, cohort.starts_on.year)[0],
        "first_track_id": tracks[first_track.strip()].pk,
        "second_track_id": tracks[second].pk if (second := (second_track or "").strip()) else None,
        "statement": (statement or "").strip(),
    }
    payload = {
        "cohort": cohort.code,
        **fields,
        "files": {kind: hashlib.sha256(f[0][1]).hexdigest() for kind, f in files.items()},
    }

    def create() -> Application:
        return _create(actor, cohort, fields, files, idempotency_key or "")

    with transaction.atomic():
        return idempotent_create(
            actor=actor,
            operation="training.application_submit",
            key=idempotency_key,
            payload=payload,
            model=Application,
            create=create,
        )


def _create(actor: Actor, cohort: Cohort, fields: dict, files: dict, key: str) -> Application:
    now = clock.now()
    if not taking_applications(cohort, now):
        raise _closed(cohort)
    earlier = (
        Application.objects.filter(cohort=cohort, person_id=actor.person_id)
        .values_list("number", flat=True)
        .first()
    )
    if earlier:
        raise _one_per_cohort(cohort, earlier)
    year = now.astimezone(SHANGHAI).year
    application = Application(
        number=application_number(year, next_in_sequence(f"training.application:{year}")),
        cohort=cohort,
        person_id=actor.person_id,
        account_id=actor.user_id,
        status=SUBMITTED,
        submitted_at=now,
        request_key=key[:64],
        **fields,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same student's other submission, a moment before
        raise _one_per_cohort(cohort, None) from None
    for kind, ((name, data), content_type) in files.items():
        digest = hashlib.sha256(data).hexdigest()
        attached = ApplicationFile(
            application=application,
            kind=kind,
            name=(name or kind)[:FILE_NAME_MAX],
            content_type=content_type,
            size=len(data),
            sha256=digest,
            added_at=now,
        )
        attached.file.save(
            f"{digest[:32]}{stored_extension(name or '', '.pdf')}", ContentFile(data), save=False
        )
        attached.save()
    application_step(application, SUBMIT, actor, before=None, at=now)
    cohort_count(cohort_id=cohort.pk, applications=1)
    return application


# ---------------------------------------------------------------------- screening


@transaction.atomic
def application_screen(*, actor: Actor, number: str, note: str = "") -> Application:
    """初筛: the institute's staff pass a submitted application on to the interviews."""
    return _screened(actor, number, SCREEN, note)


@transaction.atomic
def application_reject(*, actor: Actor, number: str, note: str = "") -> Application:
    """初筛不通过: the staff reject a submitted application, saying why (required)."""
    return _screened(actor, number, REJECT, note)


def _screened(actor: Actor, number: str, action: str, note: str) -> Application:
    require_institute_staff(actor)
    application = locked_application(actor, number)
    status = APPLICATION_LIFECYCLE.target(application.status, action, actor.role)
    note = (note or "").strip()
    refuse_if([note_problem("note", note, required=action == REJECT)])
    before = snapshot_of(application)
    application.status = status
    application.screened_at = clock.now()
    application.screening_note = note
    application.save(update_fields=["status", "screened_at", "screening_note"])
    application_step(application, action, actor, before=before, note=note)
    return application


# ---------------------------------------------------------------------- withdrawing


@transaction.atomic
def application_withdraw(*, actor: Actor, number: str, reason: str = "") -> Application:
    """The student withdraws their application (before accepting an offer); a place
    offered to them goes to the top of the waiting list, in this transaction."""
    application = locked_application(actor, number, with_cohort=True)
    was = application.status
    status = APPLICATION_LIFECYCLE.target(was, WITHDRAW, actor.role)
    reason = (reason or "").strip()
    refuse_if([note_problem("reason", reason)])
    before = snapshot_of(application)
    now = clock.now()
    application.status = status
    application.wait_rank = None
    application.answered_at = now if was == OFFERED else application.answered_at
    application.save(update_fields=["status", "wait_rank", "answered_at"])
    application_step(application, WITHDRAW, actor, before=before, note=reason, at=now)
    if was == OFFERED:
        waiting_list_move_up(application.cohort, now=now)
    return application


__all__ = [
    "KEPT_CVS",
    "KEPT_TRANSCRIPTS",
    "application_reject",
    "application_screen",
    "application_submit",
    "application_withdraw",
    "require_student",
]
