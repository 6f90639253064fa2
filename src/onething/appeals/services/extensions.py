"""延期: the responsible department asks for more working days; a supervisor of the
appeal's region approves (the due date moves) or refuses."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role

from .. import rules
from ..models import Extension, ExtensionStatus
from ..problems import refuse_if, text_problem
from .common import deadline_extended, event_add, locked_appeal, transition
from .flow import _responsible


@transaction.atomic
def extension_request(*, actor: Actor, number: str, working_days: int, reason: str) -> Extension:
    problems = []
    if not isinstance(working_days, int) or not 1 <= working_days <= rules.MAX_EXTENSION_DAYS:
        problems.append(
            FieldProblem(
                "working_days",
                "range",
                _("Ask for 1 to %(n)s working days.") % {"n": rules.MAX_EXTENSION_DAYS},
            )
        )
    problems.append(text_problem("reason", reason, 300, _("Say why more time is needed.")))
    refuse_if(problems)
    appeal = locked_appeal(actor, number)
    _responsible(actor, appeal)
    rules.next_status(appeal.status, "extend")  # only while the appeal is being handled
    if appeal.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict(
            _("An extension of this appeal is already waiting for approval."),
            code="extension_pending",
        )
    extension = Extension.objects.create(
        appeal=appeal,
        working_days=working_days,
        reason=reason.strip(),
        requested_by_id=actor.user_id,
        requested_at=clock.now(),
    )

    event_add(
        appeal,
        "extension_requested",
        actor,
        public=False,
        department=appeal.department,
        note=_("+%(n)s working days: %(r)s") % {"n": working_days, "r": extension.reason},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, actor: Actor, extension_id: int, approve: bool, note: str = ""
) -> Extension:
    """A supervisor approves (the due date moves by the working days asked) or refuses."""
    require_role(actor, Role.SUPERVISOR)
    extension = get_visible(actor, Extension.objects.all(), pk=extension_id)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise Conflict(_("This extension has already been decided."), code="already_decided")
    refuse_if([text_problem("note", note, 300)])
    appeal = locked_appeal(actor, extension.appeal.number)
    extension.decided_by_id = actor.user_id
    extension.decided_at = clock.now()
    extension.decision_note = (note or "").strip()
    if approve:
        deadline = deadline_extended(appeal, extension.working_days)
        extension.status = ExtensionStatus.APPROVED
        extension.new_due_date = deadline["due_date"]
        extension.save()
        transition(
            appeal,
            "extend",
            actor,
            note=_("Time limit extended by %(n)s working days to %(d)s")
            % {"n": extension.working_days, "d": deadline["due_date"]},
            **deadline,
        )
    else:
        extension.status = ExtensionStatus.REFUSED
        extension.save()
        event_add(appeal, "extension_refused", actor, note=extension.decision_note, public=False)
    return extension
