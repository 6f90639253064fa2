"""The pure rules of value-added services, without a database: the lifecycle and its
sides, who may ask for a service, the due day on the official calendar, the deadline
states, the outcome and rating checks, an amount typed in yuan."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import deadlines
from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.workdays import OfficialCalendar
from onething.valueadded.rules.catalogue import (
    code_problem,
    may_ask,
    response_days_problem,
    service_problems,
)
from onething.valueadded.rules.figures import as_percent, share
from onething.valueadded.rules.requests import (
    ACCEPTED,
    CONCLUDED,
    DECLINED,
    ENTERPRISE,
    PROVIDER,
    REQUEST_LIFECYCLE,
    SUBMITTED,
    WITHDRAWN,
    actions_for,
    answered_on_time,
    deadline_state,
    outcome_problems,
    rating_problems,
    request_problems,
    response_due,
    yuan_to_fen,
)


def fields(problems) -> list[str]:
    return [p.field for p in problems if p is not None]


def test_the_moves_of_each_side():
    assert REQUEST_LIFECYCLE.moves() == {
        (SUBMITTED, "accept"): ACCEPTED,
        (SUBMITTED, "decline"): DECLINED,
        (ACCEPTED, "conclude"): CONCLUDED,
        (SUBMITTED, "withdraw"): WITHDRAWN,
        (CONCLUDED, "rate"): CONCLUDED,
    }
    assert actions_for(SUBMITTED, PROVIDER) == ["accept", "decline"]
    assert actions_for(SUBMITTED, ENTERPRISE) == ["withdraw"]
    assert actions_for(CONCLUDED, ENTERPRISE) == ["rate"]
    assert actions_for(CONCLUDED, ENTERPRISE, rated=True) == []
    assert actions_for(SUBMITTED, None) == []
    for final in (DECLINED, WITHDRAWN):
        assert REQUEST_LIFECYCLE.is_final(final)


def test_the_wrong_side_is_403_and_the_wrong_status_409():
    with pytest.raises(PermissionDenied):
        REQUEST_LIFECYCLE.target(SUBMITTED, "accept", ENTERPRISE)
    with pytest.raises(PermissionDenied):
        REQUEST_LIFECYCLE.target(SUBMITTED, "withdraw", PROVIDER)
    with pytest.raises(InvalidTransition) as refused:
        REQUEST_LIFECYCLE.target(ACCEPTED, "withdraw", ENTERPRISE)  # accepted: too late
    assert refused.value.details["allowed_from"] == [SUBMITTED]
    with pytest.raises(InvalidTransition):
        REQUEST_LIFECYCLE.target(SUBMITTED, "conclude", PROVIDER)


@pytest.mark.parametrize(
    ("sizes", "industries", "size", "industry", "allowed"),
    [
        ([], [], "large", "风电齿轮箱制造", True),
        (["small", "medium"], [], "medium", "化学纤维制造", True),
        (["small", "medium"], [], "large", "风电齿轮箱制造", False),
        ([], ["制造"], "micro", "通用设备制造", True),
        ([], ["制造"], "micro", "餐饮", False),
        ([], [" 制造 ", ""], "small", "工艺品制造", True),
        (["small"], ["制造"], "small", "餐饮", False),
        (["small"], [], "", "", False),  # an enterprise of no known size: not a small one
    ],
)
def test_who_may_ask(sizes, industries, size, industry, allowed):
    assert (
        may_ask(
            sizes=sizes, industries=industries, enterprise_size=size, enterprise_industry=industry
        )
        is allowed
    )


def test_the_due_day_counts_working_days_through_a_holiday():
    calendar = OfficialCalendar()
    # Tuesday 30 September 2025, 3 working days: the National Day holiday (1-8 October) is
    # skipped, 9 and 10 October count, Saturday 11 October is a make-up working day
    assert response_due(dt.date(2025, 9, 30), 3, calendar).date == dt.date(2025, 10, 11)
    # a Friday and 2 working days: the next Tuesday
    assert response_due(dt.date(2025, 11, 14), 2, calendar).date == dt.date(2025, 11, 18)


def test_the_deadline_states():
    due = dt.date(2025, 11, 18)  # a Tuesday
    state = lambda today, left, answered=False: deadline_state(  # noqa: E731
        due=due, today=today, days_left=left, answered=answered
    )
    assert state(dt.date(2025, 11, 14), 2) == deadlines.ON_TIME
    assert state(dt.date(2025, 11, 17), 1) == deadlines.WARNING
    assert state(due, 0) == deadlines.WARNING
    assert state(dt.date(2025, 11, 19), -1) == deadlines.OVERDUE
    assert state(dt.date(2025, 11, 19), -1, answered=True) == deadlines.ANSWERED
    assert answered_on_time(due, due) and not answered_on_time(dt.date(2025, 11, 19), due)


def test_what_an_enterprise_types_is_checked_all_at_once():
    found = request_problems(subject="", details=" ", contact_name="x" * 51, attachments=4)
    assert fields(found) == ["subject", "details", "contact_name", "attachments"]
    fine = request_problems(subject="贷款", details="详情", contact_name="陈静", attachments=3)
    assert fields(fine) == []


def test_a_conclusion_and_its_amount():
    assert fields(outcome_problems("financing", "放款", None)) == ["amount_fen"]
    assert fields(outcome_problems("financing", "放款", 5_000_000_00)) == []
    assert fields(outcome_problems("advice", "已咨询", 100)) == ["amount_fen"]
    assert fields(outcome_problems("nonsense", "", None)) == ["outcome_kind", "outcome"]
    assert fields(outcome_problems("financing", "x", 0)) == ["amount_fen"]


@pytest.mark.parametrize("rating", [0, 6, "5", None, True, 4.5])
def test_only_the_five_ratings(rating):
    assert fields(rating_problems(rating, "")) == ["rating"]


@pytest.mark.parametrize(
    ("typed", "fen", "rule"),
    [
        ("5000000", 500_000_000, None),
        ("1,250,000.50", 125_000_050, None),
        ("", None, None),
        ("0", None, "range"),
        ("-3", None, "range"),
        ("1.005", None, "decimals"),
        ("五百万", None, "type"),
        ("1e20", None, "range"),
        ("NaN", None, "range"),
    ],
)
def test_an_amount_typed_in_yuan(typed, fen, rule):
    value, problem = yuan_to_fen(typed)
    assert value == fen
    assert (problem.rule if problem else None) == rule


def test_the_catalogue_checks():
    assert code_problem("code", "bank-loan") is None
    assert code_problem("code", "Bank Loan").rule == "format"
    assert response_days_problem(0).rule == "range"
    assert response_days_problem(True).rule == "type"
    found = service_problems(
        {"name": "", "category": "x", "sizes": ["huge"], "industries": ["a" * 31], "free": 1}
    )
    assert fields(found) == ["name", "category", "free", "sizes", "industries"]


def test_the_figures_arithmetic():
    assert share(3, 4) == 0.75 and share(0, 0) is None
    assert as_percent(0.95371) == 95.4 and as_percent(None) is None
