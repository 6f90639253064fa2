"""Schemas of the gates and their swipes, the swipe ledger and the subsidy pool. Money is
in integer fen; times are ISO 8601 (without an offset a swipe's time is Beijing time)."""

import datetime as dt

from ninja import Field

from onething.core.identity import mask_name
from onething.core.schema import Schema

from ..selectors.ledger import reason_text
from .venues import VenueOut


class GateIn(Schema):
    code: str = Field(..., description="Lower-case letters, digits and dashes")
    name: str
    venue_code: str


class GateOut(Schema):
    code: str
    name: str
    venue: str = Field(..., alias="venue.code")
    venue_name: str = Field(..., alias="venue.name")
    account: str = Field(..., alias="account.username")
    is_active: bool


class GateCreatedOut(GateOut):
    token: str = Field(..., description="The gate's API token: shown this once, never again")


class GateMeOut(Schema):
    code: str
    name: str
    venue: VenueOut
    now: dt.datetime = Field(..., description="The server's time (to check the gate's clock)")


class SwipeIn(Schema):
    swipe_id: str = Field(..., description="Chosen by the gate, unique per gate (≤ 64 chars)")
    card_number: str | None = Field(
        None, description="The 16-digit transit card number read (or the 12-digit card number)"
    )
    code: str | None = Field(None, description="A scanned personal code (LM1.…)")
    at: dt.datetime = Field(..., description="When the card was presented")
    bill_fen: int | None = Field(
        None, description="At a dining offer (餐饮商圈优惠): the bill in fen, as the till reads it"
    )
    service: str | None = Field(
        None,
        description="At a green channel (医院就诊绿色通道): registration, consultation, "
        "examination or escort",
    )


class SwipeOut(Schema):
    swipe_id: str
    allowed: bool
    reason: str = Field(..., description="ok, or why not (card_blocked, no_benefit, daily_cap…)")
    reason_text: str = Field(..., description="The reason in words, in the request's language")
    voice: str = Field(..., description="What the gate speaks, e.g. 关爱卡")
    amount_fen: int = Field(..., description="The subsidy owed to the operator for this swipe")
    service: str = Field("", description="The green channel's service given")
    bill_fen: int | None = Field(None, description="A dining visit's bill (fen)")
    discount_fen: int = Field(0, description="A dining visit's discount (fen)")
    funded_by: str = Field("", description="Who paid that discount: pool or merchant")


class SwipeBatchIn(Schema):
    swipes: list[SwipeIn] = Field(..., description="At most 1000, in the order they happened")


class SwipeBatchOut(Schema):
    results: list[SwipeOut]


class SwipeRowOut(Schema):
    id: int
    swipe_id: str
    gate: str = Field(..., alias="gate.code")
    venue: str = Field(..., alias="venue.code")
    venue_name: str = Field(..., alias="venue.name")
    operator: str = Field(..., alias="venue.operator.code")
    presented: str
    card_number: str | None = None
    honoree_id: int | None
    holder: str = Field("", description="The holder's name, masked")
    at: dt.datetime
    received_at: dt.datetime
    offline: bool
    allowed: bool
    reason: str
    reason_text: str = ""
    voice: str
    amount_fen: int
    service: str = ""
    bill_fen: int | None = None
    discount_fen: int = 0
    funded_by: str = ""

    @staticmethod
    def resolve_card_number(obj) -> str | None:
        return obj.card.number if obj.card_id else None

    @staticmethod
    def resolve_holder(obj) -> str:
        return mask_name(obj.honoree.person.name) if obj.honoree_id else ""

    @staticmethod
    def resolve_reason_text(obj) -> str:
        return reason_text(obj.reason)


class RideOut(Schema):
    at: dt.datetime
    venue: str = Field(..., alias="venue.code")
    venue_name: str = Field(..., alias="venue.name")
    allowed: bool
    reason: str
    reason_text: str = ""
    amount_fen: int
    service: str = Field("", description="A green-channel visit's service")
    bill_fen: int | None = Field(None, description="A dining visit's bill (fen)")
    discount_fen: int = Field(0, description="A dining visit's discount (fen)")
    funded_by: str = Field("", description="Who paid that discount: pool or merchant")

    @staticmethod
    def resolve_reason_text(obj) -> str:
        return reason_text(obj.reason)


class LedgerOut(Schema):
    id: int
    operator: str = Field(..., alias="operator.code")
    venue: str = Field(..., alias="venue.code")
    swipe: int | None = Field(None, alias="swipe_id", description="The swipe's record id")
    corrects: int | None = Field(None, alias="corrects_id", description="The row corrected")
    amount_fen: int
    swiped_at: dt.datetime
    booked_on: dt.date
    note: str


class LedgerCorrectionIn(Schema):
    amount_fen: int = Field(..., description="What the row should have been, in fen")
    note: str


class PoolOut(Schema):
    name: str
    topped_up_fen: int
    accrued_fen: int
    available_fen: int
    warning_below_fen: int
    warning: bool


class PoolIn(Schema):
    warning_below_fen: int = Field(..., description="Warn below this balance (fen; 0: never)")


class TopUpIn(Schema):
    amount_fen: int = Field(..., description="A positive whole number of fen")
    note: str = ""


class TopUpOut(Schema):
    id: int
    amount_fen: int
    at: dt.datetime
    by: str | None = None
    note: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.username if obj.by_id else None
