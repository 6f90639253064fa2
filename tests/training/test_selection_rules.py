"""The selection's pure rules, without a database: the ranking (score, then the earlier
application), offers within capacity and per track, the waiting list and its moving up,
over capacity refused, the offer's deadline and the interview scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from onething.core.errors import Conflict
from onething.training.rules.common import score_value
from onething.training.rules.selection import (
    SHANGHAI,
    Candidate,
    Waiting,
    is_overdue,
    mean_score,
    moving_up,
    offer_deadline,
    places_to_offer,
    plan_selection,
    ranked,
)

T0 = dt.datetime(2025, 6, 1, 9, tzinfo=SHANGHAI)
CHIP, ALG, DC = 1, 2, 3


def cand(pk: int, score: str, minutes: int = 0, first: int = CHIP, second: int | None = None):
    return Candidate(pk, Decimal(score), T0 + dt.timedelta(minutes=minutes), first, second)


def test_ranking_is_by_score_then_the_earlier_application_then_the_id():
    rows = [cand(1, "80", 5), cand(2, "90", 9), cand(3, "80", 1), cand(4, "80", 1)]
    assert [c.id for c in ranked(rows)] == [2, 3, 4, 1]


def test_places_go_to_the_best_and_the_rest_wait_in_rank_order():
    rows = [cand(1, "70"), cand(2, "95"), cand(3, "88", 3), cand(4, "88", 1), cand(5, "60")]
    plan = plan_selection(rows, places=2)
    assert [(o.id, o.track) for o in plan.offers] == [(2, CHIP), (4, CHIP)]
    assert plan.waiting == [3, 1, 5]


def test_no_place_means_everyone_waits():
    plan = plan_selection([cand(1, "70"), cand(2, "80")], places=0)
    assert plan.offers == [] and plan.waiting == [2, 1]


def test_per_track_capacity_gives_the_second_choice_when_the_first_is_full():
    rows = [
        cand(1, "99", first=CHIP),
        cand(2, "98", first=CHIP, second=ALG),
        cand(3, "97", first=CHIP),  # no second choice: waits
        cand(4, "96", first=ALG),
    ]
    plan = plan_selection(rows, places=10, track_capacity={CHIP: 1, ALG: 2, DC: 5}, track_taken={})
    assert [(o.id, o.track) for o in plan.offers] == [(1, CHIP), (2, ALG), (4, ALG)]
    assert plan.waiting == [3]


def test_per_track_capacity_counts_the_places_taken_before():
    plan = plan_selection(
        [cand(1, "90", first=CHIP, second=DC)],
        places=5,
        track_capacity={CHIP: 2, DC: 1},
        track_taken={CHIP: 2},
    )
    assert [(o.id, o.track) for o in plan.offers] == [(1, DC)]


def test_a_selection_over_the_free_places_is_refused_naming_the_rule():
    assert places_to_offer(None, capacity=750, taken=740) == 10
    assert places_to_offer(10, capacity=750, taken=740) == 10
    with pytest.raises(Conflict) as refused:
        places_to_offer(11, capacity=750, taken=740)
    assert refused.value.code == "over_capacity"
    assert refused.value.details == {"capacity": 750, "taken": 740, "free": 10, "asked": 11}
    assert places_to_offer(None, capacity=750, taken=800) == 0


def test_the_waiting_list_moves_up_from_its_top_into_a_chosen_track_with_room():
    waiting = [
        Waiting(10, 2, CHIP),
        Waiting(11, 1, CHIP),
        Waiting(12, 3, ALG, CHIP),
        Waiting(13, 4, DC),
    ]
    assert [o.id for o in moving_up(waiting, free=2)] == [11, 10]
    per_track = moving_up(
        waiting, free=2, track_capacity={CHIP: 1, ALG: 0, DC: 1}, track_taken={CHIP: 1}
    )
    assert [(o.id, o.track) for o in per_track] == [(13, DC)]
    assert moving_up(waiting, free=0) == []


def test_an_offer_is_answered_by_the_end_of_its_day_plus_the_days_to_answer():
    deadline = offer_deadline(dt.datetime(2025, 6, 25, 9, tzinfo=SHANGHAI), 7, dt.date(2025, 7, 14))
    assert deadline == dt.datetime(2025, 7, 2, 23, 59, 59, tzinfo=SHANGHAI)
    # never after the day before the class starts, never before the end of its own day
    late = offer_deadline(dt.datetime(2025, 7, 10, 9, tzinfo=SHANGHAI), 7, dt.date(2025, 7, 14))
    assert late.date() == dt.date(2025, 7, 13)
    later = offer_deadline(dt.datetime(2025, 7, 20, 9, tzinfo=SHANGHAI), 7, dt.date(2025, 7, 14))
    assert later.date() == dt.date(2025, 7, 20)
    # a UTC time counts by its Beijing day
    utc = offer_deadline(dt.datetime(2025, 6, 24, 20, tzinfo=dt.UTC), 0, dt.date(2025, 7, 14))
    assert utc.date() == dt.date(2025, 6, 25)
    assert is_overdue(deadline, deadline + dt.timedelta(seconds=1))
    assert not is_overdue(deadline, deadline) and not is_overdue(None, deadline)


@pytest.mark.parametrize(
    ("value", "score", "rule"),
    [
        ("85", Decimal("85.0"), None),
        (85.5, Decimal("85.5"), None),
        (0, Decimal("0.0"), None),
        ("100", Decimal("100.0"), None),
        ("100.5", None, "range"),
        (-1, None, "range"),
        ("85.55", None, "decimals"),
        ("abc", None, "type"),
        ("NaN", None, "type"),
        (True, None, "type"),
        ("", None, "required"),
        (None, None, "required"),
    ],
)
def test_an_interview_score_is_0_to_100_with_one_decimal_at_most(value, score, rule):
    found, problem = score_value("score", value)
    assert found == score
    assert (problem.rule if problem else None) == rule


def test_the_score_is_the_mean_to_the_hundredth_halves_up():
    assert mean_score([Decimal("80"), Decimal("85"), Decimal("90.5")]) == Decimal("85.17")
    assert mean_score([Decimal("80.5"), Decimal("80")]) == Decimal("80.25")
    assert mean_score([Decimal("70"), Decimal("70.1"), Decimal("70.1")]) == Decimal("70.07")
    assert mean_score([]) is None
