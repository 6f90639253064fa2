"""Who may pass a gate: the card and the honoree in good standing, a benefit of the venue
for the honoree's level in force that day, the caps not reached, a swipe time not in the
future; and what the union owes for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    voice: str
    amount_fen: int = 0
    benefit_id: int | None = None


def deny(reason: str) -> Decision:
    return Decision(False, reason, DENIED_VOICE)


def benefit_for(benefits: Iterable[BenefitSpec], level: str, day: dt.date) -> BenefitSpec | None:
    """The first benefit of the venue in force that day for the level."""
    return next((b for b in benefits if level in b.levels and b.in_force(day)), None)


def amount(price_fen: int, discount_percent: int) -> int:
    """The union's share of a price, in whole fen (half up)."""
    share = Decimal(price_fen) * Decimal(discount_percent) / Decimal(100)
    return int(share.quantize(Decimal(1), ROUND_HALF_UP))


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
) -> Decision:
    """The gate's answer. ``card_status`` is None when a code (not a card) was presented."""
    if at > now + FUTURE_TOLERANCE:
        return deny("future_time")
    if card_status is not None and card_status != "active":
        return deny(f"card_{card_status}")
    if honoree_status != "active":
        return deny(f"honoree_{honoree_status or 'unknown'}")
    benefit = benefit_for(benefits, level, local_day)
    if benefit is None:
        return deny("no_benefit")
    if benefit.daily_cap is not None and uses_today >= benefit.daily_cap:
        return deny("daily_cap")
    if benefit.monthly_cap is not None and uses_month >= benefit.monthly_cap:
        return deny("monthly_cap")
    if price_fen is None:
        return deny("no_tariff")
    owed = amount(price_fen, benefit.discount_percent)
    return Decision(True, "ok", benefit.voice, owed, benefit.id)
