"""The figures' arithmetic, pure: a rate in percent with one decimal, an average of working
days, a month's label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal, rounded half up (None of nothing)."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average(values: Iterable[int | None]) -> Decimal | None:
    """The mean of the values given (None ignored), one decimal (None of none)."""
    given = [v for v in values if v is not None]
    if not given:
        return None
    return (Decimal(sum(given)) / len(given)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def month_key(day: dt.date) -> str:
    """``YYYY-MM`` of a day."""
    return f"{day:%Y-%m}"


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from ``first``'s to ``last``'s, in order."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months
