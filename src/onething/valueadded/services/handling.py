"""The provider's side of a request: accept it (受理) or decline it with the reason (不予受理)
within the working days the service promises — whether it answered on time is kept for
the figures —, then conclude it with what came of it (办结: the outcome, and for a
financing reached its amount in fen). Only the accounts of the request's provider act;
anyone else who may see the request is refused (403), a move from a status it does not
leave answers 409."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem

from ..models import ServiceRequest
from ..rules.requests import (
    ACCEPT,
    CONCLUDE,
    DECLINE,
    NOTE_MAX,
    REQUEST_LIFECYCLE,
    answered_on_time,
    outcome_problems,
)
from ..selectors.requests import side_of
from ..timeframe import local_day
from .common import locked_request, moved


def _answered(request) -> dict:
    now = clock.now()
    on_time = answered_on_time(local_day(now), request.due_date)
    return {"answered_at": now, "answered_on_time": on_time}


@transaction.atomic
def request_accept(*, actor: Actor, number: str, note: str = "") -> ServiceRequest:
    """受理: the provider takes the request on (a note for the enterprise, if any)."""
    refuse_if([text_problem("note", note, NOTE_MAX)])
    request = locked_request(actor, number)
    return moved(request, ACCEPT, actor, note=(note or "").strip(), **_answered(request))


@transaction.atomic
def request_decline(*, actor: Actor, number: str, reason: str) -> ServiceRequest:
    """不予受理: the provider cannot take the request on, and says why (required)."""
    request = locked_request(actor, number)
    REQUEST_LIFECYCLE.target(request.status, DECLINE, side_of(actor, request))
    refuse_if(
        [text_problem("reason", reason, NOTE_MAX, required=_("Say why the request is declined."))]
    )
    reason = reason.strip()
    return moved(request, DECLINE, actor, note=reason, decline_reason=reason, **_answered(request))


@transaction.atomic
def request_conclude(
    *, actor: Actor, number: str, outcome_kind: str, outcome: str, amount_fen: int | None = None
) -> ServiceRequest:
    """办结: the provider concludes an accepted request with its outcome (and the amount of
    a financing reached)."""
    request = locked_request(actor, number)
    REQUEST_LIFECYCLE.target(request.status, CONCLUDE, side_of(actor, request))
    refuse_if(outcome_problems(outcome_kind, outcome, amount_fen))
    outcome = outcome.strip()
    return moved(
        request,
        CONCLUDE,
        actor,
        note=outcome,
        outcome_kind=outcome_kind,
        outcome=outcome,
        amount_fen=amount_fen,
        concluded_at=clock.now(),
    )
