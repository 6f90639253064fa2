"""Who may pass a gate (or be served at a desk): the card and the honoree in good standing,
a benefit of the venue for the honoree's level in force that day, the caps not reached, a
swipe time not in the future; and what the union owes for it (``terms``: the tariff's share,
nothing for a priority service, a dining discount when the pool pays it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .visits import BILL_DISCOUNT, POOL, PRIORITY, charged, discount, owed_by_union

FUTURE_TOLERANCE = dt.timedelta(minutes=5)
DENIED_VOICE = "请走人工通道"


@dataclass(frozen=True)
class BenefitSpec:
    id: int
    levels: tuple[str, ...]
    discount_percent: int
    daily_cap: int | None
    monthly_cap: int | None
    voice: str
    valid_from: dt.date
    valid_to: dt.date | None
    kind: str = "free_ride"
    funded_by: str = POOL
    visit_cap_fen: int | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    voice: str
    amount_fen: int = 0  # what the union owes the operator
    benefit_id: int | None = None
    kind: str = ""  # the benefit's kind
    discount_fen: int = 0  # a dining discount
    funded_by: str = ""  # who pays that discount
    charged: bool = True  # a ledger row is written (when allowed)


def deny(reason: str) -> Decision:
    return Decision(False, reason, DENIED_VOICE, charged=False)


def benefit_for(benefits: Iterable[BenefitSpec], level: str, day: dt.date) -> BenefitSpec | None:
    """The first benefit of the venue in force that day for the level."""
    return next((b for b in benefits if level in b.levels and b.in_force(day)), None)


def amount(price_fen: int, discount_percent: int) -> int:
    """The union's share of a price, in whole fen (half up)."""
    share = Decimal(price_fen) * Decimal(discount_percent) / Decimal(100)
    return int(share.quantize(Decimal(1), ROUND_HALF_UP))


def admit(
    *,
    card_status: str | None,
    honoree_status: str | None,
    level: str,
    benefits: Iterable[BenefitSpec],
    at: dt.datetime,
    now: dt.datetime,
    local_day: dt.date,
    uses_today: int,
    uses_month: int,
) -> tuple[BenefitSpec | None, Decision | None]:
    """(the benefit that applies, None) or (None, the deny): everything but the price.
    ``card_status`` is None when a code (not a card) was presented."""
    if at > now + FUTURE_TOLERANCE:
        return None, deny("future_time")
    if card_status is not None and card_status != "active":
        return None, deny(f"card_{card_status}")
    if honoree_status != "active":
        return None, deny(f"honoree_{honoree_status or 'unknown'}")
    benefit = benefit_for(benefits, level, local_day)
    if benefit is None:
        return None, deny("no_benefit")
    if benefit.daily_cap is not None and uses_today >= benefit.daily_cap:
        return None, deny("daily_cap")
    if benefit.monthly_cap is not None and uses_month >= benefit.monthly_cap:
        return None, deny("monthly_cap")
    return benefit, None


def terms(benefit: BenefitSpec, *, price_fen: int | None, bill_fen: int | None) -> Decision:
    """What a use of ``benefit`` costs whom: a priority service nothing (not charged); a
    dining discount ``bill_fen`` × percent (capped per visit), owed by the union only when
    its pool pays (a bill is needed: ``bill_required``); the rest the union's share of the
    tariff in force (``no_tariff`` without one)."""
    if benefit.kind == PRIORITY:
        return Decision(True, "ok", benefit.voice, 0, benefit.id, kind=PRIORITY, charged=False)
    if benefit.kind == BILL_DISCOUNT:
        if bill_fen is None:
            return deny("bill_required")
        off = discount(bill_fen, benefit.discount_percent, benefit.visit_cap_fen)
        return Decision(
            True,
            "ok",
            benefit.voice,
            owed_by_union(off, benefit.funded_by),
            benefit.id,
            kind=BILL_DISCOUNT,
            discount_fen=off,
            funded_by=benefit.funded_by,
            charged=charged(BILL_DISCOUNT, benefit.funded_by),
        )
    if price_fen is None:
        return deny("no_tariff")
    owed = amount(price_fen, benefit.discount_percent)
    return Decision(True, "ok", benefit.voice, owed, benefit.id, kind=benefit.kind)


def decide(
    *,
    card_status: str | None,
    honoree_status: str | None,
    level: str,
    benefits: Iterable[BenefitSpec],
    at: dt.datetime,
    now: dt.datetime,
    local_day: dt.date,
    uses_today: int,
    uses_month: int,
    price_fen: int | None,
    bill_fen: int | None = None,
) -> Decision:
    """The gate's (or the desk's) answer. ``card_status`` is None when a code (not a card)
    was presented; ``bill_fen`` is the bill a cashier entered (a dining offer)."""
    benefit, refused = admit(
        card_status=card_status,
        honoree_status=honoree_status,
        level=level,
        benefits=benefits,
        at=at,
        now=now,
        local_day=local_day,
        uses_today=uses_today,
        uses_month=uses_month,
    )
    if refused is not None:
        return refused
    return terms(benefit, price_fen=price_fen, bill_fen=bill_fen)
