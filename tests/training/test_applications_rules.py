"""An application's pure rules, without a database: the lifecycle (who moves it from where;
an illegal move a 409 naming the states, a wrong role a 403), the application window, the
number, and every problem of what a student types at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from onething.core.errors import InvalidTransition, PermissionDenied
from onething.training.rules.applications import (
    APPLICATION_LIFECYCLE,
    STAFF,
    STUDENT,
    application_number,
    application_problems,
    applications_open,
)
from onething.training.rules.selection import SHANGHAI

LIFE = APPLICATION_LIFECYCLE


def test_the_lifecycle_moves_an_application_from_submission_to_an_answer():
    status = "submitted"
    for action, role in (
        ("screen", STAFF),
        ("interview", STAFF),
        ("interview", STAFF),  # a second interviewer
        ("wait", STAFF),
        ("offer", STAFF),
        ("accept", STUDENT),
    ):
        status = LIFE.target(status, action, role)
    assert status == "accepted"
    assert LIFE.is_final("accepted") and LIFE.is_final("declined") and LIFE.is_final("expired")


def test_what_each_side_may_do_from_each_state():
    assert LIFE.actions("submitted", STAFF) == ["screen", "reject"]
    assert LIFE.actions("submitted", STUDENT) == ["withdraw"]
    assert LIFE.actions("offered", STUDENT) == ["accept", "decline", "withdraw"]
    assert LIFE.actions("offered", STAFF) == ["expire"]
    assert LIFE.actions("accepted", STUDENT) == []  # withdrawal ends at acceptance
    assert LIFE.actions("waiting", STAFF) == ["offer", "wait", "close"]


def test_an_illegal_move_is_a_409_naming_the_states_in_chinese():
    with translation.override("zh-hans"), pytest.raises(InvalidTransition) as refused:
        LIFE.target("submitted", "accept", STUDENT)
    assert refused.value.status == 409
    assert refused.value.details["allowed_from"] == ["offered"]
    assert "已提交" in refused.value.message and "已录取" in refused.value.message
    with pytest.raises(InvalidTransition) as final:
        LIFE.target("declined", "accept", STUDENT)
    assert final.value.code == "invalid_transition"


def test_a_wrong_role_is_a_403():
    with pytest.raises(PermissionDenied):
        LIFE.target("offered", "accept", STAFF)
    with pytest.raises(PermissionDenied):
        LIFE.target("submitted", "screen", STUDENT)
    with pytest.raises(PermissionDenied):
        LIFE.target("submitted", "screen", "university")
    # the platform expires offers and moves the waiting list up
    assert LIFE.target("offered", "expire", None, system=True) == "expired"


def test_applications_are_taken_while_open_within_the_window():
    opens = dt.datetime(2025, 5, 1, tzinfo=SHANGHAI)
    closes = dt.datetime(2025, 6, 20, 18, tzinfo=SHANGHAI)
    assert applications_open("open", opens, closes, opens)
    assert not applications_open("open", opens, closes, closes)
    assert not applications_open("open", opens, closes, opens - dt.timedelta(seconds=1))
    assert not applications_open("selecting", opens, closes, opens + dt.timedelta(days=1))
    assert not applications_open("planned", opens, closes, opens + dt.timedelta(days=1))


def test_the_number_is_sx_the_year_and_six_digits():
    assert application_number(2025, 123) == "SX2025000123"


GOOD = {
    "major": "微电子科学与工程",
    "degree": "undergraduate",
    "graduation_year": "2026",
    "first_track": "ai-chip",
    "second_track": "circuits",
    "statement": "",
    "track_codes": {"ai-chip", "algorithms", "circuits"},
    "cohort_year": 2025,
}


def test_a_good_application_has_no_problem():
    assert application_problems(**GOOD) == []
    assert application_problems(**GOOD | {"second_track": "", "graduation_year": 2033}) == []


def test_every_problem_of_what_is_typed_at_once():
    with translation.override("zh-hans"):
        problems = application_problems(
            **GOOD
            | {
                "major": " ",
                "degree": "bachelor",
                "graduation_year": "2020",
                "first_track": "biology",
                "second_track": "biology",
                "statement": "长" * 2001,
            }
        )
    found = {(p.field, p.rule) for p in problems}
    assert found == {
        ("major", "required"),
        ("degree", "choice"),
        ("graduation_year", "range"),
        ("first_track", "choice"),
        ("second_track", "choice"),
        ("statement", "max_length"),
    }
    assert all(p.message and not p.message.isascii() for p in problems)


def test_the_second_choice_is_another_track_and_the_year_a_number():
    problems = application_problems(
        **GOOD
        | {"second_track": "ai-chip", "graduation_year": "二〇二六", "first_track": "ai-chip"}
    )
    assert {(p.field, p.rule) for p in problems} == {
        ("second_track", "same_track"),
        ("graduation_year", "type"),
    }
    missing = application_problems(**GOOD | {"first_track": "", "graduation_year": ""})
    assert {(p.field, p.rule) for p in missing} == {
        ("first_track", "required"),
        ("graduation_year", "required"),
    }
