"""How money and times read on the finance pages. Pure: no database."""

from __future__ import annotations


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
