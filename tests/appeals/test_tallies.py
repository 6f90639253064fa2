"""The appeal roll-ups the figures read are kept in each appeal's own transaction: after
every path through the services they equal a recount from the appeal table; the rule of
what an appeal counts for is pure."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.appeals import tally
from onething.appeals.services.tallies import (
    appeal_tallies_differences,
    appeal_tallies_rebuild,
)
from onething.appeals.tally import AppealState

from .api_support import Api

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def state(**changes) -> AppealState:
    base = {
        "received_at": dt.datetime(2025, 3, 31, 23, 30, tzinfo=SHANGHAI),
        "programme_id": None,
        "type": "demand",
        "channel": "hotline",
        "department_id": 7,
        "region_id": 3,
        "status": "handling",
        "closed_at": None,
        "first_replied_at": None,
        "replied_on_time": None,
        "reply_working_days": None,
        "rating": None,
        "due_date": dt.date(2025, 4, 17),
        "replied_at": None,
    }
    return AppealState(**{**base, **changes})


def test_an_open_appeal_counts_in_its_local_month_and_by_its_due_date():
    open_one = state()
    key = tally.key(open_one)
    assert key[0] == dt.date(2025, 3, 1) and key[1] == tally.NOT_CLOSED  # Wuxi time
    assert key[2] == 0 and key[5] == 7  # no programme: 0
    assert tally.due_key(open_one)[-1] == dt.date(2025, 4, 17)


def test_closing_moves_the_count_to_the_closed_month_and_off_the_due_dates():
    before = state()
    after = state(
        status="closed",
        closed_at=dt.datetime(2025, 4, 10, 10, tzinfo=SHANGHAI),
        first_replied_at=dt.datetime(2025, 4, 8, 10, tzinfo=SHANGHAI),
        replied_on_time=True,
        reply_working_days=5,
        rating=4,
    )
    change = tally.delta(before, after)
    assert change.months[tally.key(before)]["total"] == -1
    closed = change.months[tally.key(after)]
    assert (closed["total"], closed["closed"], closed["on_time"], closed["satisfied"]) == (
        1,
        1,
        1,
        1,
    )
    assert closed["reply_days"] == 5
    assert change.dues == {tally.due_key(before): -1}
    assert tally.delta(after, after).months == {} and not tally.delta(after, after).dues


def test_every_path_through_the_services_keeps_the_roll_ups(city):
    zhang, officer = Api(city, "zhangwei"), Api(city, "officer.wx-cg")
    supervisor = Api(city, "supervisor")
    numbers = [zhang.submit()["number"] for _ in range(4)]
    officer.act(numbers[0], "accept")
    officer.act(numbers[0], "reply", {"text": "已修复。"})
    zhang.act(numbers[0], "follow-up", {"rating": 5})  # closed
    officer.act(numbers[1], "reply", {"text": "已修复。"})
    zhang.act(numbers[1], "follow-up", {"rating": 1})  # reopened
    officer.act(numbers[1], "reply", {"text": "复查后已解决。"})
    asked = officer.post(
        f"/api/appeals/{numbers[2]}/extensions", {"working_days": 5, "reason": "需协调"}
    )
    assert asked.status_code == 201, asked.content
    decided = supervisor.post(f"/api/extensions/{asked.json()['id']}/decision", {"approve": True})
    assert decided.status_code == 200, decided.content
    assert appeal_tallies_differences() == []
    # the figures read from the roll-ups agree with the appeals they count
    overall = Api(city, None).get("/api/appeal-figures").json()["overall"]
    assert overall["total"] >= 4 and overall["closed"] >= 1
    appeal_tallies_rebuild()
    assert appeal_tallies_differences() == []


@pytest.mark.demo_city
def test_the_demo_citys_roll_ups_agree_with_a_recount(city):
    assert appeal_tallies_differences() == []
