"""Schemas of the registry of honorees and the physical cards. An identity number is only
ever shown masked (``3202**********1234``)."""

import datetime as dt

from ninja import Field

from onething.core.schema import RegionRef, Schema


class HonoreeIn(Schema):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=30, description="The resident ID number (GB 11643)")
    phone: str = Field("", max_length=20)
    region_code: str = Field(..., max_length=12, description="The home region's code")
    level: str = Field(..., description="national, provincial, municipal or treated")
    title: str = Field(..., max_length=60, description="e.g. 全国劳动模范")
    year: int = Field(..., description="The year the honour was awarded (1950…this year)")
    work_unit: str = Field("", max_length=120)


class HonoreeOut(Schema):
    id: int
    name: str = Field(..., alias="person.name")
    id_number_masked: str = Field(..., alias="person.id_number_masked")
    phone_masked: str = Field(..., alias="person.phone_masked")
    region: RegionRef = Field(..., alias="person.region")
    level: str
    level_label: str
    title: str
    year: int
    work_unit: str
    status: str
    registered_at: dt.datetime
    active_card: str | None = Field(None, description="The number of the active card")

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())


class StatusChangeOut(Schema):
    before: str
    after: str
    reason: str
    at: dt.datetime


class CardBrief(Schema):
    number: str
    transit_number: str
    status: str
    issued_at: dt.datetime
    blocked_at: dt.datetime | None


class HonoreeDetailOut(HonoreeOut):
    status_history: list[StatusChangeOut]
    cards: list[CardBrief]

    @staticmethod
    def resolve_status_history(obj):
        return list(obj.status_history.all())

    @staticmethod
    def resolve_cards(obj):
        return list(obj.cards.all())


class StatusIn(Schema):
    status: str = Field(..., description="active, suspended, deceased or revoked")
    reason: str = Field(..., max_length=200)


class HonoreeImportOut(Schema):
    file: str
    rows: int = Field(..., description="Rows read under the header")
    created: int = Field(..., description="Honorees registered")
    skipped_existing: list[int] = Field(
        ..., description="Sheet rows of holders already in the registry (not changed)"
    )


class CardBatchIn(Schema):
    number: int = Field(..., ge=1, le=32767)
    name: str = Field(..., max_length=80)


class CardBatchOut(Schema):
    id: int
    number: int
    name: str
    created_at: dt.datetime
    cards_total: int = 0
    cards_active: int = 0
    cards_blocked: int = 0
    cards_revoked: int = 0


class CardIn(Schema):
    honoree_id: int
    batch_id: int
    number: str = Field(..., max_length=30, description="12 digits")
    transit_number: str = Field(..., max_length=30, description="太湖交通卡 number: 16 digits")


class HonoreeRef(Schema):
    id: int
    name: str = Field(..., alias="person.name")
    id_number_masked: str = Field(..., alias="person.id_number_masked")
    level: str
    status: str


class BatchRef(Schema):
    id: int
    number: int
    name: str


class CardOut(CardBrief):
    honoree: HonoreeRef
    batch: BatchRef
    replaces: str | None = Field(None, description="The number of the card this one replaces")
    replaced_by: str | None = Field(None, description="The number of the card replacing it")

    @staticmethod
    def resolve_replaces(obj):
        return obj.replaces.number if obj.replaces_id else None

    @staticmethod
    def resolve_replaced_by(obj):
        replacement = getattr(obj, "replaced_by", None)  # the reverse side may be absent
        return replacement.number if replacement else None


class ReportLostIn(Schema):
    new_number: str = Field(
        "", max_length=30, description="Union staff: the replacement card's number (12 digits)"
    )
    new_transit_number: str = Field(
        "", max_length=30, description="Union staff: the replacement's transit number"
    )


class LostOut(Schema):
    blocked: CardOut
    replacement: CardOut | None


class TransitIn(Schema):
    transit_number: str = Field(..., max_length=30, description="16 digits")
