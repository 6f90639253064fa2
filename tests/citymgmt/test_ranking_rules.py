"""红黑榜's pure rules, without a database: the batch's and the rectification's
lifecycles (publishing unapproved, closing without evidence: a clear 409; approving as
anyone but a supervisor: 403), the criteria's weights, the rule's numbers checked
together, the draw (ranks, ties, never on both lists) and the not-improved flag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from onething.citymgmt.rules.ranking import (
    APPROVED,
    BATCH_LIFECYCLE,
    BLACK,
    COMPUTED,
    DEPARTMENT,
    DRAFT,
    NEITHER,
    OFFICE,
    PUBLISHED,
    RECTIFICATION_LIFECYCLE,
    RED,
    SUPERVISOR,
    TASK_CLOSED,
    TASK_OPEN,
    TASK_SUBMITTED,
    acting_role,
    batch_next,
    evidence_problems,
    task_deadline,
    task_next,
)
from onething.citymgmt.rules.ranking_draw import (
    Candidate,
    batch_title,
    chinese_number,
    criteria_problems,
    draw,
    entry_parts,
    mark_problem,
    not_improved,
    period_months,
    rule_problems,
    weakest,
    weighted_centi,
)
from onething.core import deadlines
from onething.core.errors import InvalidTransition, PermissionDenied


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fields(problems) -> set[tuple[str, str]]:
    return {(p.field, p.rule) for p in problems}


# ---------------------------------------------------------------- the batch's lifecycle


def test_a_batch_moves_draft_drawn_approved_published():
    assert batch_next(DRAFT, "draw", OFFICE) == COMPUTED
    assert batch_next(COMPUTED, "draw", OFFICE) == COMPUTED  # drawn again
    assert batch_next(COMPUTED, "reopen", OFFICE) == DRAFT
    assert batch_next(COMPUTED, "approve", SUPERVISOR) == APPROVED
    assert batch_next(APPROVED, "publish", OFFICE) == PUBLISHED
    assert BATCH_LIFECYCLE.is_final(PUBLISHED)


@pytest.mark.parametrize("status", [DRAFT, COMPUTED])
def test_publishing_a_batch_not_approved_says_so(status):
    with pytest.raises(InvalidTransition) as refused:
        batch_next(status, "publish", OFFICE)
    assert refused.value.code == "not_approved"
    assert "approve" in refused.value.message
    assert refused.value.details["allowed_from"] == [APPROVED]


def test_only_a_supervisor_approves():
    for role in (OFFICE, DEPARTMENT, "officer", None):
        with pytest.raises(PermissionDenied):
            batch_next(COMPUTED, "approve", role)
    with pytest.raises(PermissionDenied):  # nor does the supervisor draw or publish
        batch_next(DRAFT, "draw", SUPERVISOR)
    with pytest.raises(InvalidTransition):  # a draft is drawn before it is approved
        batch_next(DRAFT, "approve", SUPERVISOR)
    with pytest.raises(InvalidTransition) as published:
        batch_next(PUBLISHED, "reopen", OFFICE)
    assert "published" in published.value.message


# ---------------------------------------------------------------- the rectification's


def test_a_rectification_is_submitted_then_closed_or_sent_back():
    assert task_next(TASK_OPEN, "submit", DEPARTMENT) == TASK_SUBMITTED
    assert task_next(TASK_SUBMITTED, "close", OFFICE) == TASK_CLOSED
    assert task_next(TASK_SUBMITTED, "send_back", OFFICE) == TASK_OPEN
    with pytest.raises(PermissionDenied):
        task_next(TASK_OPEN, "submit", OFFICE)
    with pytest.raises(PermissionDenied):
        task_next(TASK_SUBMITTED, "close", DEPARTMENT)
    with pytest.raises(InvalidTransition) as closed:
        task_next(TASK_CLOSED, "send_back", OFFICE)
    assert "closed" in closed.value.message


def test_closing_a_rectification_without_evidence_says_so():
    with pytest.raises(InvalidTransition) as refused:
        task_next(TASK_OPEN, "close", OFFICE)
    assert refused.value.code == "no_evidence"
    assert "evidence" in refused.value.message


def test_the_evidence_is_a_text_or_a_photo():
    assert fields(evidence_problems("", 0)) == {("evidence", "required")}
    assert fields(evidence_problems("   ", 0)) == {("evidence", "required")}
    assert evidence_problems("已清理占道经营，恢复通行", 0) == []
    assert evidence_problems("", 2) == []
    assert fields(evidence_problems("x" * 2001, 6)) == {
        ("evidence", "max_length"),
        ("photos", "max_items"),
    }


def test_an_office_officer_managing_the_street_acts_in_either_role():
    both = [DEPARTMENT, OFFICE]
    assert acting_role(RECTIFICATION_LIFECYCLE, "submit", both) == DEPARTMENT
    assert acting_role(RECTIFICATION_LIFECYCLE, "close", both) == OFFICE
    assert acting_role(RECTIFICATION_LIFECYCLE, "close", [DEPARTMENT]) == DEPARTMENT  # refused
    assert acting_role(RECTIFICATION_LIFECYCLE, "close", []) is None


def test_a_rectification_is_overdue_past_its_due_day_while_open():
    assert task_deadline(TASK_OPEN, 10) == deadlines.ON_TIME
    assert task_deadline(TASK_OPEN, 3) == deadlines.WARNING
    assert task_deadline(TASK_OPEN, 0) == deadlines.WARNING
    assert task_deadline(TASK_OPEN, -1) == deadlines.OVERDUE
    with translation.override("zh-hans"):
        assert deadlines.label(task_deadline(TASK_OPEN, -1)) == "超期"
    assert task_deadline(TASK_SUBMITTED, -5) == ""
    assert task_deadline(TASK_CLOSED, -5) == ""


# ---------------------------------------------------------------- criteria and the rule


def test_the_weights_add_up_to_100():
    good = [{"name": "环境卫生", "weight": 40}, {"name": "经营秩序", "weight": 60}]
    assert criteria_problems(good) == []
    off = criteria_problems(
        [{"name": "环境卫生", "weight": 40}, {"name": "经营秩序", "weight": 50}]
    )
    assert fields(off) == {("criteria", "weights_total")}
    assert "90" in off[0].message
    assert fields(
        criteria_problems([{"name": "", "weight": 0}, {"name": "a", "weight": True}, "x"])
    ) == {
        ("criteria.0.name", "required"),
        ("criteria.0.weight", "range"),
        ("criteria.1.weight", "range"),
        ("criteria.2.name", "required"),
        ("criteria.2.weight", "range"),
    }
    assert fields(criteria_problems([{"name": "a", "weight": 50}] * 2)) == {
        ("criteria.1.name", "unique")
    }
    assert fields(criteria_problems([])) == {("criteria", "required")}


def test_the_rule_and_its_numbers_are_checked_together():
    none = {"red_count": None, "black_count": None, "red_at_least": None, "black_below": None}
    assert rule_problems("top_bottom", **{**none, "red_count": 10, "black_count": 5}) == []
    assert fields(rule_problems("top_bottom", **{**none, "red_count": 0, "black_count": 0})) == {
        ("red_count", "required")
    }
    assert fields(rule_problems("top_bottom", **{**none, "red_count": 101, "black_count": -1})) == {
        ("red_count", "range"),
        ("black_count", "range"),
    }
    assert rule_problems("thresholds", **{**none, "red_at_least": 9000, "black_below": 6000}) == []
    assert fields(rule_problems("thresholds", **none)) == {
        ("red_at_least", "required"),
        ("black_below", "required"),
    }
    assert fields(
        rule_problems("thresholds", **{**none, "red_at_least": 6000, "black_below": 9000})
    ) == {("black_below", "overlap")}
    assert fields(rule_problems("lottery", **none)) == {("rule", "choice")}


def test_a_sites_score_is_its_marks_weighted():
    criteria = [{"name": "环境卫生", "weight": 40}, {"name": "经营秩序", "weight": 60}]
    marks = {"环境卫生": Decimal("90"), "经营秩序": Decimal("75.5")}
    assert weighted_centi(marks, criteria) == 8130  # 36 + 45.3
    assert mark_problem("m", "100")[0] == Decimal(100)
    assert mark_problem("m", 101)[1].rule == "range"
    assert mark_problem("m", "abc")[1].rule == "range"
    assert mark_problem("m", "")[1].rule == "required"
    assert mark_problem("m", True)[1].rule == "required"
    assert mark_problem("m", "88.123")[1].rule == "decimals"


# ---------------------------------------------------------------- the draw


def candidates(*scores: int) -> list[Candidate]:
    return [Candidate(f"s{i}", score, f"S{i:02d}") for i, score in enumerate(scores)]


def lists(drawn) -> dict[str, str]:
    return {d.key: d.list for d in drawn}


def test_top_and_bottom_draws_the_best_and_the_worst():
    drawn = draw(candidates(70, 95, 60, 88, 40), "top_bottom", red_count=2, black_count=2)
    assert [d.key for d in drawn] == ["s1", "s3", "s0", "s2", "s4"]  # best first
    assert [d.rank for d in drawn] == [1, 2, 3, 4, 5]
    assert lists(drawn) == {"s1": RED, "s3": RED, "s0": NEITHER, "s2": BLACK, "s4": BLACK}


def test_no_one_is_on_both_lists():
    drawn = draw(candidates(90, 80, 70), "top_bottom", red_count=2, black_count=2)
    assert lists(drawn) == {"s0": RED, "s1": RED, "s2": BLACK}
    drawn = draw(candidates(90), "top_bottom", red_count=1, black_count=1)
    assert lists(drawn) == {"s0": RED}


def test_equal_scores_share_a_rank_and_the_code_breaks_a_cut():
    drawn = draw(
        [Candidate("b", 80, "B"), Candidate("a", 80, "A"), Candidate("c", 90, "C")],
        "top_bottom",
        red_count=2,
        black_count=0,
    )
    assert [(d.key, d.rank, d.list) for d in drawn] == [
        ("c", 1, RED),
        ("a", 2, RED),  # A before B: the register's order
        ("b", 2, NEITHER),
    ]


def test_thresholds_draw_at_or_above_and_below():
    drawn = draw(
        candidates(9000, 8999, 6000, 5999), "thresholds", red_at_least=9000, black_below=6000
    )
    assert lists(drawn) == {"s0": RED, "s1": NEITHER, "s2": NEITHER, "s3": BLACK}
    with pytest.raises(ValueError):
        draw(candidates(1), "lottery")


def test_a_black_entry_not_improved_is_flagged():
    assert not_improved(5500, 5500)
    assert not_improved(5500, 5000)
    assert not not_improved(5500, 5501)
    assert not not_improved(None, 1000)  # not on the last black list


def test_a_rectification_asks_for_the_weakest_parts_first():
    parts = {"a": 7000, "b": 4000, "c": None, "d": 4000}
    assert weakest(parts) == [("b", 4000), ("d", 4000)]
    street = entry_parts({"parts": {"residents": 5000, "complaints": 8000}}, True)
    assert street == {"Residents' scores": 5000, "12345 complaints": 8000}
    assert entry_parts({"marks": {"环境卫生": 9000}}, False) == {"环境卫生": 9000}


def test_the_months_of_a_period():
    assert period_months(dt.date(2021, 7, 1), dt.date(2021, 9, 1)) == [
        dt.date(2021, 7, 1),
        dt.date(2021, 8, 1),
        dt.date(2021, 9, 1),
    ]
    assert period_months(dt.date(2021, 12, 1), dt.date(2022, 1, 1))[-1] == dt.date(2022, 1, 1)


def test_a_batch_is_named_as_the_city_names_it():
    assert batch_title(2021, 3) == "2021年第三批"
    assert [chinese_number(n) for n in (1, 10, 12, 20, 21, 99)] == [
        "一",
        "十",
        "十二",
        "二十",
        "二十一",
        "九十九",
    ]
