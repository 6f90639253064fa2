"""A street project's milestones (立项 → 施工 → 完工) and what it is made of: the items, the
money in fen, a spend never taking what was spent below zero, amounts typed in yuan.
Pure: no database."""

import pytest
from django.utils import translation

from onething.citymgmt.rules.projects import (
    BUDGET_MAX_FEN,
    COMPLETE,
    COMPLETED,
    ITEMS,
    MILESTONES,
    PLANNED,
    PROJECT_LIFECYCLE,
    START,
    STEP_LABELS,
    UNDER_WAY,
    fen_of_yuan,
    item_labels,
    items_in_order,
    items_problems,
    money_problem,
    over_budget,
    spend_problem,
    step_label,
)
from onething.core.errors import InvalidTransition

# (milestone, move) → milestone after it: every allowed move, and nothing else
MOVES = {(PLANNED, START): UNDER_WAY, (UNDER_WAY, COMPLETE): COMPLETED}


def test_the_lifecycle_allows_exactly_the_moves_forward():
    assert PROJECT_LIFECYCLE.moves() == MOVES
    assert PROJECT_LIFECYCLE.states == frozenset(MILESTONES)
    assert PROJECT_LIFECYCLE.is_final(COMPLETED)
    for (milestone, move), after in MOVES.items():
        assert PROJECT_LIFECYCLE.target(milestone, move) == after
    assert PROJECT_LIFECYCLE.actions(PLANNED) == [START]
    assert PROJECT_LIFECYCLE.actions(UNDER_WAY) == [COMPLETE]
    assert PROJECT_LIFECYCLE.actions(COMPLETED) == []


@pytest.mark.parametrize(
    ("milestone", "move"),
    [(m, a) for m in MILESTONES for a in (START, COMPLETE) if (m, a) not in MOVES],
)
def test_every_other_move_is_a_409_saying_why_in_chinese(milestone, move):
    with translation.override("zh-hans"), pytest.raises(InvalidTransition) as refused:
        PROJECT_LIFECYCLE.target(milestone, move)
    assert refused.value.status == 409
    assert refused.value.details["status"] == milestone
    assert refused.value.details["action"] == move
    message = refused.value.message
    assert not any(ch.isascii() and ch.isalpha() for ch in message), message
    if milestone == COMPLETED:
        assert "已完工" in message
    else:
        assert "立项" in message or "施工" in message


def test_an_unknown_move_is_refused_too():
    with pytest.raises(InvalidTransition):
        PROJECT_LIFECYCLE.target(PLANNED, "demolish")


def test_the_items_are_the_seeds_list_each_once_kept_in_the_seeds_order():
    assert list(ITEMS)[:6] == [
        "road_repair",
        "railings",
        "shop_signs",
        "parking",
        "bike_parking",
        "rain_canopy",
    ]
    assert items_problems(["parking", "road_repair"]) == []
    assert items_in_order(["rain_canopy", "road_repair", "parking"]) == [
        "road_repair",
        "parking",
        "rain_canopy",
    ]
    assert [p.rule for p in items_problems([])] == ["required"]
    assert [p.rule for p in items_problems("road_repair")] == ["required"]  # not a list
    assert [p.rule for p in items_problems(["road_repair", "jacuzzi"])] == ["choice"]
    assert [p.rule for p in items_problems(["parking", "parking"])] == ["duplicate"]
    assert {p.field for p in items_problems(["x", "x"])} == {"items"}
    with translation.override("zh-hans"):
        assert item_labels(["road_repair", "rain_canopy"]) == ["修复破损路面", "建设挡雨棚"]


def test_money_is_whole_fen_never_negative():
    assert money_problem("budget_fen", 0) is None
    assert money_problem("budget_fen", 87_000_000_000) is None
    assert money_problem("budget_fen", -1).rule == "min"
    assert money_problem("budget_fen", 1.5).rule == "type"
    assert money_problem("budget_fen", True).rule == "type"
    assert money_problem("budget_fen", "100").rule == "type"
    assert money_problem("budget_fen", BUDGET_MAX_FEN + 1).rule == "max"
    assert money_problem("budget_fen", 0, allow_zero=False).rule == "min"


def test_a_spend_never_takes_what_was_spent_below_zero_but_may_pass_the_budget():
    assert spend_problem("amount_fen", 0, 500) is None
    assert spend_problem("amount_fen", 500, -500) is None  # a correction back to zero
    assert spend_problem("amount_fen", 500, -501).rule == "below_zero"
    assert spend_problem("amount_fen", 500, 0).rule == "zero"
    assert spend_problem("amount_fen", 0, "5").rule == "type"
    assert spend_problem("amount_fen", 0, BUDGET_MAX_FEN + 1).rule == "max"
    with translation.override("zh-hans"):
        assert "¥5.00" in spend_problem("amount_fen", 500, -501).message
    assert over_budget(100, 101) and not over_budget(100, 100)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1234.5", 123450),
        ("1,234.50", 123450),
        ("¥20", 2000),
        (" -3.05 ", -305),
        ("0", 0),
        ("1.234", None),
        ("abc", None),
        ("", None),
        ("NaN", None),
        ("1e3", 100000),
    ],
)
def test_an_amount_typed_in_yuan_becomes_fen(typed, fen):
    assert fen_of_yuan(typed) == fen


def test_every_timeline_line_has_a_chinese_label():
    with translation.override("zh-hans"):
        for action in STEP_LABELS:
            label = step_label(action)
            assert label and not any(ch.isascii() and ch.isalpha() for ch in label), label
