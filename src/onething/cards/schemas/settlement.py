"""Schemas of the monthly settlement, reconciliation and the figures. Money in integer fen."""

import datetime as dt

from ninja import Field

from onething.core.schema import CodeRef, Schema


class SettlementIn(Schema):
    operator: str = Field(..., min_length=1, max_length=30, description="The operator's code")
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="The month, YYYY-MM")


class PayIn(Schema):
    payment_reference: str = Field(..., min_length=1, max_length=60)


class LineOut(Schema):
    venue: str = Field(..., description="The venue's code")
    venue_name: str
    day: dt.date = Field(..., description="The day the rows were booked")
    swipes: int
    amount_fen: int


class SettlementOut(Schema):
    id: int
    operator: CodeRef
    month: str = Field(..., description="YYYY-MM")
    status: str = Field(..., description="draft, approved or paid")
    swipes: int
    amount_fen: int
    created_at: dt.datetime
    approved_at: dt.datetime | None
    paid_at: dt.datetime | None
    payment_reference: str

    @staticmethod
    def resolve_month(obj) -> str:
        return obj.month.strftime("%Y-%m")


class ReconciliationOut(Schema):
    id: int
    settlement_id: int
    file_name: str
    sha256: str
    rows: int = Field(..., description="Data rows read from the operator's file")
    only_ours: list[str] = Field(..., description="Swipes (<gate>:<swipe id>) only in ours")
    only_theirs: list[str] = Field(..., description="Swipes only in the operator's export")
    amount_differs: list[dict] = Field(..., description="[{swipe, ours, theirs}] in fen")
    clean: bool
    at: dt.datetime

    @staticmethod
    def resolve_clean(obj) -> bool:
        return not (obj.only_ours or obj.only_theirs or obj.amount_differs)


class SettlementDetailOut(SettlementOut):
    lines: list[LineOut] = Field(..., description="By venue, then day")
    approved_by: str | None
    paid_by: str | None
    reconciliations: list[ReconciliationOut]

    @staticmethod
    def resolve_lines(obj) -> list[dict]:
        from ..selectors.settlement import statement_lines

        return statement_lines(obj)

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.get_username() if obj.approved_by_id else None

    @staticmethod
    def resolve_paid_by(obj) -> str | None:
        return obj.paid_by.get_username() if obj.paid_by_id else None

    @staticmethod
    def resolve_reconciliations(obj) -> list:
        return list(obj.reconciliations.order_by("-at", "-id"))


class PublicVenueFigure(Schema):
    code: str
    name: str
    swipes: int


class PublicMonthFigure(Schema):
    month: str
    swipes: int


class PublicFiguresOut(Schema):
    generated_at: dt.datetime
    cards_issued: int
    honorees_active: int
    swipes: int = Field(..., description="Allowed swipes (rides and entries)")
    hospital_visits: int = Field(
        0, description="Visits at the hospitals' green channel (医院就诊绿色通道)"
    )
    dining_visits: int = Field(0, description="Visits at the dining offers (餐饮商圈优惠)")
    by_venue: list[PublicVenueFigure]
    by_month: list[PublicMonthFigure] = Field(..., description="By the month of the ride")


class VenueFigure(PublicVenueFigure):
    operator: str
    owed_fen: int


class OperatorFigure(Schema):
    code: str
    name: str
    swipes: int
    owed_fen: int
    paid_fen: int


class MonthFigure(PublicMonthFigure):
    booked_fen: int = Field(..., description="Booked in the ledger that month")


class MerchantFigure(Schema):
    code: str = Field(..., description="The merchant (operator)")
    name: str
    venue: str
    venue_name: str
    area: str = Field(..., description="Its business district (商圈)")
    funded_by: str = Field(..., description="pool or merchant: who paid these discounts")
    visits: int
    bill_fen: int
    discount_fen: int


class DiningFigures(Schema):
    visits: int
    bill_fen: int
    discount_fen: int
    pool_fen: int = Field(..., description="Discounts paid by the pool (owed to merchants)")
    merchant_fen: int = Field(..., description="Discounts at the merchants' own cost")
    by_merchant: list[MerchantFigure]


class CardFiguresOut(Schema):
    generated_at: dt.datetime
    cards_issued: int
    cards_active: int
    honorees_active: int
    swipes: int = Field(..., description="Rides and entries")
    hospital_visits: int = Field(..., description="医院就诊绿色通道: recorded, never charged")
    dining_visits: int = Field(..., description="餐饮商圈优惠")
    dining: DiningFigures
    owed_fen: int = Field(..., description="Every ledger amount")
    paid_fen: int = Field(..., description="Every paid statement")
    outstanding_fen: int
    pool_top_ups_fen: int
    pool_balance_fen: int = Field(..., description="Top-ups less every ledger amount")
    pool_warning_below_fen: int
    pool_low: bool
    by_venue: list[VenueFigure]
    by_operator: list[OperatorFigure]
    by_month: list[MonthFigure]
