"""Schemas of the directory: operators, venues, tariffs and benefits (礼遇). Money is in
integer fen."""

import datetime as dt

from ninja import Field

from onething.core.schema import Schema


class OperatorIn(Schema):
    code: str = Field(..., description="Lower-case letters, digits and dashes, e.g. wuxi-metro")
    name: str
    kind: str = Field(..., description="bus, metro, scenic, hospital, restaurant or other")


class OperatorRef(Schema):
    code: str
    name: str
    kind: str


class OperatorOut(OperatorRef):
    venues: list[str] = Field(..., description="The codes of its venues")

    @staticmethod
    def resolve_venues(obj) -> list[str]:
        return [v.code for v in obj.venues.all()]


class VenueIn(Schema):
    code: str
    name: str
    operator_code: str
    area: str = Field("", description="The business district (商圈) of a restaurant")


class TariffIn(Schema):
    price_fen: int = Field(..., description="The price of one use in fen (the subsidy owed)")
    valid_from: dt.date
    valid_to: dt.date | None = None


class TariffOut(Schema):
    id: int
    venue: str = Field(..., alias="venue.code")
    price_fen: int
    valid_from: dt.date
    valid_to: dt.date | None


class BenefitIn(Schema):
    name: str
    venue_code: str
    levels: list[str] = Field(..., description="national, provincial, municipal, treated")
    kind: str = Field(
        ...,
        description="free_ride, free_entry, discount (a share of the tariff), priority (a "
        "hospital's green channel: never charged) or bill_discount (a dining offer)",
    )
    discount_percent: int = Field(
        100, description="The union's share of the tariff (%); a dining offer's share of the bill"
    )
    funded_by: str = Field(
        "pool", description="Who pays a dining offer's discount: pool (settled) or merchant"
    )
    visit_cap_fen: int | None = Field(
        None, description="A dining offer's largest discount per visit, in fen (none: no cap)"
    )
    daily_cap: int | None = Field(None, description="Uses per day (none: no cap)")
    monthly_cap: int | None = Field(None, description="Uses per month (none: no cap)")
    voice_prompt: str = Field("关爱卡", description="What the gate speaks when it opens")
    valid_from: dt.date
    valid_to: dt.date | None = None


class BenefitOut(Schema):
    id: int
    name: str
    venue: str = Field(..., alias="venue.code")
    levels: list[str]
    kind: str
    discount_percent: int
    funded_by: str
    visit_cap_fen: int | None
    daily_cap: int | None
    monthly_cap: int | None
    voice_prompt: str
    valid_from: dt.date
    valid_to: dt.date | None


class BenefitBrief(Schema):
    id: int
    name: str
    levels: list[str]
    kind: str
    discount_percent: int
    funded_by: str
    visit_cap_fen: int | None
    daily_cap: int | None
    monthly_cap: int | None
    voice_prompt: str
    valid_from: dt.date
    valid_to: dt.date | None


class VenueOut(Schema):
    code: str
    name: str
    area: str = Field("", description="The business district (商圈)")
    operator: OperatorRef
    price_fen: int | None = Field(None, description="The tariff in force today, in fen")
    benefits: list[BenefitBrief] = Field(..., description="The benefits in force today")

    @staticmethod
    def resolve_price_fen(obj) -> int | None:
        tariffs = getattr(obj, "current_tariffs", [])
        return tariffs[0].price_fen if tariffs else None

    @staticmethod
    def resolve_benefits(obj) -> list:
        return list(getattr(obj, "current_benefits", []))
