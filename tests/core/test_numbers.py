"""One number format everywhere: counts with thousands separators, rates in percent, money
in yuan with two decimals, in code (onething.core.numbers) and in every template (the
builtin filters |number, |percent, |yuan). Pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines

from onething.core.numbers import number, percent, yuan
from onething.core.pagination import count_label


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (7, "7"),
        (12345, "12,345"),
        (-1234567, "-1,234,567"),
        (87.54, "87.5"),
        (3.0, "3"),
        (Decimal("1234.50"), "1,234.50"),
        (Decimal("92.3"), "92.3"),
        ("2026", "2026"),  # a text is left as it is
        (None, "—"),
        ("胡埭镇", "胡埭镇"),
    ],
)
def test_a_count_reads_with_thousands_separators(value, shown):
    assert number(value) == shown


def test_decimals_can_be_fixed():
    assert number(2.46, 1) == "2.5"
    assert number(Decimal("1234.567"), 2) == "1,234.57"
    assert number(Decimal("1234.5"), 0) == "1,234"  # banker's rounding of .5 is not shown here
    assert number(1234, 2) == "1,234.00"


def test_a_rate_reads_in_percent():
    assert percent(Decimal("87.5")) == "87.5%"
    assert percent(None) == "—"


def test_money_reads_in_yuan_with_two_decimals_from_fen_or_a_decimal_of_yuan():
    assert yuan(123450) == "¥1,234.50"
    assert yuan(Decimal("1234.5")) == "¥1,234.50"
    assert yuan(Decimal("0.07")) == "¥0.07"
    assert yuan(0) == "¥0.00"
    with pytest.raises(TypeError):
        yuan(12.5)  # a float is never money


def test_the_paginators_counts_read_the_same_way():
    assert count_label(12345, False) == "12,345"
    assert count_label(10000, True) == "10,000+"


def test_the_filters_are_loaded_in_every_template():
    template = engines["django"].from_string(
        "{{ n|number }} · {{ r|percent }} · {{ fen|yuan }} · {{ d|yuan }} · {{ f|yuan }} · "
        "{{ x|number:1 }} · {{ none|yuan }}"
    )
    shown = template.render(
        {"n": 12345, "r": Decimal("92.3"), "fen": 123450, "d": Decimal("20"), "f": 0.5, "x": 2.46}
    )
    assert shown == "12,345 · 92.3% · ¥1,234.50 · ¥20.00 · ¥0.50 · 2.5 · —"
