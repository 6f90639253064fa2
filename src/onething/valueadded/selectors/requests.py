"""Requests, read: one request (scoped), an enterprise's own, a provider's queue with each
request's deadline state, the side an account is on, and the audited read of the
contact's full phone number (the provider's accounts only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core import clock, deadlines
from onething.core.crypto import keyring
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.identity import purpose_problem
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record
from onething.core.workdays import add_working_days, working_days_between

from ..models import PHONE_LABEL, ServiceProvider, ServiceRequest
from ..rules.requests import (
    ENTERPRISE,
    OPEN_STATUSES,
    PROVIDER,
    RATE,
    STATUSES,
    SUBMITTED,
    actions_for,
    deadline_state,
)
from ..scopes import provides

RELATED = ("service", "provider", "enterprise", "requested_by__person")


def _rows() -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.select_related(*RELATED)


def request_get(actor: Actor, number: str) -> ServiceRequest:
    return get_visible(actor, _rows(), number=number)


def side_of(actor: Actor, request: ServiceRequest) -> str | None:
    """``enterprise`` for the staff of the enterprise that asked, ``provider`` for the
    provider's accounts, None for anyone else (an administrator reads only)."""
    if actor.enterprise_id and actor.role == Role.APPLICANT:
        if request.enterprise_id == actor.enterprise_id:
            return ENTERPRISE
        if request.provider.enterprise_id == actor.enterprise_id:
            return PROVIDER
        return None
    officer = actor.role == Role.OFFICER and actor.department_id
    if officer and request.provider.department_id == actor.department_id:
        return PROVIDER
    return None


def request_actions(actor: Actor, request: ServiceRequest) -> list[str]:
    """The moves the account may make on the request now."""
    side = side_of(actor, request)
    return actions_for(request.status, side, rated=request.rated_at is not None)


def _filtered(rows, *, status: str, category: str, open_only: bool):
    if status:
        if status not in STATUSES:
            raise ValidationFailed.one(
                "status", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(STATUSES)}
            )
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(service__category=category)
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return rows


def my_requests(
    actor: Actor, *, status: str = "", category: str = "", open_only: bool = False
) -> QuerySet[ServiceRequest]:
    """The requests of the account's enterprise, newest first (none for another account)."""
    if not actor.enterprise_id:
        return ServiceRequest.objects.none()
    rows = visible(actor, _rows()).filter(enterprise_id=actor.enterprise_id)
    rows = _filtered(rows, status=status, category=category, open_only=open_only)
    return rows.order_by("-submitted_at", "-id")


def to_rate(actor: Actor) -> QuerySet[ServiceRequest]:
    """The enterprise's concluded requests it has not rated yet."""
    return my_requests(actor, status="concluded").filter(rated_at__isnull=True)


def _deadline_q(state: str, today: dt.date) -> Q:
    """The requests in a deadline state today (see rules.requests.deadline_state)."""
    if state == deadlines.ANSWERED:
        return ~Q(status=SUBMITTED)
    waiting = Q(status=SUBMITTED)
    tomorrow = add_working_days(today, 1, official_calendar()).date
    if state == deadlines.OVERDUE:
        return waiting & Q(due_date__lt=today)
    if state == deadlines.WARNING:
        return waiting & Q(due_date__gte=today, due_date__lte=tomorrow)
    if state == deadlines.ON_TIME:
        return waiting & Q(due_date__gt=tomorrow)
    raise ValidationFailed.one(
        "deadline",
        "choice",
        _("Choose one of: %(c)s.") % {"c": ", ".join([*deadlines.RUNNING, deadlines.ANSWERED])},
    )


def provider_queue(
    actor: Actor,
    *,
    status: str = "",
    category: str = "",
    service: str = "",
    deadline: str = "",
    open_only: bool = False,
) -> QuerySet[ServiceRequest]:
    """The requests routed to the providers the account acts for, newest first; filtered
    by status, category, service (its code) and deadline state."""
    rows = visible(actor, _rows()).filter(provider__in=_acting(actor))
    rows = _filtered(rows, status=status, category=category, open_only=open_only)
    if service:
        rows = rows.filter(service__code=service)
    if deadline:
        rows = rows.filter(_deadline_q(deadline, clock.today()))
    return rows.order_by("-submitted_at", "-id")


def _acting(actor: Actor) -> QuerySet:
    return ServiceProvider.objects.filter(provides(actor)).values("pk")


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    provisional: bool
    state: str  # core.deadlines: on_time, warning, overdue, answered
    days_left: int


def request_deadline(request: ServiceRequest, today: dt.date | None = None) -> Deadline:
    """How the request stands against the day the provider answers by."""
    today = today or clock.today()
    days_left = working_days_between(today, request.due_date, official_calendar())
    state = deadline_state(
        due=request.due_date,
        today=today,
        days_left=days_left,
        answered=request.status != SUBMITTED,
    )
    return Deadline(request.due_date, request.due_provisional, state, days_left)


def may_rate(actor: Actor, request: ServiceRequest) -> bool:
    return RATE in request_actions(actor, request)


@transaction.atomic
def request_contact_reveal(*, actor: Actor, number: str, purpose: str = "") -> str:
    """The contact's full phone number, for the provider's accounts that handle the
    request; every read is written to the audit log with its purpose (required)."""
    request = request_get(actor, number)
    if side_of(actor, request) != PROVIDER:
        raise PermissionDenied(_("Only the provider handling the request reads the number."))
    purpose = (purpose or "").strip()
    problem = purpose_problem(purpose)
    if problem is not None:
        raise ValidationFailed([problem])
    if not request.contact_phone_cipher:
        raise ValidationFailed.one("contact_phone", "absent", _("The request has no phone."))
    audit_record(
        actor=actor,
        action="pii.read",
        subject=request,
        after={"field": "contact_phone"},
        note=purpose[:300],
    )
    return keyring().decrypt(request.contact_phone_cipher, PHONE_LABEL)
