"""Schemas of a venue's desk (服务台): identifying the honoree, recording a visit (the
hospital's green channel, a dining offer) and the desk's visits. Money in integer fen."""

import datetime as dt

from ninja import Field

from onething.core.identity import mask_name
from onething.core.schema import Schema

from ..selectors.desk import funded_by_label, service_label


class DeskIdentifyIn(Schema):
    card_number: str | None = Field(
        None, description="The card's 12-digit number or its 16-digit transit card number"
    )
    code: str | None = Field(None, description="A scanned personal code (LM1.…)")
    bill_fen: int | None = Field(
        None, description="At a dining offer: the bill, to see the discount it gives"
    )


class DeskBenefitOut(Schema):
    id: int
    kind: str = Field(..., description="priority, bill_discount, free_entry…")
    kind_label: str
    discount_percent: int = Field(..., description="A dining offer's share off the bill (%)")
    visit_cap_fen: int | None = Field(None, description="The largest discount of one visit")
    funded_by: str = Field("", description="Who pays a dining discount: pool or merchant")
    funded_by_label: str = ""
    daily_cap: int | None
    monthly_cap: int | None


class ServiceOut(Schema):
    code: str
    label: str


class DeskIdentityOut(Schema):
    presented: str = Field(..., description="card or code")
    card_number: str = ""
    holder: str = Field("", description="The holder's name, masked")
    level: str = ""
    level_label: str = ""
    allowed: bool = Field(..., description="Would a visit be recorded now?")
    reason: str = Field(..., description="ok, or why not (card_blocked, no_benefit, daily_cap…)")
    reason_text: str
    benefit: DeskBenefitOut | None = Field(None, description="The benefit that applies here")
    uses_today: int
    uses_month: int
    services: list[ServiceOut] = Field(..., description="At a green channel: what it gives")
    bill_fen: int | None = None
    discount_fen: int | None = Field(None, description="The discount the bill gives")
    pays_fen: int | None = Field(None, description="What the honoree pays: the bill less it")
    owed_fen: int | None = Field(None, description="What the union would owe the merchant")


class VisitIn(Schema):
    card_number: str | None = Field(None, description="The card's number (12 or 16 digits)")
    code: str | None = Field(None, description="A scanned personal code (LM1.…)")
    service: str | None = Field(
        None,
        description="At a green channel (医院就诊绿色通道): registration, consultation, "
        "examination or escort",
    )
    bill_fen: int | None = Field(
        None, description="At a dining offer (餐饮商圈优惠): the bill in fen"
    )


class VisitOut(Schema):
    id: int
    visit_id: str = Field(..., alias="swipe_id", description="The visit's swipe id")
    venue: str = Field(..., alias="venue.code")
    venue_name: str = Field(..., alias="venue.name")
    desk: str = Field(..., description="The desk (gate) code")
    at: dt.datetime
    holder: str = Field("", description="The holder's name, masked")
    service: str
    service_label: str = ""
    bill_fen: int | None
    discount_fen: int
    funded_by: str = Field(..., description="Who paid the discount: pool, merchant or none")
    funded_by_label: str = ""
    amount_fen: int = Field(..., description="What the union owes the venue for the visit")

    @staticmethod
    def resolve_desk(obj) -> str:
        return obj.gate.code

    @staticmethod
    def resolve_holder(obj) -> str:
        return mask_name(obj.honoree.person.name) if obj.honoree_id else ""

    @staticmethod
    def resolve_service_label(obj) -> str:
        return service_label(obj.service)

    @staticmethod
    def resolve_funded_by_label(obj) -> str:
        return funded_by_label(obj.funded_by)
