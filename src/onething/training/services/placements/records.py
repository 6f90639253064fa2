"""Placements (输送): made when a student accepts an offer (``jobs.job_hire``), or
recorded directly by the institute's staff for a placement made outside the platform;
ended on a day (the student may then be placed again). The one rule: one active placement
per student — checked first, and held by the database's partial unique key under a race
(the loser is answered the same 409, nothing written)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import Enrolment, JobApplication, PartnerCompany, Placement
from ...rules.common import note_problem
from ...rules.placements import (
    END,
    PLACEMENT_LIFECYCLE,
    POSITION_MAX,
    STUDENT_ENROLMENTS,
    end_problem,
    one_active_refusal,
    placement_state,
    start_problem,
)
from ...scopes import is_institute_staff
from ...selectors.placements import active_placement, companies_of, may_manage, placement_get
from ..common import written

AUDIT_FIELDS = [
    "company",
    "person",
    "enrolment",
    "application",
    "position",
    "started_on",
    "ended_on",
]


def already_placed(enrolment: Enrolment, found: Placement | None) -> Conflict:
    """The 409 of the one rule, naming it (and the placement in the way when known)."""
    name = enrolment.person.name
    if found is None:
        message = one_active_refusal(name, "", None)
        details: dict[str, Any] = {"rule": "one_active_placement"}
    else:
        message = one_active_refusal(name, str(found.company), found.started_on)
        details = {
            "rule": "one_active_placement",
            "placement": found.pk,
            "company": str(found.company),
            "started_on": found.started_on.isoformat(),
        }
    return Conflict(message, code="already_placed", details=details)


def place(
    *,
    actor: Actor,
    company: PartnerCompany,
    enrolment: Enrolment,
    position: str,
    started_on: dt.date,
    application: JobApplication | None = None,
) -> Placement:
    """Write a placement (inside the caller's transaction): 409 when the student has an
    active one — found first, or met at the database's key when another placement of
    the student was written at the same moment."""
    if (found := active_placement(enrolment.person_id)) is not None:
        raise already_placed(enrolment, found)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                company=company,
                person_id=enrolment.person_id,
                enrolment=enrolment,
                application=application,
                position=position,
                started_on=started_on,
                recorded_at=clock.now(),
            )
    except IntegrityError:
        raise already_placed(enrolment, active_placement(enrolment.person_id)) from None
    return written(
        actor, placement, action="training.placement.create", fields=AUDIT_FIELDS, save=False
    )


def _record(
    actor: Actor, *, enrolment_number: Any, company_id: Any, position: Any, started_on: Any
) -> Placement:
    if not (actor.is_system or actor.role == Role.ADMIN or is_institute_staff(actor)):
        raise PermissionDenied(
            _("Only the institute's staff record placements made outside the platform."),
            code="not_institute_staff",
        )
    problems: list[FieldProblem | None] = []
    enrolment = None
    if not isinstance(enrolment_number, str) or not enrolment_number.strip():
        problems.append(FieldProblem("enrolment", "required", _("Give the student number.")))
    else:
        enrolment = (
            visible(actor, Enrolment.objects.select_related("person", "cohort"))
            .filter(number=enrolment_number.strip())
            .first()
        )
        if enrolment is None:
            problems.append(
                FieldProblem(
                    "enrolment",
                    "unknown",
                    _("There is no student number %(n)s.") % {"n": enrolment_number.strip()},
                )
            )
        elif enrolment.status not in STUDENT_ENROLMENTS:
            problems.append(
                FieldProblem(
                    "enrolment",
                    "withdrawn",
                    _(
                        "This student withdrew from the class: only students in a class or who "
                        "completed one are placed."
                    ),
                )
            )
    company = None
    if isinstance(company_id, bool) or not isinstance(company_id, int):
        problems.append(FieldProblem("company", "required", _("Choose the company.")))
    else:
        company = companies_of(actor).filter(pk=company_id).first()
        if company is None:
            problems.append(
                FieldProblem(
                    "company",
                    "unknown",
                    _("There is no partner company %(c)s.") % {"c": company_id},
                )
            )
    problems.append(text_problem("position", position, POSITION_MAX, required=True))
    if started_on is None:
        problems.append(FieldProblem("started_on", "required", _("Give the date (YYYY-MM-DD).")))
    else:
        problems.append(
            start_problem(
                "started_on",
                started_on,
                earliest=enrolment.cohort.starts_on if enrolment else None,
                today=clock.today(),
            )
        )
    refuse_if(problems)
    return place(
        actor=actor,
        company=company,
        enrolment=enrolment,
        position=position.strip(),
        started_on=started_on,
    )


@transaction.atomic
def placement_record(
    *,
    actor: Actor,
    enrolment_number: str,
    company_id: int,
    position: str,
    started_on: dt.date,
    idempotency_key: str | None = None,
) -> Placement:
    """The institute's staff record a placement made outside the platform: the student
    (their student number, 学号), the company, the position, the day it started (not
    before the class began). Every problem at once (422); a student placed already 409
    naming the rule; a retry with the same ``idempotency_key`` answers the first."""
    fields = {
        "enrolment_number": enrolment_number,
        "company_id": company_id,
        "position": position,
        "started_on": started_on,
    }
    placement, _created = idempotent_create(
        actor=actor,
        operation="training.placement.record",
        key=idempotency_key,
        payload=fields,
        model=Placement,
        create=lambda: _record(actor, **fields),
    )
    return placement


@transaction.atomic
def placement_end(
    *, actor: Actor, placement_id: int, ended_on: dt.date, note: str = ""
) -> Placement:
    """The placement ended on ``ended_on`` (not before it started, not a day to come):
    the student may be placed again. By its company's staff or the institute's; ended
    already 409."""
    require_role(actor, Role.APPLICANT, Role.INSTITUTE_STAFF, Role.ADMIN)
    found = placement_get(actor, placement_id)
    if not may_manage(actor, found.company):
        raise PermissionDenied(
            _("Only the company's staff and the institute's staff record the end of a placement."),
            code="not_your_company",
        )
    placement = Placement.objects.select_for_update().get(pk=found.pk)
    PLACEMENT_LIFECYCLE.target(placement_state(placement.ended_on), END)  # 409 once ended
    refuse_if(
        [
            end_problem(ended_on, started_on=placement.started_on, today=clock.today()),
            note_problem("note", note),
        ]
    )
    before = snapshot(placement, AUDIT_FIELDS)
    placement.ended_on = ended_on
    return written(
        actor,
        placement,
        action="training.placement.end",
        fields=AUDIT_FIELDS,
        before=before,
        update_fields=["ended_on"],
        note=note or "",
    )
