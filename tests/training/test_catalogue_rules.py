"""The catalogue's pure rules, without a database: the cohort lifecycle (planned → open →
selecting → running → finished, reopen), what each state freezes, a cohort's dates,
window and capacity (every problem at once), an agreement's dates and the days it is
valid on (terminated: not from that day), a course's credits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from onething.core.errors import InvalidTransition
from onething.training.rules.catalogue import (
    agreement_date_problems,
    agreement_state,
    code_problem,
    cohort_problems,
    credits_of,
    credits_problem,
    valid_on,
)
from onething.training.rules.cohorts import COHORT_LIFECYCLE, frozen_fields

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def test_the_lifecycle_moves_a_cohort_one_state_at_a_time():
    assert COHORT_LIFECYCLE.moves() == {
        ("planned", "open"): "open",
        ("open", "close"): "selecting",
        ("selecting", "reopen"): "open",
        ("selecting", "start"): "running",
        ("running", "finish"): "finished",
    }
    assert COHORT_LIFECYCLE.is_final("finished")
    with pytest.raises(InvalidTransition) as refused:
        COHORT_LIFECYCLE.target("planned", "start")
    assert refused.value.details["allowed_from"] == ["selecting"]
    with pytest.raises(InvalidTransition):
        COHORT_LIFECYCLE.target("finished", "finish")


def test_what_each_state_freezes():
    assert frozen_fields("open") == frozenset()
    assert "tracks" in frozen_fields("selecting") and "capacity" not in frozen_fields("selecting")
    assert {"capacity", "starts_on"} <= frozen_fields("running")
    assert frozen_fields("finished") is None


def good_cohort(**overrides):
    values = {
        "starts_on": dt.date(2025, 7, 14),
        "ends_on": dt.date(2025, 9, 13),
        "applications_open_at": at("2025-05-01"),
        "applications_close_at": at("2025-06-20"),
        "capacity": 750,
        "offer_days": 7,
    }
    return values | overrides


def test_a_good_cohort_has_no_problem():
    assert cohort_problems(**good_cohort()) == []


def test_every_problem_of_a_cohort_at_once():
    problems = cohort_problems(
        **good_cohort(
            ends_on=dt.date(2025, 7, 1),
            capacity=0,
            offer_days="seven",
            applications_close_at=at("2025-04-01"),
        )
    )
    found = {(p.field, p.rule) for p in problems}
    assert found == {
        ("ends_on", "before_start"),
        ("capacity", "range"),
        ("offer_days", "type"),
        ("applications_close_at", "before_open"),
    }
    late = cohort_problems(**good_cohort(applications_close_at=at("2025-07-20")))
    assert [(p.field, p.rule) for p in late] == [("applications_close_at", "after_start")]
    naive = cohort_problems(**good_cohort(applications_open_at=dt.datetime(2025, 5, 1)))
    assert [(p.field, p.rule) for p in naive] == [("applications_open_at", "type")]
    long = cohort_problems(**good_cohort(ends_on=dt.date(2028, 1, 1)))
    assert [(p.field, p.rule) for p in long] == [("ends_on", "too_long")]
    assert cohort_problems(**good_cohort(capacity=True))[0].rule == "type"


def test_an_agreement_is_valid_from_its_start_to_its_end_and_before_its_termination():
    dates = {
        "valid_from": dt.date(2024, 3, 1),
        "valid_until": dt.date(2027, 2, 28),
        "terminated_on": None,
    }
    assert not valid_on(dt.date(2024, 2, 29), **dates)
    assert valid_on(dt.date(2024, 3, 1), **dates) and valid_on(dt.date(2027, 2, 28), **dates)
    assert not valid_on(dt.date(2027, 3, 1), **dates)
    terminated = dates | {"terminated_on": dt.date(2025, 9, 1)}
    assert valid_on(dt.date(2025, 8, 31), **terminated)
    assert not valid_on(dt.date(2025, 9, 1), **terminated)
    assert valid_on(dt.date(2040, 1, 1), **(dates | {"valid_until": None}))
    assert agreement_state(dt.date(2024, 1, 1), **dates) == "pending"
    assert agreement_state(dt.date(2025, 1, 1), **dates) == "valid"
    assert agreement_state(dt.date(2028, 1, 1), **dates) == "expired"
    assert agreement_state(dt.date(2025, 9, 1), **terminated) == "terminated"


def test_an_agreements_dates():
    assert (
        agreement_date_problems(
            signed_on=dt.date(2024, 3, 1), valid_from=dt.date(2024, 3, 1), valid_until=None
        )
        == []
    )
    found = agreement_date_problems(
        signed_on=dt.date(2024, 3, 1),
        valid_from=dt.date(2024, 2, 1),
        valid_until=dt.date(2024, 1, 1),
    )
    assert {(p.field, p.rule) for p in found} == {
        ("valid_from", "before_signed"),
        ("valid_until", "before_start"),
    }
    missing = agreement_date_problems(signed_on=None, valid_from="2024", valid_until=None)
    assert {(p.field, p.rule) for p in missing} == {
        ("signed_on", "required"),
        ("valid_from", "type"),
    }


def test_credits_and_codes():
    assert credits_of("1.5") == Decimal("1.5") and credits_of(2) == Decimal("2.0")
    assert credits_of("1.25") is None and credits_of("abc") is None and credits_of(True) is None
    assert credits_problem("credits", "0.2").rule == "range"
    assert credits_problem("credits", "3") is None
    assert code_problem("code", "CHIP-101") is None
    assert code_problem("code", "芯片").rule == "format"
    assert code_problem("code", "CXRC", taken=True).rule == "unique"
