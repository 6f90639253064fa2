"""The case lifecycle table and deadline arithmetic — pure, no database."""

import datetime as dt

import pytest

from onething.cases.models import CaseStatus as S
from onething.cases.rules import (
    OVERDUE,
    TRANSITIONS,
    WARNING,
    actions_for,
    deadline_state,
    due_date,
    elapsed_working_days,
    next_status,
)
from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.workdays import OfficialCalendar, package_years

CAL = OfficialCalendar()
D = dt.date


@pytest.mark.parametrize(
    ("status", "action", "role", "target"),
    [
        (S.SUBMITTED, "accept", "clerk", S.ACCEPTED),
        (S.SUBMITTED, "accept", "officer", S.ACCEPTED),
        (S.SUBMITTED, "decline", "officer", S.DECLINED),
        (S.ACCEPTED, "request_correction", "officer", S.CORRECTION_REQUESTED),
        (S.CORRECTION_REQUESTED, "submit_correction", "applicant", S.ACCEPTED),
        (S.ACCEPTED, "conclude", "officer", S.CONCLUDED),
        (S.SUBMITTED, "withdraw", "applicant", S.WITHDRAWN),
        (S.CORRECTION_REQUESTED, "withdraw", "applicant", S.WITHDRAWN),
    ],
)
def test_allowed_transitions(status, action, role, target):
    assert next_status(status, action, role) == target


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.SUBMITTED, "conclude"),
        (S.CONCLUDED, "withdraw"),
        (S.DECLINED, "accept"),
        (S.ACCEPTED, "accept"),
        (S.WITHDRAWN, "submit_correction"),
        (S.CONCLUDED, "request_correction"),
    ],
)
def test_illegal_transitions_say_why(status, action):
    role = next(iter(TRANSITIONS[action].roles))
    with pytest.raises(InvalidTransition) as info:
        next_status(status, action, role)
    assert info.value.status == 409
    assert info.value.details["status"] == status


@pytest.mark.parametrize(
    ("action", "role"),
    [
        ("accept", "applicant"),
        ("conclude", "applicant"),
        ("withdraw", "clerk"),
        ("decline", "supervisor"),
    ],
)
def test_wrong_role_is_refused(action, role):
    source = next(iter(TRANSITIONS[action].sources))
    with pytest.raises(PermissionDenied):
        next_status(source, action, role)


def test_actions_for_buttons():
    assert actions_for(S.SUBMITTED, "clerk") == ["accept", "decline"]
    assert actions_for(S.ACCEPTED, "officer") == ["request_correction", "conclude"]
    assert actions_for(S.CORRECTION_REQUESTED, "applicant") == ["submit_correction", "withdraw"]
    assert actions_for(S.CONCLUDED, "officer") == []


def test_due_date_across_national_day_2025():
    # accepted Friday 26 Sep 2025, 5 promised working days: 28, 29, 30 Sep, 9, 10 Oct
    assert due_date(D(2025, 9, 26), 5, 0, CAL).date == D(2025, 10, 10)
    # a correction paused the clock 2 working days: 11 Oct (make-up Saturday), 13 Oct
    assert due_date(D(2025, 9, 26), 5, 2, CAL).date == D(2025, 10, 13)


def test_due_date_across_spring_festival_2026():
    assert due_date(D(2026, 2, 12), 3, 0, CAL).date == D(2026, 2, 24)  # 13, 14 (Sat), 24


def test_paused_days_count_working_days_only():
    # correction requested 30 Sep 2025, resubmitted 9 Oct: only 9 Oct is a working day
    assert elapsed_working_days(D(2025, 9, 30), D(2025, 10, 9), CAL) == 1
    assert elapsed_working_days(D(2026, 2, 13), D(2026, 2, 24), CAL) == 2  # 14 Feb, 24 Feb


def test_due_date_into_an_unpublished_year_is_provisional():
    last = package_years()[-1]
    due = due_date(D(last, 12, 28), 10, 0, CAL)
    assert due.provisional and due.date.year == last + 1


def test_deadline_states():
    due = D(2025, 10, 10)  # Friday
    assert deadline_state(None, D(2025, 10, 1), CAL) is None
    assert deadline_state(due, D(2025, 9, 26), CAL) == "on_time"
    assert deadline_state(due, D(2025, 10, 9), CAL) == WARNING  # one working day left
    assert deadline_state(due, D(2025, 10, 10), CAL) == WARNING  # due today
    assert deadline_state(due, D(2025, 10, 13), CAL) == OVERDUE
    assert deadline_state(due, D(2025, 10, 13), CAL, paused=True) == "on_time"
    assert deadline_state(due, D(2025, 10, 20), CAL, concluded_on=D(2025, 10, 10)) == "on_time"
    assert deadline_state(due, D(2025, 10, 20), CAL, concluded_on=D(2025, 10, 11)) == OVERDUE
    # 30 Sep, due 9 Oct: 1–8 Oct are off, so one working day is left
    assert deadline_state(D(2025, 10, 9), D(2025, 9, 30), CAL) == WARNING
