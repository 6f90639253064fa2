"""督办: a supervisor urges the department handling a late case (overdue, or in warning) to
act, with a time by which it answers; the department answers what it did; the supervisor
closes the urge. Each write locks the case or the urge, checks the role, the scope and the
urge's transition table (rules.URGE_TRANSITIONS), and writes the audit row on the case, so
the urge shows in the case's history — one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from onething.core.models import Role, User
from onething.core.permissions import Actor, require_role, visible
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create
from onething.core.services.messages import message_send

from ..models import Case, CaseStatus, CaseUrge, UrgeStatus
from ..rules import (
    deadline_state,
    urge_next_status,
    urge_reply_by_default,
    urge_reply_by_moment,
    urge_reply_by_problem,
    urgeable,
)
from .common import calendar, today

MESSAGE_MAX = 1000
ANSWER_MAX = 2000


def _text(field: str, value: str | None, limit: int, required: str | None) -> FieldProblem | None:
    text = (value or "").strip()
    if not text:
        return FieldProblem(field, "required", required) if required else None
    if len(text) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def _reply_by(value: dt.datetime | dt.date | None) -> tuple[dt.datetime, bool, FieldProblem | None]:
    """The answer-by moment (a day means the end of that day in Wuxi), whether it was
    counted through a year with no holiday schedule, and the problem with it if any."""
    tz = timezone.get_default_timezone()
    if value is None:
        due = urge_reply_by_default(today(), calendar())
        return urge_reply_by_moment(due.date, tz), due.provisional, None
    if not isinstance(value, dt.datetime):
        value = urge_reply_by_moment(value, tz)
    problem = urge_reply_by_problem(value, clock.now())
    found = FieldProblem("reply_by", *problem) if problem else None
    return value, False, found


def _role(actor: Actor) -> str | None:
    return "supervisor" if actor.role == Role.SUPERVISOR else actor.role


def _tell_department(urge: CaseUrge, case: Case) -> None:
    """A message through the outbox to each active officer of the department who has a
    person record (and so an inbox, an email and a phone); the notice on the department's
    pages is there for every officer either way."""
    officers = User.objects.filter(
        role=Role.OFFICER, department_id=urge.department_id, is_active=True, person__isnull=False
    ).select_related("person")
    reply_by = timezone.localtime(urge.reply_by)
    for officer in officers:
        message_send(
            person=officer.person,
            subject=_("Supervision notice on case %(n)s") % {"n": case.number},
            body=_("%(item)s, case %(n)s: %(message)s Answer by %(when)s.")
            % {
                "item": case.item.name,
                "n": case.number,
                "message": urge.message,
                "when": f"{reply_by:%Y-%m-%d %H:%M}",
            },
            link=f"/cases/{case.number}/#urges",
            topic=case,
        )


def _locked_case(actor: Actor, number: str) -> Case:
    case = (
        visible(actor, Case.objects.select_for_update(of=("self",)))
        .select_related("item", "department")
        .filter(number=number)
        .order_by()
        .first()
    )
    if case is None:
        raise NotFound(
            _("No case %(n)s is visible to you.") % {"n": number}, details={"number": number}
        )
    return case


@transaction.atomic
def urge_issue(
    *,
    actor: Actor,
    number: str,
    message: str,
    reply_by: dt.datetime | dt.date | None = None,
    idempotency_key: str | None = None,
) -> CaseUrge:
    """督办: a supervisor whose region covers the case urges its handling department. Only
    a case that is overdue or in warning (accepted, running, at most one working day
    left); only one urge of a case awaits an answer at a time. ``reply_by`` defaults to
    the end of the second working day from today; a day means the end of that day. A
    retry with the same idempotency key answers with the first urge."""
    require_role(actor, Role.SUPERVISOR)
    moment, provisional, reply_problem = _reply_by(reply_by)
    problems = [
        p
        for p in (
            _text("message", message, MESSAGE_MAX, _("Write what the department should do.")),
            reply_problem,
        )
        if p is not None
    ]
    if problems:
        raise ValidationFailed(problems)

    def create() -> CaseUrge:
        case = _locked_case(actor, number)
        state = deadline_state(
            case.due_date,
            today(),
            calendar(),
            paused=case.status == CaseStatus.CORRECTION_REQUESTED,
        )
        if case.status != CaseStatus.ACCEPTED or not urgeable(state):
            raise Conflict(
                _(
                    "Only a case that is overdue or due within one working day can be "
                    "urged; %(n)s is not."
                )
                % {"n": case.number},
                code="not_late",
                details={"number": case.number, "status": case.status, "deadline": state},
            )
        pending = CaseUrge.objects.filter(case=case, status=UrgeStatus.OPEN).first()
        if pending is not None:
            raise Conflict(
                _("Case %(n)s was already urged; the department answers by %(when)s.")
                % {
                    "n": case.number,
                    "when": f"{timezone.localtime(pending.reply_by):%Y-%m-%d %H:%M}",
                },
                code="already_urged",
                details={"number": case.number, "urge_id": pending.pk},
            )
        try:
            with transaction.atomic():
                urge = CaseUrge.objects.create(
                    case=case,
                    department_id=case.department_id,
                    issued_by_id=actor.user_id,
                    issued_at=clock.now(),
                    case_state=state,
                    case_due_date=case.due_date,
                    message=message.strip(),
                    reply_by=moment,
                    reply_by_provisional=provisional,
                )
        except IntegrityError:  # a concurrent urge of the same case committed first
            raise Conflict(
                _("Case %(n)s was already urged.") % {"n": case.number}, code="already_urged"
            ) from None
        audit_record(
            actor=actor,
            action="case.urge",
            subject=case,
            after={
                "urge": urge.pk,
                "department": case.department_id,
                "reply_by": moment,
                "deadline": state,
            },
            note=_("%(message)s (answer by %(when)s)")
            % {
                "message": urge.message,
                "when": f"{timezone.localtime(moment):%Y-%m-%d %H:%M}",
            },
        )
        _tell_department(urge, case)
        return urge

    urge, _created = idempotent_create(
        actor=actor,
        operation="case.urge",
        key=idempotency_key,
        payload={"number": number, "message": message, "reply_by": reply_by},
        model=CaseUrge,
        create=create,
    )
    return urge


def _locked_urge(actor: Actor, urge_id: int) -> CaseUrge:
    urge = None
    if 0 < urge_id < 2**63:  # a key a database column can hold
        urge = (
            visible(actor, CaseUrge.objects.select_for_update(of=("self",)))
            .select_related("case__item", "department")
            .filter(pk=urge_id)
            .first()
        )
    if urge is None:
        raise NotFound(
            _("No supervision notice %(id)s is visible to you.") % {"id": urge_id},
            details={"urge_id": urge_id},
        )
    return urge


def _urge_step(
    actor: Actor, urge_id: int, action: str, text: str, *, text_field: str, by: str, at: str
) -> CaseUrge:
    """``action`` on the locked urge by its transition table: the new status, ``text`` in
    ``text_field``, the actor in ``by`` and now in ``at``; the audit row on the case."""
    urge = _locked_urge(actor, urge_id)
    before = urge.status
    target = urge_next_status(before, action, _role(actor))
    urge.status = target
    setattr(urge, text_field, text)
    setattr(urge, f"{by}_id", actor.user_id)
    setattr(urge, at, clock.now())
    urge.save(update_fields=["status", text_field, by, at])
    audit_record(
        actor=actor,
        action=f"case.urge_{action}",
        subject=urge.case,
        before={"urge": urge.pk, "status": before},
        after={"urge": urge.pk, "status": target},
        note=text[:300],
    )
    return urge


@transaction.atomic
def urge_answer(*, actor: Actor, urge_id: int, answer: str) -> CaseUrge:
    """An officer of the addressed department answers what was done (once)."""
    require_role(actor, Role.OFFICER)
    problem = _text("answer", answer, ANSWER_MAX, _("Write what the department did."))
    if problem:
        raise ValidationFailed([problem])
    return _urge_step(
        actor,
        urge_id,
        "answer",
        answer.strip(),
        text_field="answer",
        by="answered_by",
        at="answered_at",
    )


@transaction.atomic
def urge_close(*, actor: Actor, urge_id: int, note: str = "") -> CaseUrge:
    """The supervisor closes an urge: answered (the answer accepted), or still awaiting an
    answer (e.g. the case was concluded meanwhile)."""
    require_role(actor, Role.SUPERVISOR)
    problem = _text("note", note, ANSWER_MAX, None)
    if problem:
        raise ValidationFailed([problem])
    return _urge_step(
        actor,
        urge_id,
        "close",
        (note or "").strip(),
        text_field="close_note",
        by="closed_by",
        at="closed_at",
    )
