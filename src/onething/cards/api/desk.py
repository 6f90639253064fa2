"""A venue's desk (服务台) over the API: the staff at the hospital's green channel or at a
restaurant's till identify the honoree by card or code and record the visit. The caller is
the desk's account (role ``gate``, signed in or with its token), at its own venue only.

Refusals: 403 for anyone but a desk of that venue, 404 for an unknown venue or card, 422
naming each field, 409 ``visit_refused`` (the reason in ``details.reason``: the card
blocked, no benefit here, a cap reached…) or ``idempotency_key_reused``."""

import datetime as dt

from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..models import Swipe
from ..schemas.desk import DeskIdentifyIn, DeskIdentityOut, VisitIn, VisitOut
from ..selectors import desk as selectors
from ..services.desk import visit_record

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")


def _visit(swipe: Swipe) -> Swipe:
    return Swipe.objects.select_related("gate", "venue", "honoree__person").get(pk=swipe.pk)


@router.post("/venues/{code}/desk/identify", response=DeskIdentityOut)
def identify(request, code: str, payload: DeskIdentifyIn):
    """Who the card or code names (masked) and what this venue's benefit gives them today;
    with ``bill_fen`` at a dining offer, the discount. Nothing is written."""
    return selectors.desk_identify(actor(request), venue_code=code, **payload.dict())


@router.post("/venues/{code}/visits", response={201: VisitOut})
def record_visit(
    request,
    code: str,
    payload: VisitIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Record a visit now: the green channel's ``service``, or a dining offer's
    ``bill_fen`` (the discount is computed, and owed to the merchant when the union's pool
    pays it). A retry with the same Idempotency-Key answers the first visit."""
    swipe = visit_record(
        actor=actor(request), venue_code=code, idempotency_key=idempotency_key, **payload.dict()
    )
    return Status(201, _visit(swipe))


@router.get("/desk/visits", response=list[VisitOut])
@paginate(CityPagination)
def list_visits(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """The visits the calling desk recorded, newest first (dates: local days, inclusive)."""
    return selectors.desk_visits(
        actor(request), date_from=date_from, date_to=date_to
    ).select_related("gate")
