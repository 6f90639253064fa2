"""The one-things' figures, pure: a count in 万 as the seeds write it ("93.8万件"), the
period named as the seeds name it (上半年), and a total shared out in whole numbers by
weight (largest remainder), as the generator of figures' data apportions its runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def wan(count: int, decimals: int = 1) -> str:
    """``count`` in 万 (ten thousands), rounded half up: 938_000 → "93.8"."""
    step = Decimal(1).scaleb(-decimals)
    return str((Decimal(count) / 10_000).quantize(step, rounding=ROUND_HALF_UP))


def is_first_half(date_from: dt.date | None, date_to: dt.date | None) -> bool:
    """Whether the period is exactly the first half of a year (1 January – 30 June)."""
    return (
        date_from is not None
        and date_to is not None
        and (date_from.month, date_from.day) == (1, 1)
        and (date_to.month, date_to.day) == (6, 30)
        and date_from.year == date_to.year
    )


def apportion(total: int, weights: Mapping[str, float] | Sequence[tuple[str, float]]) -> dict:
    """Share ``total`` out over the keys in proportion to their (non-negative) weights, in
    whole numbers that add up to ``total`` exactly: each gets the whole part of its quota,
    and what is left goes one by one to the largest remainders (ties: the order given).
    Exact (fractions), so the same weights always give the same shares."""
    pairs = list(weights.items() if isinstance(weights, Mapping) else weights)
    if total < 0:
        raise ValueError("the total is not negative")
    if any(w < 0 for _k, w in pairs):
        raise ValueError("weights are not negative")
    whole = sum(Fraction(w) for _k, w in pairs)
    if not pairs or whole == 0:
        if total:
            raise ValueError("a total needs a positive weight to go to")
        return {k: 0 for k, _w in pairs}
    quotas = [(k, Fraction(total) * Fraction(w) / whole) for k, w in pairs]
    shares = {k: int(q) for k, q in quotas}  # the whole parts (quotas are not negative)
    left = total - sum(shares.values())
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i][1] - int(quotas[i][1])), i))
    for i in order[:left]:
        shares[quotas[i][0]] += 1
    return shares
