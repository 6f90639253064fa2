from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import NotFound
from onething.core.models import Role
from onething.core.permissions import Actor, visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import snapshot
from onething.core.services.messages import message_send

from .. import hooks
from ..models import Case
from ..rules import next_status

CASE_AUDIT_FIELDS = [
    "status",
    "due_date",
    "due_provisional",
    "paused_days",
    "outcome",
    "department",
    "center",
]


def case_snapshot(case: Case) -> dict:
    return snapshot(case, CASE_AUDIT_FIELDS)


def locked_case(actor: Actor, number: str, action: str, **context) -> tuple[Case, str]:
    """The case (row-locked for this transaction) if the actor may see it, and the state the
    action leads to — or NotFound / PermissionDenied / InvalidTransition."""
    found = (
        visible(actor, Case.objects.select_for_update(of=("self",)))
        .select_related("item", "department__region", "center", "applicant")
        .annotate(**hooks.flags())  # whether the apps on cases have a record of it
        .filter(number=number)
        .order_by()[:1]
    )
    case = next(iter(found), None)  # the number is unique: no ordering
    if case is None:
        raise NotFound(
            _("No case %(n)s is visible to you.") % {"n": number}, details={"number": number}
        )
    role = "applicant" if actor.role in (Role.APPLICANT, Role.AGENT) else actor.role
    hooks.check(actor, case, action, **context)  # who may act, before what the state allows
    target = next_status(case.status, action, role, system=actor.is_system)
    return case, target


def today():
    return clock.today()


def calendar():
    return official_calendar()


def tell_applicant(case: Case, subject: str, body: str) -> None:
    message_send(
        person=case.applicant,
        subject=subject,
        body=body,
        link=f"/cases/{case.number}/",
        topic=case,
    )
