"""Appeals as the actor may see them: lists with filters, one appeal, its timeline, its
deadline state, the contact's full phone (audited) and extensions waiting for a decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, require_role, visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record
from onething.core.workdays import add_working_days

from .. import rules
from ..models import (
    PHONE_LABEL,
    Appeal,
    AppealEvent,
    AppealType,
    Category,
    Extension,
    ExtensionStatus,
)
from .limits import limit_for, working_days_from

DEADLINE_FILTERS = ("overdue", "warning")


def _base() -> QuerySet[Appeal]:
    return Appeal.objects.select_related("category", "department", "programme", "region")


def appeals_list(
    actor: Actor,
    *,
    status: str = "",
    type: str = "",
    channel: str = "",
    programme: str = "",
    department: str = "",
    category: str = "",
    deadline: str = "",
    q: str = "",
    queue: str = "",
    part: int | None = None,
) -> QuerySet[Appeal]:
    """The appeals the actor sees, filtered. ``deadline`` = overdue | warning (open appeals
    past or near their due date); ``queue`` = dispatch (received or returned, for
    dispatchers) | inbox (dispatched or handling in the officer's department)."""
    problems = []
    for field, value, allowed in (
        ("status", status, rules.STATUS_LABELS),
        ("type", type, AppealType.values),
        ("deadline", deadline, DEADLINE_FILTERS),
        ("queue", queue, ("dispatch", "inbox")),
    ):
        if value and value not in allowed:
            problems.append((field, allowed))
    if problems:
        raise ValidationFailed(
            [
                FieldProblem(f, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(sorted(a))})
                for f, a in problems
            ]
        )
    qs = visible(actor, _base(), part)
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if channel:
        qs = qs.filter(channel=channel)
    if programme:
        qs = qs.filter(programme__code=programme)
    if department:
        qs = qs.filter(department__code=department)
    if category:
        qs = qs.filter(category__path__startswith=_category_path(category))
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(text__icontains=q))
    if queue == "dispatch":
        qs = qs.filter(status__in=("received", "returned"))
    elif queue == "inbox":
        qs = qs.filter(status__in=("dispatched", "handling"), department_id=actor.department_id)
    if deadline:
        today = clock.today()
        qs = qs.filter(status__in=rules.OPEN_STATUSES)
        if deadline == "overdue":
            qs = qs.filter(due_date__lt=today)
        else:
            horizon = add_working_days(today, rules.DEFAULT_WARNING_DAYS, official_calendar()).date
            qs = qs.filter(due_date__gte=today, due_date__lte=horizon)
    return qs.order_by("-received_at", "-id")


def _category_path(code: str) -> str:
    category = Category.objects.filter(code=code).first()
    return category.path if category else "/-none-/"


def appeal_get(actor: Actor, number: str) -> Appeal:
    return get_visible(
        actor, _base().prefetch_related("replies", "follow_ups", "photos"), number=number
    )


def appeal_timeline(actor: Actor, appeal: Appeal) -> QuerySet[AppealEvent]:
    """The appeal's timeline; the requester sees the public lines."""
    events = appeal.events.select_related("department")
    if actor.role in (Role.APPLICANT, Role.AGENT):
        events = events.filter(public=True)
    return events


@dataclass(frozen=True)
class DeadlineInfo:
    due: dt.date
    provisional: bool
    state: str  # answered | overdue | warning | on_time (core/deadlines.py)
    days_left: int  # working days after today up to the due date (negative when past)


def deadline_info(appeal: Appeal, today: dt.date | None = None) -> DeadlineInfo:
    today = today or clock.today()
    answered = appeal.status in ("replied", "closed")
    days_left = working_days_from(today, appeal.due_date)
    _limit, warning = limit_for(appeal.type, appeal.urgency)
    state = rules.deadline_state(
        due=appeal.due_date,
        today=today,
        days_left=days_left,
        warning_days=warning,
        answered=answered,
    )
    return DeadlineInfo(appeal.due_date, appeal.due_provisional, state, days_left)


@transaction.atomic
def appeal_contact_reveal(*, actor: Actor, number: str, purpose: str = "") -> str:
    """The contact's full phone number, for the staff handling the appeal; audited."""
    require_role(actor, Role.DISPATCHER, Role.OFFICER, Role.SUPERVISOR)
    appeal = appeal_get(actor, number)
    if not appeal.contact_phone_cipher:
        raise ValidationFailed.one("contact_phone", "absent", _("The appeal has no contact phone."))
    audit_record(
        actor=actor,
        action="pii.read",
        subject=appeal,
        after={"field": "contact_phone"},
        note=(purpose or "")[:300],
    )
    return keyring().decrypt(appeal.contact_phone_cipher, PHONE_LABEL)


def extensions_pending(actor: Actor) -> QuerySet[Extension]:
    return visible(
        actor,
        Extension.objects.filter(status=ExtensionStatus.PENDING).select_related(
            "appeal", "appeal__department", "requested_by"
        ),
    ).filter(appeal__in=visible(actor, Appeal.objects.all()))
