"""The physical cards over the API: batches, issue, report lost, transit binding."""

from django.http import HttpResponse
from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..schemas.registry import (
    CardBatchIn,
    CardBatchOut,
    CardIn,
    CardOut,
    LostOut,
    ReportLostIn,
    TransitIn,
)
from ..selectors import registry as selectors
from ..services import cards as services

router = Router(tags=["honour cards"])
IdempotencyKey = Header(None, alias="Idempotency-Key")


@router.get("/card-batches", response=list[CardBatchOut])
@paginate(CityPagination)
def list_batches(request):
    """The issuance batches with their cards counted by status (union staff)."""
    return selectors.batches_list(actor(request))


@router.post("/card-batches", response={201: CardBatchOut})
def create_batch(request, payload: CardBatchIn):
    batch = services.card_batch_create(actor=actor(request), **payload.dict())
    return Status(201, batch)


@router.get("/cards", response=list[CardOut])
@paginate(CityPagination)
def list_cards(request, status: str = "", batch: int | None = None, q: str = ""):
    """Cards (union staff; an honoree their own). ``batch``: a batch number; ``q``: a card
    or transit card number."""
    return selectors.cards_list(actor(request), status=status, batch=batch, q=q)


@router.post("/cards", response={201: CardOut})
def issue_card(
    request, response: HttpResponse, payload: CardIn, idempotency_key: str | None = IdempotencyKey
):
    """Issue a card bound to a 太湖交通卡 number (union staff). 409: ``has_active_card``,
    ``card_number_taken``, ``transit_number_taken``, ``honoree_not_active``."""
    who = actor(request)
    card = services.card_issue(actor=who, idempotency_key=idempotency_key, **payload.dict())
    response["Location"] = f"/api/cards/{card.number}"
    return Status(201, selectors.card_get(who, card.number))


@router.get("/cards/{number}", response=CardOut)
def get_card(request, number: str):
    return selectors.card_get(actor(request), number)


@router.post("/cards/{number}/report-lost", response=LostOut)
def report_lost(request, number: str, payload: ReportLostIn):
    """挂失: the card is blocked at once. Union staff may give the replacement's numbers
    (issued in the same transaction); an honoree reports their own card without them."""
    who = actor(request)
    done = services.card_report_lost(actor=who, card_number=number, **payload.dict())
    replacement = done.replacement
    return {
        "blocked": selectors.card_get(who, done.blocked.number),
        "replacement": selectors.card_get(who, replacement.number) if replacement else None,
    }


@router.post("/cards/{number}/transit", response=CardOut)
def bind_transit(request, number: str, payload: TransitIn):
    """Bind an active card to another transit card number (union staff)."""
    who = actor(request)
    card = services.card_bind_transit(
        actor=who, card_number=number, transit_number=payload.transit_number
    )
    return selectors.card_get(who, card.number)
