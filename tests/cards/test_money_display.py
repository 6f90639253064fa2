"""How money reads on the finance pages and in their exports: exact, from integer fen, no
float on the way. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from onething.core.numbers import yuan, yuan_amount, yuan_plain


def test_yuan_reads_with_the_sign_the_thousands_and_two_decimals():
    assert yuan(123450) == "¥1,234.50"
    assert yuan(-5) == "-¥0.05"
    assert yuan(None) == "—"
    assert yuan_plain(123450) == "1234.50"


def test_an_amount_for_lists_and_exports_is_an_exact_decimal():
    assert yuan_amount(123450) == Decimal("1234.50")
    assert str(yuan_amount(123450)) == "1234.50"
    assert str(yuan_amount(7)) == "0.07"
    assert yuan_amount(None) is None


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_every_fen_amount_round_trips(fen):
    assert yuan_amount(fen) * 100 == fen
    assert str(yuan_amount(fen)) == yuan_plain(fen)
