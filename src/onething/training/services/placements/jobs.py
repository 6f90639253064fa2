"""Students' job applications: a student in a class of the institute, or who completed
one, applies to an opening taking applications (one application per opening: 409) and may
withdraw; the company schedules an interview (an aware time to come), makes an offer or
turns the application down; the student accepts the offer (hired: a placement is made, the
one-active-placement rule holding) or declines it. Each move locks the application, asks
JOB_LIFECYCLE (409 from another state, 403 for the other side) and writes its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import JobApplication, Opening
from ...rules.common import note_problem
from ...rules.placements import (
    DECLINE,
    HIRE,
    INTERVIEW,
    JOB_LIFECYCLE,
    OFFER,
    REJECT,
    WITHDRAW,
    interview_problem,
    start_problem,
)
from ...rules.statuses import HIRED, JOB_STATUS_LABELS, OPENING_CLOSED
from ...selectors.placements import (
    job_application_get,
    job_side_for,
    opening_get,
    student_enrolment,
)
from ..common import written
from .records import place

AUDIT_FIELDS = ["status", "interview_at", "company_note"]


def _not_accepting(opening: Opening, today: dt.date) -> Conflict:
    if opening.status == OPENING_CLOSED or today > opening.closes_on:
        message = _("This opening is closed: it takes no more applications.")
        code = "opening_closed"
    else:
        message = _("This opening takes applications from %(day)s.") % {
            "day": opening.opens_on.isoformat()
        }
        code = "opening_not_open_yet"
    return Conflict(
        message,
        code=code,
        details={
            "status": opening.status,
            "opens_on": opening.opens_on.isoformat(),
            "closes_on": opening.closes_on.isoformat(),
        },
    )


def _applied_already(application: JobApplication) -> Conflict:
    return Conflict(
        _("You applied to this opening already (now “%(status)s”): one application per opening.")
        % {"status": JOB_STATUS_LABELS.get(application.status, application.status)},
        code="already_applied",
        details={"rule": "one_application_per_opening", "application": application.pk},
    )


def _apply(actor: Actor, number: str, note: Any) -> JobApplication:
    require_role(actor, Role.APPLICANT, Role.AGENT)
    opening = opening_get(actor, number)
    enrolment = student_enrolment(actor)
    if enrolment is None or enrolment.cohort.programme.institute_id != opening.company.institute_id:
        raise PermissionDenied(
            _("Only students in a class of the institute, or who completed one, may apply."),
            code="not_a_student",
        )
    today = clock.today()
    if not (opening.status != OPENING_CLOSED and opening.opens_on <= today <= opening.closes_on):
        raise _not_accepting(opening, today)
    earlier = JobApplication.objects.filter(opening=opening, person_id=actor.person_id).first()
    if earlier is not None:
        raise _applied_already(earlier)
    refuse_if([note_problem("note", note)])
    try:
        with transaction.atomic():
            application = JobApplication.objects.create(
                opening=opening,
                person_id=actor.person_id,
                enrolment=enrolment,
                applied_at=clock.now(),
                note=(note or "").strip(),
            )
    except IntegrityError:  # the same student's other request, at the same moment
        earlier = JobApplication.objects.filter(opening=opening, person_id=actor.person_id)
        raise _applied_already(earlier.get()) from None
    audit_record(
        actor=actor,
        action="training.job.apply",
        subject=application,
        after=snapshot(application, AUDIT_FIELDS) | {"opening": opening.number},
    )
    return application


@transaction.atomic
def job_apply(
    *, actor: Actor, number: str, note: str = "", idempotency_key: str | None = None
) -> JobApplication:
    """A student applies to opening ``number`` with a note (≤ 200 characters). Only a
    student in a class or who completed one (else 403 ``not_a_student``); the opening must
    take applications today (else 409); one application per opening (409
    ``already_applied``, a withdrawn one too). A retry with the same ``idempotency_key``
    answers the first application."""
    application, _created = idempotent_create(
        actor=actor,
        operation="training.job.apply",
        key=idempotency_key,
        payload={"number": number, "note": note},
        model=JobApplication,
        create=lambda: _apply(actor, number, note),
    )
    return application


def _moving(actor: Actor, application_id: int, action: str) -> tuple[JobApplication, str, str]:
    """The application (404 out of reach), locked, and the state ``action`` leads to from
    its state (409 from another state, 403 for the other side)."""
    require_role(actor, Role.APPLICANT, Role.AGENT, Role.INSTITUTE_STAFF, Role.ADMIN)
    found = job_application_get(actor, application_id)
    side = job_side_for(actor, found, action)
    application = (
        JobApplication.objects.select_for_update()
        .select_related("opening__company__enterprise", "enrolment__person", "enrolment__cohort")
        .get(pk=found.pk)
    )
    after = JOB_LIFECYCLE.target(
        application.status, action, side, system=actor.is_system or actor.role == Role.ADMIN
    )
    return application, application.status, after


def _moved(
    actor: Actor, application: JobApplication, action: str, after: str, note: str, **changes
) -> JobApplication:
    before = snapshot(application, AUDIT_FIELDS)
    application.status = after
    for name, value in changes.items():
        setattr(application, name, value)
    return written(
        actor,
        application,
        action=f"training.job.{action}",
        fields=AUDIT_FIELDS,
        before=before,
        note=note or "",
    )


@transaction.atomic
def job_interview(
    *, actor: Actor, application_id: int, at: dt.datetime, note: str = ""
) -> JobApplication:
    """The company schedules an interview (again, to move it) at ``at`` (an aware time to
    come; the note says where: the student sees it)."""
    application, _before, after = _moving(actor, application_id, INTERVIEW)
    refuse_if([interview_problem(at, clock.now()), note_problem("note", note)])
    return _moved(
        actor,
        application,
        INTERVIEW,
        after,
        note,
        interview_at=at,
        company_note=(note or "").strip(),
    )


def _company_word(action: str):
    @transaction.atomic
    def move(*, actor: Actor, application_id: int, note: str = "") -> JobApplication:
        application, _before, after = _moving(actor, application_id, action)
        refuse_if([note_problem("note", note)])
        return _moved(actor, application, action, after, note, company_note=(note or "").strip())

    return move


job_offer = _company_word(OFFER)
job_offer.__doc__ = "The company offers the student the position (the note: its terms)."
job_reject = _company_word(REJECT)
job_reject.__doc__ = "The company turns the application down (the note: why)."


def _student_word(action: str):
    @transaction.atomic
    def move(*, actor: Actor, application_id: int, note: str = "") -> JobApplication:
        application, _before, after = _moving(actor, application_id, action)
        refuse_if([note_problem("note", note)])
        return _moved(actor, application, action, after, note)

    return move


job_withdraw = _student_word(WITHDRAW)
job_withdraw.__doc__ = "The student withdraws their application (before an offer)."
job_decline = _student_word(DECLINE)
job_decline.__doc__ = "The student declines the offer."


@transaction.atomic
def job_hire(
    *, actor: Actor, application_id: int, started_on: dt.date | None = None
) -> JobApplication:
    """The student accepts the offer: hired, and placed with the company in the opening's
    position from ``started_on`` (default today; not before the class began, at most a
    year ahead). The positions all filled 409 ``positions_filled``; a student placed
    already 409 ``already_placed`` naming the rule — nothing written either way."""
    application, _before, after = _moving(actor, application_id, HIRE)
    opening = Opening.objects.select_for_update().get(pk=application.opening_id)
    today = clock.today()
    day = started_on or today
    problem = start_problem(
        "started_on", day, earliest=application.enrolment.cohort.starts_on, today=today
    )
    refuse_if([problem])
    hired = opening.applications.filter(status=HIRED).count()
    if hired >= opening.positions:
        raise Conflict(
            _("The %(n)s positions of this opening are filled already.") % {"n": opening.positions},
            code="positions_filled",
            details={"positions": opening.positions, "hired": hired},
        )
    place(
        actor=actor,
        company=application.opening.company,
        enrolment=application.enrolment,
        position=opening.title,
        started_on=day,
        application=application,
    )
    return _moved(actor, application, HIRE, after, "")
