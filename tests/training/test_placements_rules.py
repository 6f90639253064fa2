"""The placements' pure rules, without a database: the job-application lifecycle and its
two sides, the opening's, what an opening accepts, and every problem of the inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core.errors import InvalidTransition, PermissionDenied
from onething.training.rules.placements import (
    COMPANY,
    JOB_LIFECYCLE,
    OPENING_LIFECYCLE,
    STUDENT,
    accepting,
    end_problem,
    interview_problem,
    one_active_refusal,
    opening_problems,
    positions_problem,
    start_problem,
)

SH = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 9, 20, 10, tzinfo=SH)
TODAY = NOW.date()


def test_the_job_lifecycle_happy_path_and_its_sides():
    assert JOB_LIFECYCLE.target("applied", "interview", COMPANY) == "interviewing"
    assert JOB_LIFECYCLE.target("interviewing", "interview", COMPANY) == "interviewing"
    assert JOB_LIFECYCLE.target("interviewing", "offer", COMPANY) == "offered"
    assert JOB_LIFECYCLE.target("offered", "hire", STUDENT) == "hired"
    assert JOB_LIFECYCLE.actions("offered", STUDENT) == ["hire", "decline"]
    assert JOB_LIFECYCLE.actions("applied", STUDENT) == ["withdraw"]
    assert JOB_LIFECYCLE.actions("applied", COMPANY) == ["interview", "offer", "reject"]
    for final in ("hired", "rejected", "declined", "withdrawn"):
        assert JOB_LIFECYCLE.is_final(final)


def test_the_other_side_is_refused_403_and_a_wrong_state_409():
    with pytest.raises(PermissionDenied):
        JOB_LIFECYCLE.target("offered", "hire", COMPANY)
    with pytest.raises(PermissionDenied):
        JOB_LIFECYCLE.target("applied", "offer", STUDENT)
    with pytest.raises(InvalidTransition) as refused:
        JOB_LIFECYCLE.target("applied", "hire", STUDENT)
    assert refused.value.details["allowed_from"] == ["offered"]
    with pytest.raises(InvalidTransition):
        JOB_LIFECYCLE.target("hired", "withdraw", STUDENT)
    with pytest.raises(InvalidTransition):
        JOB_LIFECYCLE.target("offered", "withdraw", STUDENT)  # decline an offer instead


def test_an_opening_is_edited_and_closed_while_open_only():
    assert OPENING_LIFECYCLE.target("open", "close") == "closed"
    assert OPENING_LIFECYCLE.target("open", "edit") == "open"
    with pytest.raises(InvalidTransition):
        OPENING_LIFECYCLE.target("closed", "edit")


def test_accepting_between_its_days_while_open():
    opens, closes = dt.date(2025, 9, 1), dt.date(2025, 9, 30)
    assert accepting("open", opens, closes, dt.date(2025, 9, 30))
    assert not accepting("open", opens, closes, dt.date(2025, 10, 1))
    assert not accepting("open", opens, closes, dt.date(2025, 8, 31))
    assert not accepting("closed", opens, closes, dt.date(2025, 9, 15))


def test_every_problem_of_an_opening_at_once():
    problems = opening_problems(
        title="",
        city="x" * 31,
        positions=0,
        description="d" * 2001,
        opens_on=dt.date(2025, 10, 2),
        closes_on=dt.date(2025, 10, 1),
        today=TODAY,
    )
    assert {(p.field, p.rule) for p in problems} == {
        ("title", "required"),
        ("city", "max_length"),
        ("positions", "range"),
        ("description", "max_length"),
        ("closes_on", "before_opening"),
    }
    past = opening_problems(
        title="t",
        city="无锡",
        positions=1,
        description="",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 19),
        today=TODAY,
    )
    assert [(p.field, p.rule) for p in past] == [("closes_on", "past")]
    assert positions_problem(True).rule == "type"
    assert positions_problem(2, hired=3).rule == "below_hired"
    assert positions_problem(3, hired=3) is None


def test_an_interview_is_an_aware_time_to_come():
    assert interview_problem(None, NOW).rule == "required"
    assert interview_problem(dt.datetime(2025, 9, 25, 10), NOW).rule == "naive"
    assert interview_problem(NOW - dt.timedelta(minutes=1), NOW).rule == "past"
    assert interview_problem(NOW + dt.timedelta(days=400), NOW).rule == "too_late"
    assert interview_problem(NOW + dt.timedelta(days=3), NOW) is None


def test_a_start_and_an_end():
    begun = dt.date(2025, 7, 14)
    assert start_problem("s", dt.date(2025, 7, 1), earliest=begun, today=TODAY).rule == (
        "too_early"
    )
    assert start_problem("s", dt.date(2026, 12, 1), earliest=begun, today=TODAY).rule == (
        "too_late"
    )
    assert start_problem("s", "2025-09-01", earliest=begun, today=TODAY).rule == "type"
    assert start_problem("s", dt.date(2025, 10, 1), earliest=begun, today=TODAY) is None
    started = dt.date(2025, 9, 1)
    assert end_problem(None, started_on=started, today=TODAY).rule == "required"
    assert end_problem(dt.date(2025, 8, 1), started_on=started, today=TODAY).rule == (
        "before_start"
    )
    assert end_problem(dt.date(2025, 9, 21), started_on=started, today=TODAY).rule == "future"
    assert end_problem(TODAY, started_on=started, today=TODAY) is None


def test_the_one_rule_is_named():
    text = one_active_refusal("魏同学", "药明合联", dt.date(2025, 9, 1))
    assert "魏同学" in text and "药明合联" in text and "2025-09-01" in text
    assert "魏同学" in one_active_refusal("魏同学", "", None)
