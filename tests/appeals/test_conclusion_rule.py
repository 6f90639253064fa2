"""按时办结 (concluded on time), the seed's measure of the enterprise platform ("按时办结率
100%"), as a pure rule without a database: closed with the last round's reply by the due
date in force is on time, closed after it or still open past it is late, the rest does
not count yet; and what one appeal adds to the roll-ups for it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onething.appeals import rules, tally
from onething.appeals.rules import CONCLUDED_LATE, CONCLUDED_ON_TIME, conclusion
from onething.appeals.tally import AppealState

D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DUE = D(2025, 10, 24)
TODAY = D(2025, 12, 1)


def judged(status: str, replied_on=None, closed_on=None, due=DUE, as_of=TODAY):
    return conclusion(
        status=status, replied_on=replied_on, closed_on=closed_on, due=due, as_of=as_of
    )


class TestConclusion:
    def test_closed_with_the_reply_by_the_due_date_is_on_time(self):
        assert judged("closed", D(2025, 10, 9), D(2025, 10, 10)) == CONCLUDED_ON_TIME

    def test_a_reply_on_the_due_day_itself_is_on_time(self):
        assert judged("closed", DUE, DUE + dt.timedelta(days=3)) == CONCLUDED_ON_TIME

    def test_closed_with_the_reply_after_the_due_date_is_late(self):
        assert judged("closed", D(2025, 10, 27), D(2025, 10, 28)) == CONCLUDED_LATE

    def test_the_rating_after_the_due_date_does_not_make_it_late(self):
        # the requester rated weeks later: the department's reply is what counts
        assert judged("closed", D(2025, 10, 20), D(2025, 11, 30)) == CONCLUDED_ON_TIME

    def test_reopened_the_last_rounds_reply_against_the_new_due_date(self):
        """Round 1 answered on 10-09 (on time), the requester unsatisfied on 10-10: the
        new round is due 10-28 and answered 10-30. The concluding reply is round 2's:
        late, although the first reply was on time."""
        new_due = D(2025, 10, 28)
        assert judged("closed", D(2025, 10, 30), D(2025, 10, 31), due=new_due) == (CONCLUDED_LATE)
        assert judged("closed", D(2025, 10, 27), D(2025, 10, 31), due=new_due) == (
            CONCLUDED_ON_TIME
        )

    def test_an_approved_extension_moves_the_limit(self):
        replied = D(2025, 10, 29)  # after the first due date (10-24)
        assert judged("closed", replied, D(2025, 10, 30)) == CONCLUDED_LATE
        extended = D(2025, 10, 31)  # +5 working days approved
        assert judged("closed", replied, D(2025, 10, 30), due=extended) == CONCLUDED_ON_TIME

    def test_closed_without_a_reply_counts_from_the_closing(self):
        # not through the services (they close only what was answered): imported history
        assert judged("closed", None, D(2025, 10, 20)) == CONCLUDED_ON_TIME
        assert judged("closed", None, D(2025, 10, 25)) == CONCLUDED_LATE
        assert judged("closed", None, None) is None  # nothing to judge by

    @pytest.mark.parametrize("status", rules.OPEN_STATUSES)
    def test_open_past_the_due_date_is_late(self, status):
        assert judged(status, as_of=DUE + dt.timedelta(days=1)) == CONCLUDED_LATE

    @pytest.mark.parametrize("status", rules.OPEN_STATUSES)
    def test_open_and_not_yet_due_does_not_count(self, status):
        assert judged(status, as_of=DUE - dt.timedelta(days=5)) is None
        assert judged(status, as_of=DUE) is None  # the due day is not over

    def test_replied_and_waiting_for_the_rating_does_not_count_yet(self):
        assert judged("replied", D(2025, 10, 9), as_of=TODAY) is None
        assert judged("replied", D(2025, 10, 27), as_of=TODAY) is None

    def test_the_rate_is_on_time_over_on_time_and_late(self):
        verdicts = [
            judged("closed", D(2025, 10, 9), D(2025, 10, 10)),
            judged("closed", D(2025, 10, 27), D(2025, 10, 28)),
            judged("handling"),  # overdue
            judged("handling", due=TODAY),  # not yet due
            judged("replied", D(2025, 10, 9)),
        ]
        on_time = verdicts.count(CONCLUDED_ON_TIME)
        late = verdicts.count(CONCLUDED_LATE)
        assert (on_time, late) == (1, 2)
        assert str(rules.rate(on_time, on_time + late)) == "33.3"
        assert rules.rate(0, 0) is None  # nothing counted: no rate, not 0% or 100%

    @given(
        status=st.sampled_from(["received", "dispatched", "returned", "handling", "replied"]),
        replied=st.none() | st.dates(D(2024, 1, 1), D(2026, 12, 31)),
        due=st.dates(D(2024, 1, 1), D(2026, 12, 31)),
        as_of=st.dates(D(2024, 1, 1), D(2026, 12, 31)),
    )
    def test_only_a_closed_appeal_is_ever_on_time(self, status, replied, due, as_of):
        verdict = judged(status, replied, None, due, as_of)
        assert verdict in (None, CONCLUDED_LATE)
        assert (verdict == CONCLUDED_LATE) == (status in rules.OPEN_STATUSES and as_of > due)


def state(**changes) -> AppealState:
    base = {
        "received_at": dt.datetime(2025, 9, 30, 10, tzinfo=SHANGHAI),
        "programme_id": 1,
        "type": "demand",
        "channel": "platform",
        "department_id": 7,
        "region_id": 3,
        "status": "handling",
        "closed_at": None,
        "first_replied_at": None,
        "replied_on_time": None,
        "reply_working_days": None,
        "rating": None,
        "due_date": DUE,
        "replied_at": None,
    }
    return AppealState(**{**base, **changes})


def closed(replied: dt.datetime, due=DUE) -> AppealState:
    return state(
        status="closed",
        closed_at=replied + dt.timedelta(days=1),
        first_replied_at=replied,
        replied_at=replied,
        replied_on_time=replied.date() <= due,
        reply_working_days=5,
        rating=5,
        due_date=due,
    )


class TestTally:
    def test_closing_on_time_counts_in_the_closed_month(self):
        before = state()
        after = closed(dt.datetime(2025, 10, 24, 23, 30, tzinfo=SHANGHAI))  # Wuxi's day
        row = tally.delta(before, after).months[tally.key(after)]
        assert (row["concluded_on_time"], row["concluded_late"]) == (1, 0)
        assert tally.key(after)[1] == D(2025, 10, 1)

    def test_the_reply_judged_by_the_local_day(self):
        # 10-24 17:00 UTC is 10-25 01:00 in Wuxi: a day late
        late = closed(dt.datetime(2025, 10, 24, 17, tzinfo=dt.UTC))
        counts = tally.counts(late)
        assert (counts["concluded_on_time"], counts["concluded_late"]) == (0, 1)

    def test_an_open_appeal_adds_nothing_to_the_month_rows_for_it(self):
        counts = tally.counts(state(due_date=D(2025, 1, 1)))  # long overdue
        assert counts["concluded_on_time"] == counts["concluded_late"] == 0
        assert tally.due_key(state())[-1] == DUE  # its lateness: from the due-date rows

    def test_reopening_takes_the_count_back(self):
        replied = dt.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI)
        was = state(
            status="replied", first_replied_at=replied, replied_at=replied, replied_on_time=True
        )
        reopened = state(status="handling", first_replied_at=replied, due_date=D(2025, 10, 28))
        change = tally.delta(was, reopened)
        assert all(c["concluded_on_time"] == 0 for c in change.months.values())
        again = closed(dt.datetime(2025, 10, 30, 10, tzinfo=SHANGHAI), due=D(2025, 10, 28))
        row = tally.delta(reopened, again).months[tally.key(again)]
        assert (row["concluded_on_time"], row["concluded_late"]) == (0, 1)
