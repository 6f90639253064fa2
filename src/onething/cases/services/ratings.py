"""好差评 and 差评整改."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role, visible
from onething.core.ratings import Rating, satisfied
from onething.core.services.audit import audit_record
from onething.core.workdays import add_working_days

from ..models import Case, CaseStatus, Evaluation, Rectification
from .common import calendar
from .tallies import evaluation_counted

RECTIFICATION_DAYS = 5


@transaction.atomic
def evaluation_submit(*, actor: Actor, number: str, rating: int, comment: str = "") -> Evaluation:
    """The applicant rates a concluded case once, 1 (非常不满意) to 5 (非常满意). A rating
    that is not satisfied (不满意 or worse) opens a rectification for the department, due in
    5 working days."""
    require_role(actor, Role.APPLICANT, Role.AGENT)
    if rating not in Rating.values:
        raise ValidationFailed.one(
            "rating", "choice", _("The rating is a whole number from 1 to 5.")
        )
    if len(comment or "") > 2000:
        raise ValidationFailed.one(
            "comment", "max_length", _("At most %(n)s characters.") % {"n": 2000}
        )
    case = (
        visible(actor, Case.objects.select_for_update(of=("self",))).filter(number=number).first()
    )
    if case is None or case.applicant_id != actor.person_id:
        raise NotFound(_("No case %(n)s of yours.") % {"n": number})
    if case.status != CaseStatus.CONCLUDED:
        raise Conflict(_("A case is rated after it is concluded."), code="invalid_transition")
    if Evaluation.objects.filter(case=case).exists():
        raise Conflict(_("This case has already been rated."), code="already_rated")
    now = clock.now()
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                case=case,
                rating=rating,
                comment=(comment or "").strip(),
                rated_by_id=actor.user_id,
                rated_at=now,
            )
    except IntegrityError:
        raise Conflict(_("This case has already been rated."), code="already_rated") from None
    evaluation_counted(evaluation)
    audit_record(
        actor=actor,
        action="evaluation.submit",
        subject=case,
        after={"rating": rating, "comment": comment},
    )
    if not satisfied(rating):
        due = add_working_days(timezone.localdate(now), RECTIFICATION_DAYS, calendar())
        rectification = Rectification.objects.create(
            evaluation=evaluation,
            case=case,
            department_id=case.department_id,
            opened_at=now,
            due_date=due.date,
            due_provisional=due.provisional,
        )
        audit_record(
            actor=actor,
            action="rectification.open",
            subject=rectification,
            after={"case": case.number, "department": case.department_id, "due_date": due.date},
        )
    return evaluation


@transaction.atomic
def rectification_close(
    *,
    actor: Actor,
    rectification_id: int,
    result: str,
    follow_up_at: dt.datetime | None,
    follow_up_note: str,
) -> Rectification:
    """A supervisor closes a rectification only with what was done and the follow-up call."""
    require_role(actor, Role.SUPERVISOR)
    rectification = (
        visible(actor, Rectification.objects.select_for_update(of=("self",)))
        .select_related("case")
        .filter(pk=rectification_id)
        .first()
    )
    if rectification is None:
        raise NotFound(_("No rectification %(id)s is visible to you.") % {"id": rectification_id})
    if rectification.status == Rectification.Status.CLOSED:
        raise Conflict(_("This rectification is already closed."), code="invalid_transition")
    problems = []
    if not (result or "").strip():
        problems.append(FieldProblem("result", "required", _("Write what was done.")))
    if follow_up_at is None:
        problems.append(
            FieldProblem("follow_up_at", "required", _("Record when the follow-up call was made."))
        )
    elif follow_up_at > clock.now():
        problems.append(
            FieldProblem("follow_up_at", "future", _("The follow-up call cannot be in the future."))
        )
    if not (follow_up_note or "").strip():
        problems.append(
            FieldProblem(
                "follow_up_note", "required", _("Write what the applicant said on the call.")
            )
        )
    if problems:
        raise ValidationFailed(problems)
    rectification.status = Rectification.Status.CLOSED
    rectification.result, rectification.follow_up_at = result.strip(), follow_up_at
    rectification.follow_up_note = follow_up_note.strip()
    rectification.closed_by_id, rectification.closed_at = actor.user_id, clock.now()
    rectification.save()
    audit_record(
        actor=actor,
        action="rectification.close",
        subject=rectification,
        before={"status": "open"},
        after={"status": "closed", "result": rectification.result, "follow_up_at": follow_up_at},
    )
    return rectification
