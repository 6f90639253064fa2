"""The class rules, without a database: attendance rate and passing (score ≥ pass mark,
80 % attendance when taken, excused days not counted), grade conversion by every scheme,
the score's scale and the enrolment's lifecycle."""

from __future__ import annotations

from decimal import Decimal

import pytest

from onething.core.errors import InvalidTransition, PermissionDenied
from onething.training.rules import conversion, passing
from onething.training.rules.classes import ENROLMENT_LIFECYCLE, mark_problem
from onething.training.rules.common import score_value


def test_the_rate_counts_present_and_late_among_the_days_marked_excused_aside():
    assert passing.attendance_rate([]) is None
    assert passing.attendance_rate(["excused", "excused"]) is None
    assert passing.attendance_rate(["present"] * 7 + ["late"] + ["absent"] * 2) == Decimal("0.8")
    assert passing.attendance_rate(["present"] * 3 + ["absent"] + ["excused"] * 6) == Decimal(
        "0.75"
    )
    assert passing.rate_of_counts({"present": 9, "absent": 1, "excused": 4}) == Decimal("0.9")
    assert passing.rate_percent(Decimal("0.875")) == Decimal("88")
    assert passing.rate_percent(Decimal("0.125")) == Decimal("13")  # halves up
    assert passing.rate_percent(None) is None


@pytest.mark.parametrize(
    ("score", "mark", "rate", "passed", "why"),
    [
        ("60.0", 60, None, True, ()),
        ("59.9", 60, None, False, ("score",)),
        ("95.0", 60, Decimal("0.8"), True, ()),
        ("95.0", 60, Decimal("0.79"), False, ("attendance",)),
        ("40.0", 60, Decimal("0.5"), False, ("score", "attendance")),
        ("55.0", 50, Decimal("1"), True, ()),
    ],
)
def test_a_course_is_passed_by_its_pass_mark_and_enough_attendance(score, mark, rate, passed, why):
    assert passing.course_passed(Decimal(score), mark, rate) is passed
    assert passing.failed_because(Decimal(score), mark, rate) == why


@pytest.mark.parametrize(
    ("scheme", "score", "grade"),
    [
        ("percent", "86.5", "86.5"),
        ("percent", "90", "90.0"),
        ("five_level", "90.0", "优"),
        ("five_level", "89.9", "良"),
        ("five_level", "80.0", "良"),
        ("five_level", "75.0", "中"),
        ("five_level", "60.0", "及格"),
        ("pass_fail", "61.0", "通过"),
        ("gpa4", "92.0", "4.0"),
        ("gpa4", "86.0", "3.7"),
        ("gpa4", "83.0", "3.3"),
        ("gpa4", "78.0", "3.0"),
        ("gpa4", "76.0", "2.7"),
        ("gpa4", "73.0", "2.3"),
        ("gpa4", "70.0", "2.0"),
        ("gpa4", "65.0", "1.5"),
        ("gpa4", "60.0", "1.0"),
    ],
)
def test_grades_convert_by_the_agreements_scheme(scheme, score, grade):
    assert conversion.convert(scheme, Decimal(score)) == grade


def test_a_course_passed_under_a_low_pass_mark_never_converts_to_a_failing_grade():
    assert conversion.convert("five_level", Decimal("55")) == "及格"
    assert conversion.convert("gpa4", Decimal("55")) == "1.0"
    assert conversion.convert("five_level", Decimal("55"), passed=False) == "不及格"
    assert conversion.convert("pass_fail", Decimal("55"), passed=False) == "不通过"
    assert conversion.convert("gpa4", Decimal("55"), passed=False) == "0"
    with pytest.raises(ValueError):
        conversion.convert("letters", Decimal("90"))


@pytest.mark.parametrize(
    ("raw", "value", "rule"),
    [
        ("86.5", Decimal("86.5"), None),
        (86, Decimal("86.0"), None),
        (0, Decimal("0.0"), None),
        ("100", Decimal("100.0"), None),
        (100.0, Decimal("100.0"), None),
        ("100.1", None, "range"),
        (-1, None, "range"),
        ("86.55", None, "decimals"),
        ("八十", None, "type"),
        ("NaN", None, "type"),
        (True, None, "type"),
        ([90], None, "type"),
        ("", None, "required"),
        (None, None, "required"),
    ],
)
def test_a_score_is_on_the_scale_of_100_with_one_decimal(raw, value, rule):
    found, problem = score_value("score", raw)
    assert found == value
    assert (problem.rule if problem else None) == rule
    if problem:
        assert problem.field == "score" and problem.message


def test_an_attendance_mark_is_one_of_four():
    assert mark_problem("mark", "present") is None
    assert mark_problem("mark", "sick").rule == "choice"


def test_an_enrolment_completes_or_withdraws_once_by_the_staff():
    assert ENROLMENT_LIFECYCLE.target("enrolled", "complete", "institute_staff") == "completed"
    assert ENROLMENT_LIFECYCLE.target("enrolled", "withdraw", "admin") == "withdrawn"
    with pytest.raises(InvalidTransition):
        ENROLMENT_LIFECYCLE.target("completed", "withdraw", "institute_staff")
    with pytest.raises(PermissionDenied):
        ENROLMENT_LIFECYCLE.target("enrolled", "complete", "applicant")
