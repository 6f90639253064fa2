"""How money and times read on the finance pages. Pure: no database."""

from __future__ import annotations

from decimal import Decimal


def yuan(fen: int | None) -> str:
    """Integer fen as yuan for a page: 123450 → ¥1,234.50 (exact: no float on the way)."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def yuan_plain(fen: int | None) -> str:
    """Integer fen as yuan for a list and its export: 123450 → 1234.50."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_amount(fen: int | None) -> Decimal | None:
    """Integer fen as an exact Decimal of yuan for a list and its export (a number in
    .xlsx, ``1234.50`` on the page and in CSV): 123450 → Decimal("1234.50")."""
    return None if fen is None else Decimal(int(fen)).scaleb(-2)
