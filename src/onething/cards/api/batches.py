"""Issuing a batch's cards from the card manufacturer's list over the API (union staff)."""

from ninja import Field, Router
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.schema import Schema

from ..services.issuance import MAX_ROWS, cards_issue_batch

router = Router(tags=["honour cards"])


class BatchRowIn(Schema):
    number: str = Field("", max_length=30, description="The honour card's number (12 digits)")
    transit_number: str = Field(
        "", max_length=30, description="The 太湖交通卡 number it is bound to (16 digits)"
    )
    id_number: str = Field("", max_length=30, description="The holder's resident ID number")


class BatchIssueIn(Schema):
    rows: list[BatchRowIn] = Field(..., max_length=MAX_ROWS)


class IssuedCardOut(Schema):
    number: str
    transit_number: str
    honoree: int = Field(..., alias="honoree_id")
    replaces: str | None = None

    @staticmethod
    def resolve_replaces(obj) -> str | None:
        return obj.replaces.number if obj.replaces_id else None


class BatchIssueOut(Schema):
    batch: int
    issued: int
    cards: list[IssuedCardOut]


@router.post("/card-batches/{number}/cards", response={201: BatchIssueOut})
def issue_batch(request, number: int, payload: BatchIssueIn):
    """Issue the cards of the manufacturer's list (card number, transit card number, the
    holder's ID number) into batch ``number``: all of them or none. 422 lists every problem
    as ``rows.<i>.<field>`` (e.g. ``not_in_registry``, ``level_without_card``,
    ``has_active_card``, ``card_number_taken``, ``duplicate_in_list``); 404 for an unknown
    batch."""
    rows = [row.dict() for row in payload.rows]
    cards = cards_issue_batch(actor=actor(request), batch_number=number, rows=rows)
    return Status(201, {"batch": number, "issued": len(cards), "cards": cards})
