"""Enrolment (入班): the staff enrol an accepted application — one, or every accepted one of
a cohort — as a student of the class of the track offered (the application's ``track``,
else its first choice), numbered ``XY`` + the cohort's code + 4 digits (学号). An
application enrolled already answers its enrolment (a retry creates nothing twice). Each
new enrolment adds one to the cohort's ``enrolled_count`` (``tallies.cohort_count``). A
student in class completes (结业) or withdraws (退出), by the staff, with a note."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, NotFound
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record_many
from onething.core.services.numbering import next_in_sequence

from ...models import Application, Cohort, Enrolment
from ...rules.classes import ENROLMENT_LIFECYCLE
from ...rules.statuses import ACCEPTED, APPLICATION_STATUS_LABELS, FINISHED, label
from ..common import STAFF_ROLES, cohort_locked, moved, require_staff
from ..tallies import cohort_count
from .common import enrolment_locked


def _number_series(cohort: Cohort) -> str:
    return f"training.enrolment:{cohort.code}"


def _enrol(actor: Actor, cohort: Cohort, applications: list[Application]) -> list[Enrolment]:
    """Enrol the (locked, accepted, not yet enrolled) applications, in their order."""
    if not applications:
        return []
    last = next_in_sequence(_number_series(cohort), len(applications))
    first = last - len(applications) + 1
    now = clock.now()
    made = [
        Enrolment(
            number=f"XY{cohort.code}{first + i:04d}",
            application=application,
            cohort=cohort,
            track_id=application.track_id or application.first_track_id,
            person_id=application.person_id,
            university_id=application.university_id,
            enrolled_at=now,
        )
        for i, application in enumerate(applications)
    ]
    Enrolment.objects.bulk_create(made, batch_size=500)
    made = list(Enrolment.objects.filter(number__in=[e.number for e in made]).order_by("number"))
    audit_record_many(
        actor=actor,
        records=[
            {
                "action": "training.enrolment.create",
                "subject": e,
                "after": {
                    "number": e.number,
                    "application": e.application_id,
                    "track": e.track_id,
                    "status": e.status,
                },
            }
            for e in made
        ],
    )
    cohort_count(cohort_id=cohort.pk, enrolled=len(made))
    return made


def _open(cohort: Cohort) -> None:
    if cohort.status == FINISHED:
        raise Conflict(
            _("The cohort %(c)s has finished: nobody is enrolled in it any more.")
            % {"c": cohort.name},
            code="cohort_finished",
        )


@transaction.atomic
def enrolment_create(
    *, actor: Actor, application_number: str, cohort_code: str | None = None
) -> tuple[Enrolment, bool]:
    """Enrol one accepted application (the staff of its cohort's institute; of the cohort
    ``cohort_code`` when given). (enrolment, created): an application enrolled already
    answers its enrolment. An application that is not accepted is a 409 saying its state."""
    require_role(actor, *STAFF_ROLES)
    refuse_if([text_problem("application", application_number, 24, required=True)])
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("cohort__programme__institute")
        .filter(number=application_number.strip())
        .first()
    )
    if application is not None and cohort_code and application.cohort.code != cohort_code:
        application = None
    if application is None:
        raise NotFound(
            _("There is no application %(n)s.") % {"n": str(application_number)[:30]},
            details={"application": str(application_number)[:30]},
        )
    cohort = application.cohort
    require_staff(actor, cohort.programme.institute)
    existing = Enrolment.objects.filter(application=application).first()
    if existing is not None:
        return existing, False
    if application.status != ACCEPTED:
        raise Conflict(
            _("Only an accepted offer is enrolled; this application is “%(s)s”.")
            % {"s": label(APPLICATION_STATUS_LABELS, application.status)},
            code="not_accepted",
            details={"status": application.status},
        )
    _open(cohort)
    (enrolment,) = _enrol(actor, cohort, [application])
    return enrolment, True


@transaction.atomic
def enrolments_create_all(*, actor: Actor, cohort_code: str) -> list[Enrolment]:
    """Enrol every accepted application of the cohort not enrolled yet (the staff): the
    new enrolments (none when there is nobody left to enrol)."""
    cohort = cohort_locked(code=cohort_code)
    require_staff(actor, cohort.programme.institute)
    _open(cohort)
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=ACCEPTED, enrolment__isnull=True)
        .order_by("submitted_at", "id")
    )
    return _enrol(actor, cohort, applications)


def _moved(actor: Actor, number: str, action: str, note: str, field: str) -> Enrolment:
    refuse_if([text_problem(field, note, 200, required=field == "reason")])
    enrolment = enrolment_locked(actor, number)
    return moved(
        actor,
        enrolment,
        ENROLMENT_LIFECYCLE,
        action,
        audit_action=f"training.enrolment.{action}",
        note=(note or "").strip(),
        also={"ended_at": clock.now()},
    )


@transaction.atomic
def enrolment_complete(*, actor: Actor, number: str, note: str = "") -> Enrolment:
    """结业: the student completed the class (the staff); from then on their transcripts
    may be issued, and their attendance no longer changes."""
    return _moved(actor, number, "complete", note, "note")


@transaction.atomic
def enrolment_withdraw(*, actor: Actor, number: str, reason: str = "") -> Enrolment:
    """退出: the student leaves the class (the staff), with the reason (required)."""
    return _moved(actor, number, "withdraw", reason, "reason")
