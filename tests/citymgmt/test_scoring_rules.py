"""新街·吴韵 scoring's pure rules, without a database: a score's marks, its mean, the
month's combination (weights 50 / 30 / 20, missing parts rescaled), the outlier rule,
months and the review's lifecycle."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onething.citymgmt.rules.scoring import (
    ACCEPT,
    COMPLAINTS,
    COUNTED,
    FLAG_ADDRESS,
    FLAG_OUTLIER,
    FLAGGED,
    INSPECTIONS,
    REJECT,
    REJECTED,
    RESIDENTS,
    SCORE_REVIEW,
    WEIGHTS,
    average_centi,
    clean_marks,
    complaints_part,
    effective_weights,
    flag_reason,
    marks_problems,
    month_after,
    month_before,
    month_is_over,
    month_score,
    parse_month,
)
from onething.core.errors import InvalidTransition

CRITERIA = {
    "sanitation": "环境卫生",
    "traffic_order": "通行秩序",
    "facilities": "设施完好",
    "shop_signs": "店招广告",
}
GOOD = {"sanitation": 4, "traffic_order": 5, "facilities": 4, "shop_signs": 4}


def test_good_marks_have_no_problem_and_are_cleaned_in_order():
    assert marks_problems(GOOD, CRITERIA) == []
    assert marks_problems({k: str(v) for k, v in GOOD.items()}, CRITERIA) == []
    cleaned = clean_marks(
        {"shop_signs": "4", **{k: v for k, v in GOOD.items() if k != "shop_signs"}}, CRITERIA
    )
    assert list(cleaned) == list(CRITERIA) and cleaned["shop_signs"] == 4


def test_every_problem_names_its_criterion():
    marks = {"sanitation": 0, "traffic_order": 6, "facilities": 4.5, "colour": 3}
    problems = {p.field: p for p in marks_problems(marks, CRITERIA)}
    assert set(problems) == {
        "marks.sanitation",
        "marks.traffic_order",
        "marks.facilities",
        "marks.shop_signs",
        "marks.colour",
    }
    assert problems["marks.sanitation"].rule == "range"
    assert "环境卫生" in problems["marks.sanitation"].message
    assert problems["marks.traffic_order"].rule == "range"
    assert problems["marks.facilities"].rule == "range"
    assert problems["marks.shop_signs"].rule == "required"
    assert "店招广告" in problems["marks.shop_signs"].message
    assert problems["marks.colour"].rule == "unknown"


@pytest.mark.parametrize("bad", [True, None, "", "四", "４", [4], "4.0", 4.5])
def test_a_mark_must_be_a_whole_number(bad):
    problems = marks_problems({**GOOD, "sanitation": bad}, CRITERIA)
    assert [p.field for p in problems] == ["marks.sanitation"]


def test_marks_that_are_no_object_are_one_problem():
    (problem,) = marks_problems([4, 5, 4, 4], CRITERIA)
    assert problem.field == "marks" and problem.rule == "type"


def test_average_centi_rounds_halves_up():
    assert average_centi(GOOD) == 425
    assert average_centi({"a": 1, "b": 2, "c": 2}) == 167  # 1.6666…
    assert average_centi({"a": 4, "b": 5, "c": 5, "d": 5, "e": 5, "f": 5, "g": 5, "h": 4}) == 475
    assert average_centi({"a": 1}) == 100 and average_centi({"a": 5}) == 500


def test_month_with_every_part():
    # residents' mean 4.00 → 75; inspections 80; 2 complaints → 80
    result = month_score(
        resident_count=2,
        resident_sum_centi=800,
        inspection_count=1,
        inspection_sum=80,
        complaints=2,
    )
    assert result.resident_centi == 400 and result.inspection_mark == 80
    assert result.weights == WEIGHTS and not result.rescaled
    assert result.score_centi == 7750  # 0.5×75 + 0.3×80 + 0.2×80 = 77.50


def test_month_without_residents_rescales_the_other_weights():
    result = month_score(
        resident_count=0, resident_sum_centi=0, inspection_count=2, inspection_sum=150, complaints=0
    )
    assert result.resident_centi is None and result.inspection_mark == 75
    assert result.weights == {INSPECTIONS: 30, COMPLAINTS: 20} and result.rescaled
    assert result.score_centi == 8500  # (30×75 + 20×100) / 50
    assert effective_weights(result.weights) == {INSPECTIONS: 60, COMPLAINTS: 40}


def test_month_with_complaints_only():
    result = month_score(
        resident_count=0, resident_sum_centi=0, inspection_count=0, inspection_sum=0, complaints=3
    )
    assert result.weights == {COMPLAINTS: 20} and result.score_centi == 7000


def test_complaints_part_never_below_zero():
    assert complaints_part(0) == 100
    assert complaints_part(4) == 60
    assert complaints_part(10) == 0
    assert complaints_part(25) == 0


def test_month_rounds_once_at_the_end():
    # residents 3 scores summing 1000 (mean 3.333…) → 58.333…; no checks; no complaint
    result = month_score(
        resident_count=3,
        resident_sum_centi=1000,
        inspection_count=0,
        inspection_sum=0,
        complaints=0,
    )
    assert result.resident_centi == 333
    # (50 × 58.333… + 20 × 100) / 70 = 70.238… → 7024
    assert result.score_centi == 7024
    assert set(result.weights) == {RESIDENTS, COMPLAINTS}


@given(
    n=st.integers(1, 500),
    mean=st.integers(100, 500),
    m=st.integers(0, 20),
    mark=st.integers(0, 100),
    complaints=st.integers(0, 30),
)
def test_the_combined_score_stays_within_0_and_100(n, mean, m, mark, complaints):
    result = month_score(
        resident_count=n,
        resident_sum_centi=n * mean,
        inspection_count=m,
        inspection_sum=m * mark,
        complaints=complaints,
    )
    assert 0 <= result.score_centi <= 10000
    assert result.resident_centi == mean


def test_outlier_rule():
    # ten counted scores averaging 4.30: a 1.75 is 2.55 off → flagged; a 1.80 is 2.50 off →
    # flagged (≥ 2.5); a 2.00 is not
    assert (
        flag_reason(average_centi=175, trailing_count=10, trailing_sum_centi=4300) == FLAG_OUTLIER
    )
    assert (
        flag_reason(average_centi=180, trailing_count=10, trailing_sum_centi=4300) == FLAG_OUTLIER
    )
    assert flag_reason(average_centi=200, trailing_count=10, trailing_sum_centi=4300) == ""
    # fewer than ten: no yardstick yet
    assert flag_reason(average_centi=100, trailing_count=9, trailing_sum_centi=9 * 500) == ""
    # the busy address
    assert (
        flag_reason(
            average_centi=400, trailing_count=0, trailing_sum_centi=0, address_scores_today=6
        )
        == FLAG_ADDRESS
    )
    assert (
        flag_reason(
            average_centi=400, trailing_count=0, trailing_sum_centi=0, address_scores_today=5
        )
        == ""
    )


def test_months():
    assert parse_month("2021-11") == dt.date(2021, 11, 1)
    for bad in ("2021-13", "2021-1", "21-11", "2021/11", "", None, "２０２１-11"):
        assert parse_month(bad) is None
    assert month_after(dt.date(2021, 12, 1)) == dt.date(2022, 1, 1)
    assert month_before(dt.date(2021, 1, 1)) == dt.date(2020, 12, 1)
    assert not month_is_over(dt.date(2021, 11, 1), dt.date(2021, 11, 30))
    assert month_is_over(dt.date(2021, 11, 1), dt.date(2021, 12, 1))


def test_review_lifecycle():
    assert SCORE_REVIEW.target(FLAGGED, ACCEPT) == COUNTED
    assert SCORE_REVIEW.target(FLAGGED, REJECT) == REJECTED
    with pytest.raises(InvalidTransition):
        SCORE_REVIEW.target(COUNTED, ACCEPT)
    with pytest.raises(InvalidTransition):
        SCORE_REVIEW.target(FLAGGED, "approve")
