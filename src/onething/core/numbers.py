"""How numbers and money read, once for every page and message. Pure: no database.

- A count or a measure: thousands separated by commas, ``12,345``; a non-whole number with
  one decimal unless told otherwise (``87.5``); nothing: ``—``.
- Money is kept as integer fen (or an exact ``Decimal`` of yuan) and reads in yuan with two
  decimals and the sign: ``¥1,234.50`` (``-¥0.05``). Lists and exports carry the exact
  amount in yuan as a number (``yuan_amount``: ``Decimal("1234.50")``); a page shows it
  ``1,234.50`` under a column headed in yuan.

Rates and shares read ``87.5%`` (``percent``). Templates use the filters ``|number``,
``|percent`` and ``|yuan`` (``onething.web.templatetags.numbers``,
loaded everywhere); code uses these functions. No float on the way for money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

NOTHING = "—"


def _as_number(value: Any) -> int | float | Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return value
    return None


def number(value: Any, decimals: int | None = None) -> str:
    """A count or a measure with thousands separators: 12345 → ``12,345``, 87.54 → ``87.5``,
    ``Decimal("1234.50")`` → ``1,234.50`` (a Decimal keeps its own decimals), ``decimals``
    fixes them (``number(2.5, 0)`` → ``2``); None → ``—``. Anything else (a text, a year
    already written out) is returned as text, unchanged."""
    if value is None or value == "":
        return NOTHING
    n = _as_number(value)
    if n is None:
        return str(value)
    if isinstance(n, float) and (n != n or n in (float("inf"), float("-inf"))):
        return NOTHING
    if decimals is not None:
        if isinstance(n, Decimal):
            return f"{n.quantize(Decimal(1).scaleb(-decimals)):,f}" if decimals else f"{n:,.0f}"
        return f"{n:,.{decimals}f}"
    if isinstance(n, int):
        return f"{n:,}"
    if isinstance(n, Decimal):
        return f"{n:,f}"
    return f"{n:,.0f}" if n == int(n) else f"{n:,.1f}"


def percent(value: Any, decimals: int | None = None) -> str:
    """A rate or a share in percent (0–100): ``Decimal("87.5")`` → ``87.5%``; None → ``—``."""
    if value is None or value == "":
        return NOTHING
    return f"{number(value, decimals)}%"


def yuan(fen: int | Decimal | None) -> str:
    """Money for a page: integer fen 123450 → ``¥1,234.50``; a ``Decimal`` is an amount in
    yuan, ``Decimal("1234.5")`` → ``¥1,234.50``; None → ``—``. Exact: no float on the way."""
    if fen is None or fen == "":
        return NOTHING
    if isinstance(fen, Decimal):
        fen = int((fen * 100).to_integral_value())
    elif isinstance(fen, float | bool) or not isinstance(fen, int):
        raise TypeError(f"money is integer fen or a Decimal of yuan, not {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def yuan_plain(fen: int | None) -> str:
    """Integer fen as yuan in a form field or a plain list: 123450 → ``1234.50``."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_amount(fen: int | None) -> Decimal | None:
    """Integer fen as an exact Decimal of yuan for a list and its export (a number in .xlsx,
    ``1234.50`` in CSV, ``1,234.50`` on the page): 123450 → ``Decimal("1234.50")``."""
    return None if fen is None else Decimal(int(fen)).scaleb(-2)
