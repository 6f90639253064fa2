"""The gate authorisation API (a gate's Bearer token) and the swipes union staff review.

A deny is an answer (200, ``allowed: false`` with the reason and the voice prompt), not an
error: 422 only for malformed input, 409 for a swipe id reused with another card, 403 for a
token that is not a gate's."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import HttpBearer

from onething.core import clock
from onething.core.apiutils import actor, session_auth
from onething.core.pagination_api import CityPagination

from ..schemas.gates import (
    GateCreatedOut,
    GateIn,
    GateMeOut,
    GateOut,
    RideOut,
    SwipeBatchIn,
    SwipeBatchOut,
    SwipeIn,
    SwipeOut,
    SwipeRowOut,
)
from ..selectors import ledger as ledger_selectors
from ..selectors import venues as venue_selectors
from ..services import gates as services

router = Router(tags=["honour cards"])


class GateAuth(HttpBearer):
    """A gate's ``Authorization: Bearer ot_…``, found in one statement
    (``services.gate_caller``): the swipe endpoints are what every gate calls for every
    passenger. Any other account's token is still recognised (and refused by the gate
    check with 403), and so is a signed-in session, after the token."""

    def authenticate(self, request: HttpRequest, token: str):
        caller = services.gate_caller(token)
        if caller is not None:
            request._onething_actor = caller  # what ``actor(request)`` answers
        return caller


GATE_AUTH = [GateAuth(), session_auth]


@router.get("/gates", response=list[GateOut])
@paginate(CityPagination)
def list_gates(request, venue: str = ""):
    """The gates (union staff; a gate sees itself)."""
    return venue_selectors.gates_list(actor(request), venue_code=venue)


@router.post("/gates", response={201: GateCreatedOut})
def register_gate(request, payload: GateIn):
    """A gate at a venue with its own account and API token (union staff). The token is in
    this answer only: store it in the gate."""
    gate, secret = services.gate_register(actor=actor(request), **payload.dict())
    gate.token = secret
    return Status(201, gate)


@router.get("/gate/me", response=GateMeOut)
def gate_me(request):
    """The calling gate: its venue with the tariff and benefits in force, the server time."""
    gate = venue_selectors.gate_me(actor(request))
    return {"code": gate.code, "name": gate.name, "venue": gate.venue, "now": clock.now()}


@router.post("/gate/swipes", response=SwipeOut, auth=GATE_AUTH)
def swipe(request, payload: SwipeIn):
    """Authorise one swipe: a card number (the 16-digit transit number, or the 12-digit
    card number) or a scanned code, exactly one. Idempotent on ``swipe_id``: a retry gets
    the same answer and is counted once."""
    done = services.swipe_authorize(gate_actor=actor(request), **payload.dict())
    return ledger_selectors.swipe_answer(done)


@router.post("/gate/swipes/batch", response=SwipeBatchOut, auth=GATE_AUTH)
def swipe_batch(request, payload: SwipeBatchIn):
    """The swipes a gate stored while offline (at most 1000), answered in order, each
    counted once however often it is sent. A malformed item → 422 naming
    ``swipes.<i>.<field>``, and nothing of the batch is written."""
    done = services.swipes_upload(
        gate_actor=actor(request), swipes=[item.dict() for item in payload.swipes]
    )
    return {"results": [ledger_selectors.swipe_answer(s) for s in done]}


@router.get("/swipes", response=list[SwipeRowOut])
@paginate(CityPagination)
def list_swipes(
    request,
    venue: str = "",
    operator: str = "",
    gate: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    allowed: bool | None = None,
):
    """Swipes, newest first (union staff: all; an honoree: their own). ``venue``,
    ``operator``, ``gate``: codes; dates: local days of the swipe, inclusive."""
    return ledger_selectors.swipes_list(
        actor(request),
        venue=venue,
        operator=operator,
        gate=gate,
        date_from=date_from,
        date_to=date_to,
        allowed=allowed,
    )


@router.get("/my/rides", response=list[RideOut])
@paginate(CityPagination)
def my_rides(
    request,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    allowed: bool | None = None,
):
    """The signed-in honoree's rides and visits (allowed and denied), newest first."""
    return ledger_selectors.my_rides(
        actor(request), date_from=date_from, date_to=date_to, allowed=allowed
    )
