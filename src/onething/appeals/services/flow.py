"""The flow of an appeal after intake: 派单 (dispatch, redispatch), the department's
acceptance, 退单 (return to the dispatcher) and 回复 (reply)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import Department, Role
from onething.core.permissions import Actor, require_role

from .. import rules
from ..models import Appeal, Reply
from ..problems import refuse_if, text_problem
from ..selectors.limits import working_days_from
from .common import local_day, locked_appeal, tell_requester, transition

DISPATCHERS = (Role.DISPATCHER, Role.SUPERVISOR)


def _department(code: str) -> Department:
    department = Department.objects.filter(code=code or "").first()
    if department is None:
        raise ValidationFailed.one(
            "department", "unknown", _("Unknown department %(c)s.") % {"c": code}
        )
    return department


def _responsible(actor: Actor, appeal: Appeal) -> None:
    """Only an officer of the responsible department acts for it."""
    require_role(actor, Role.OFFICER)
    if actor.is_system or actor.role == Role.ADMIN:
        return
    if appeal.department_id != actor.department_id:
        raise PermissionDenied(
            _("Appeal %(n)s is not assigned to your department.") % {"n": appeal.number},
            code="not_responsible",
            details={"number": appeal.number},
        )


@transaction.atomic
def appeal_dispatch(
    *,
    actor: Actor,
    number: str,
    department_code: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> Appeal:
    """派单: a dispatcher assigns a received (or returned) appeal to a department; on an
    appeal already assigned, the same is a redispatch (改派)."""
    require_role(actor, *DISPATCHERS)
    appeal = locked_appeal(actor, number)
    department = _department(department_code)
    action = "dispatch" if appeal.status in ("received", "returned") else "redispatch"
    if action == "redispatch" and department.pk == appeal.department_id:
        raise ValidationFailed.one(
            "department",
            "same",
            _("The appeal is already with %(d)s.") % {"d": department.name},
        )
    return transition(
        appeal,
        action,
        actor,
        note=note,
        department=department,
        at=at,
        department_id=department.pk,
        routing_rule=None,
    )


@transaction.atomic
def appeal_accept(*, actor: Actor, number: str, at: dt.datetime | None = None) -> Appeal:
    """办理: the responsible department takes the appeal on."""
    appeal = locked_appeal(actor, number)
    _responsible(actor, appeal)
    return transition(appeal, "accept", actor, department=appeal.department, at=at)


@transaction.atomic
def appeal_return(*, actor: Actor, number: str, reason: str) -> Appeal:
    """退单: the department says the appeal is not theirs; it goes back to the dispatcher
    with the reason."""
    refuse_if([text_problem("reason", reason, 300, _("Say why the appeal is returned."))])
    appeal = locked_appeal(actor, number)
    _responsible(actor, appeal)
    department = appeal.department
    return transition(
        appeal,
        "return",
        actor,
        note=reason.strip(),
        department=department,
        public=False,
        department_id=None,
    )


@transaction.atomic
def appeal_reply(
    *, actor: Actor, number: str, text: str, public: bool = True, at: dt.datetime | None = None
) -> Appeal:
    """回复: the responsible department answers this round; the requester is told and asked
    to rate the answer (回访)."""
    refuse_if([text_problem("text", text, 2000, _("Write the reply."))])
    appeal = locked_appeal(actor, number)
    _responsible(actor, appeal)
    at = at or clock.now()
    department = appeal.department
    Reply.objects.create(
        appeal=appeal,
        round=appeal.round,
        department=department,
        text=text.strip(),
        public=public,
        by_id=actor.user_id,
        at=at,
    )
    day = local_day(at)
    changes = {"replied_at": at, "replied_on_time": day <= appeal.due_date}
    if public and appeal.publish:
        changes["on_board"] = True
        changes["board_text"] = rules.board_search_text(appeal.title, appeal.text)
    if appeal.first_replied_at is None:
        changes["first_replied_at"] = at
        changes["reply_working_days"] = max(
            0, working_days_from(local_day(appeal.received_at), day)
        )
    transition(appeal, "reply", actor, department=department, at=at, **changes)
    tell_requester(
        appeal,
        _("Your appeal %(n)s has been answered") % {"n": appeal.number},
        _("%(d)s answered “%(t)s”. Please rate the answer.")
        % {"d": department.name, "t": appeal.title},
    )
    return appeal
