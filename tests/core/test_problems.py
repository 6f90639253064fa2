"""The field problems every service shares (core.problems), without a database: a text's
limit, blank, type and NUL; a latitude or longitude in range, to six places; one refusal
with every problem at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.problems import coordinate_problem, refuse_if, text_problem


@pytest.mark.parametrize(
    ("value", "required", "rule"),
    [
        ("", False, None),
        ("  ", True, "required"),
        (None, "Give it a title.", "required"),
        ("abcd", False, "max_length"),
        ("ab\x00", False, "nul_character"),
        (12, False, "type"),
        ("abc", True, None),
    ],
)
def test_a_text_and_its_problem(value, required, rule):
    problem = text_problem("title", value, 3, required=required)
    assert (problem.rule if problem else None) == rule
    if problem is not None:
        assert problem.field == "title"


def test_a_required_text_says_its_own_words():
    assert text_problem("title", "", 3, required="Give it a title.").message == "Give it a title."


@pytest.mark.parametrize(
    ("value", "limit", "number", "rule"),
    [
        (None, 90, None, None),
        ("", 90, None, None),
        ("31.4912346", 90, Decimal("31.491235"), None),
        (120.3, 180, Decimal("120.300000"), None),
        ("90.1", 90, None, "range"),
        ("nan", 90, None, "range"),
        ("north", 90, None, "range"),
    ],
)
def test_a_coordinate_in_range_to_six_places(value, limit, number, rule):
    found, problem = coordinate_problem("latitude", value, limit)
    assert found == number and (problem.rule if problem else None) == rule


def test_one_refusal_with_every_problem():
    refuse_if([None, None])
    with pytest.raises(ValidationFailed) as refused:
        refuse_if([FieldProblem("a", "required", "x"), None, FieldProblem("b", "type", "y")])
    assert [p.field for p in refused.value.problems] == ["a", "b"]
