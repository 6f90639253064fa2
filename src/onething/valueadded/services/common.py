"""What the request services share: the request locked for a change, the side the actor is
on, and a move through the lifecycle with its timeline line and audit entry."""

from __future__ import annotations

import datetime as dt

from onething.core import clock
from onething.core.permissions import Actor, get_visible
from onething.core.services.audit import snapshot
from onething.core.services.timeline import timeline_step

from ..models import RequestStep, ServiceRequest
from ..rules.requests import REQUEST_LIFECYCLE
from ..selectors.requests import side_of

AUDIT_FIELDS = [
    "status",
    "due_date",
    "answered_at",
    "answered_on_time",
    "concluded_at",
    "outcome_kind",
    "amount_fen",
    "rating",
]


def locked_request(actor: Actor, number: str) -> ServiceRequest:
    """The request the actor may see, locked for the change (NotFound otherwise)."""
    found = get_visible(actor, ServiceRequest.objects.all(), number=number)
    return ServiceRequest.objects.select_for_update().select_related("provider").get(pk=found.pk)


def step(
    request: ServiceRequest,
    action: str,
    actor: Actor,
    *,
    note: str = "",
    at: dt.datetime | None = None,
    before: dict | None = None,
) -> RequestStep:
    """A line of the request's timeline and its audit entry (``before``: the audited fields
    before the change; None for a new request)."""
    return timeline_step(
        RequestStep,
        subject=request,
        action=action,
        actor=actor,
        audit_action=f"va_request.{action}",
        audited=AUDIT_FIELDS,
        before=before,
        note=note,
        at=at,
        request=request,
        status_after=request.status,
    )


def moved(
    request: ServiceRequest, action: str, actor: Actor, *, note: str = "", **changes
) -> ServiceRequest:
    """Take ``action`` as the actor's side of the request (403 for the wrong side, 409 from
    a status the action does not leave), set ``changes``, save, and write the step."""
    side = side_of(actor, request)
    status = REQUEST_LIFECYCLE.target(request.status, action, side)
    before = snapshot(request, AUDIT_FIELDS)
    request.status = status
    for field, value in changes.items():
        setattr(request, field, value)
    request.save()
    step(request, action, actor, note=note, at=clock.now(), before=before)
    return request
