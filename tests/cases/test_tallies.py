"""The case roll-ups move with each change made through the services, and agree with a
recount of the case table (on SQLite and on PostgreSQL)."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from onething.cases import tally
from onething.cases.models import Case, CaseDueTally, CaseTally
from onething.cases.services.tallies import tallies_differences, tallies_rebuild


def _row(number):
    case = Case.objects.get(number=number)
    key = tally.month_key(tally.CaseState.of(case))
    row = CaseTally.objects.get(month=key[0], department_id=key[1], item_id=key[2])
    return case, {m: getattr(row, m) for m in tally.MEASURES}


def _running(case):
    return sum(
        CaseDueTally.objects.filter(department_id=case.department_id).values_list(
            "running", flat=True
        )
    )


@pytest.mark.demo_city
def test_the_demo_city_roll_ups_agree_with_a_recount(city):
    assert CaseTally.objects.exists()
    assert tallies_differences() == []


def test_each_change_moves_the_roll_ups_and_they_agree(api, submitted):
    clerk, officer, zhang = api("clerk.hudai"), api("officer.hudai"), api("zhangwei")
    case, row = _row(submitted["number"])
    assert row["cases"] >= 1 and row["open"] >= 1 and row["online"] >= 1
    before_running = _running(case)
    assert clerk.post(f"/api/cases/{case.number}/accept").status_code == 200
    case, accepted = _row(case.number)
    assert accepted["cases"] == row["cases"] and accepted["open"] == row["open"]
    assert _running(case) == before_running + 1
    concluded = officer.post(f"/api/cases/{case.number}/conclude", {"outcome": "approved"})
    assert concluded.status_code == 200, concluded.content
    case, done = _row(case.number)
    assert done["open"] == row["open"] - 1
    assert done["concluded"] == row["concluded"] + 1
    assert done["on_time"] == row["on_time"] + 1
    assert _running(case) == before_running
    rated = zhang.post(f"/api/cases/{case.number}/evaluation", {"level": 2, "comment": "慢"})
    assert rated.status_code == 201, rated.content
    case, after = _row(case.number)
    assert after["ratings"] == row["ratings"] + 1
    assert after["satisfied"] == row["satisfied"]
    assert tallies_differences() == []


def test_a_refused_change_moves_nothing(api, submitted):
    case, row = _row(submitted["number"])
    # concluding a case that is not accepted is an illegal transition
    answer = api("officer.hudai").post(
        f"/api/cases/{case.number}/conclude", {"outcome": "approved"}
    )
    assert answer.status_code in (403, 409)
    assert _row(case.number)[1] == row
    assert tallies_differences() == []


def test_rebuild_repairs_a_bulk_change_the_services_did_not_see(api, submitted):
    api("clerk.hudai").post(f"/api/cases/{submitted['number']}/accept")
    Case.objects.filter(number=submitted["number"]).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    differences = tallies_differences()
    assert [d["table"] for d in differences] == ["due", "due"]
    with pytest.raises(SystemExit):  # the operator's check says so
        call_command("tallies", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("tallies", "--rebuild", stdout=out)
    assert "agree" in out.getvalue()
    assert tallies_differences() == []
    tallies_rebuild()  # a second rebuild changes nothing
    assert tallies_differences() == []


def test_what_a_case_counts_for_is_a_pure_rule():
    now = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)  # 1 April in Wuxi
    state = tally.CaseState(
        now, 7, 9, "online", "post", "accepted", dt.date(2026, 4, 8), None, None
    )
    assert tally.month_key(state) == (dt.date(2026, 4, 1), 7, 9, 0)  # online: no centre
    at_window = tally.CaseState(
        now, 7, 9, "window", "window", "accepted", dt.date(2026, 4, 8), None, None, 3
    )
    assert tally.month_key(at_window) == (dt.date(2026, 4, 1), 7, 9, 3)
    assert tally.due_key(state) == (dt.date(2026, 4, 1), 7, dt.date(2026, 4, 8))
    done = tally.CaseState(
        now, 7, 9, "online", "post", "concluded", dt.date(2026, 4, 8), now + dt.timedelta(days=7), 5
    )
    delta = tally.case_delta(state, done)
    assert delta.months == {
        (dt.date(2026, 4, 1), 7, 9, 0): Counter(
            {"open": -1, "concluded": 1, "on_time": 1, "timed": 1, "working_days": 5}
        )
    }
    assert delta.dues == Counter({(dt.date(2026, 4, 1), 7, dt.date(2026, 4, 8)): -1})
    late = tally.CaseState(
        now,
        7,
        9,
        "window",
        "window",
        "concluded",
        dt.date(2026, 4, 8),
        now + dt.timedelta(days=9),
        7,
    )
    counts = tally.month_counts(late)
    assert counts["on_time"] == 0 and counts["online"] == 0 and counts["no_visit"] == 0
    assert not tally.case_delta(state, state)
    assert tally.case_delta(None, state).months[tally.month_key(state)]["cases"] == 1
