"""督办's pure rules: which deadline states may be urged, the default answer-by day, the
answer-by checks and the urge's transition table — no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from onething.cases.rules import (
    OVERDUE,
    URGE_TRANSITIONS,
    WARNING,
    urge_actions_for,
    urge_next_status,
    urge_reply_by_default,
    urge_reply_by_moment,
    urge_reply_by_problem,
    urgeable,
)
from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.workdays import OfficialCalendar

WUXI = ZoneInfo("Asia/Shanghai")


def test_only_a_late_case_may_be_urged():
    assert urgeable(OVERDUE) and urgeable(WARNING)
    assert not urgeable("on_time") and not urgeable(None)


def test_the_default_answer_by_day_counts_working_days():
    calendar = OfficialCalendar()
    # Friday 2025-09-26: the 28th is a make-up workday, so two working days → Monday 29th
    assert urge_reply_by_default(dt.date(2025, 9, 26), calendar).date == dt.date(2025, 9, 29)
    # Tuesday 2025-09-30: the National Day holiday (1-8 October) is skipped
    assert urge_reply_by_default(dt.date(2025, 9, 30), calendar).date == dt.date(2025, 10, 10)


def test_an_answer_by_day_means_the_end_of_that_day_in_wuxi():
    moment = urge_reply_by_moment(dt.date(2026, 12, 8), WUXI)
    assert moment == dt.datetime(2026, 12, 8, 18, 0, tzinfo=WUXI)
    assert moment.utcoffset() == dt.timedelta(hours=8)


def test_the_answer_by_time_is_aware_in_the_future_and_not_too_far():
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WUXI)
    assert urge_reply_by_problem(now + dt.timedelta(days=2), now) is None
    assert urge_reply_by_problem(dt.datetime(2026, 12, 9, 18, 0), now)[0] == "timezone"
    assert urge_reply_by_problem(now - dt.timedelta(minutes=1), now)[0] == "past"
    assert urge_reply_by_problem(now, now)[0] == "past"
    assert urge_reply_by_problem(now + dt.timedelta(days=31), now)[0] == "too_far"


def test_the_transition_table():
    assert urge_next_status("open", "answer", "officer") == "answered"
    assert urge_next_status("open", "close", "supervisor") == "closed"
    assert urge_next_status("answered", "close", "supervisor") == "closed"
    assert urge_actions_for("open", "officer") == ["answer"]
    assert urge_actions_for("answered", "officer") == []
    assert urge_actions_for("answered", "supervisor") == ["close"]
    assert urge_actions_for("closed", "supervisor") == []
    assert set(URGE_TRANSITIONS) == {"answer", "close"}


@pytest.mark.parametrize(
    ("status", "action", "role", "error"),
    [
        ("answered", "answer", "officer", InvalidTransition),  # answered once
        ("closed", "answer", "officer", InvalidTransition),
        ("closed", "close", "supervisor", InvalidTransition),
        ("open", "answer", "supervisor", PermissionDenied),  # the department answers
        ("open", "close", "officer", PermissionDenied),  # the supervisor closes
        ("open", "answer", "clerk", PermissionDenied),
        ("open", "reopen", "supervisor", InvalidTransition),
    ],
)
def test_refused_transitions(status, action, role, error):
    with pytest.raises(error):
        urge_next_status(status, action, role)
