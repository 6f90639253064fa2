"""A city operations event's closed loop (GB/T 30428: 发现 → 立案 → 派遣 → 处置 → 核查 →
结案), its time limits and deadline states. Pure: no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from onething.cityops.rules import events as ev
from onething.cityops.rules.events import (
    ACTION_LABELS,
    CHECKED,
    CLOSED,
    DISPATCHED,
    DISPATCHER,
    EVENT_LIFECYCLE,
    HANDLED,
    INSPECTOR,
    OFFICER,
    OPEN_STATUSES,
    REGISTERED,
    REPORTED,
    STATUS_LABELS,
    STATUSES,
    Due,
    actions_for,
    deadline_state,
    due_at,
    due_for,
    next_status,
)
from onething.core import deadlines
from onething.core.errors import InvalidTransition, PermissionDenied
from onething.core.workdays import OfficialCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (status, action, role) → status after it: every allowed move, and nothing else.
MOVES = {
    (REPORTED, "register", DISPATCHER): REGISTERED,
    (REPORTED, "dismiss", DISPATCHER): CLOSED,
    (REGISTERED, "dispatch", DISPATCHER): DISPATCHED,
    (DISPATCHED, "redispatch", DISPATCHER): DISPATCHED,
    (DISPATCHED, "handle", OFFICER): HANDLED,
    (HANDLED, "check", INSPECTOR): CHECKED,
    (HANDLED, "send_back", INSPECTOR): DISPATCHED,
    (CHECKED, "close", DISPATCHER): CLOSED,
}
ROLES = (DISPATCHER, OFFICER, INSPECTOR, "applicant", None)


class TestLabels:
    def test_the_statuses_in_chinese(self):
        assert STATUSES == ("reported", "registered", "dispatched", "handled", "checked", "closed")
        assert STATUSES[:-1] == OPEN_STATUSES
        with translation.override("zh-hans"):
            assert [str(STATUS_LABELS[s]) for s in STATUSES] == [
                "发现",
                "立案",
                "派遣",
                "处置",
                "核查",
                "结案",
            ]
        with translation.override("en"):
            assert str(STATUS_LABELS[CLOSED]) == "Closed"

    def test_the_labels_do_not_change_the_appeals_words(self):
        """ "Dispatched" and "Closed" are an appeal's 已派单 / 已办结: the events' have a
        context of their own."""
        from onething.appeals.rules import STATUS_LABELS as APPEAL_LABELS

        with translation.override("zh-hans"):
            assert str(APPEAL_LABELS["closed"]) == "已办结"
            assert str(STATUS_LABELS[CLOSED]) == "结案"

    def test_every_action_has_a_label(self):
        assert set(ACTION_LABELS) == set(EVENT_LIFECYCLE.table)
        with translation.override("zh-hans"):
            assert ev.action_label("send_back") == "退回重新处置"
            assert ev.action_label("auto_close") == "自动结案"
            assert ev.action_label("fly") == "fly"


class TestLifecycle:
    @pytest.mark.parametrize(("status", "action", "role"), list(MOVES))
    def test_every_allowed_move(self, status, action, role):
        assert next_status(status, action, role) == MOVES[(status, action, role)]

    def test_the_table_holds_those_moves_and_auto_close(self):
        users = {(s, a): after for (s, a, _r), after in MOVES.items()}
        system = {(s, "auto_close"): CLOSED for s in OPEN_STATUSES}
        assert EVENT_LIFECYCLE.moves() == users | system
        assert users | system == ev.TRANSITIONS

    def test_the_closed_loop(self):
        status = REPORTED
        for action, role in [
            ("register", DISPATCHER),
            ("dispatch", DISPATCHER),
            ("handle", OFFICER),
            ("send_back", INSPECTOR),
            ("redispatch", DISPATCHER),
            ("handle", OFFICER),
            ("check", INSPECTOR),
            ("close", DISPATCHER),
        ]:
            status = next_status(status, action, role)
        assert status == CLOSED
        assert EVENT_LIFECYCLE.is_final(CLOSED)

    @pytest.mark.parametrize("status", OPEN_STATUSES)
    def test_auto_close_is_the_systems_alone(self, status):
        assert next_status(status, "auto_close", None, system=True) == CLOSED
        for role in ROLES:
            with pytest.raises(PermissionDenied) as refused:
                next_status(status, "auto_close", role)
            assert refused.value.status == 403
            assert "auto_close" not in actions_for(status, role)

    def test_illegal_moves_are_409_naming_the_states_allowed_from(self):
        legal = {(s, a) for (s, a, _r) in MOVES} | {(s, "auto_close") for s in OPEN_STATUSES}
        for status in STATUSES:
            for action, transition in EVENT_LIFECYCLE.table.items():
                if (status, action) in legal:
                    continue
                with pytest.raises(InvalidTransition) as refused:
                    next_status(status, action, None, system=True)
                error = refused.value
                assert error.status == 409
                assert error.details == {
                    "status": status,
                    "action": action,
                    "allowed_from": sorted(transition.sources),
                }

    def test_a_409_in_chinese(self):
        with translation.override("zh-hans"):
            with pytest.raises(InvalidTransition) as refused:
                next_status(REPORTED, "close", DISPATCHER)
            assert refused.value.message == (
                "处于“发现”环节的事件不能结案，只有处于“核查”环节的事件可以。"
            )
            with pytest.raises(InvalidTransition) as refused:
                next_status(CLOSED, "register", DISPATCHER)
            assert refused.value.message == "事件已结案。"
            assert refused.value.details["allowed_from"] == [REPORTED]

    def test_an_unknown_action_is_409(self):
        with pytest.raises(InvalidTransition) as refused:
            next_status(REPORTED, "fly", DISPATCHER)
        assert refused.value.details["allowed_from"] == []

    def test_the_wrong_role_is_403(self):
        for (status, action, role), _after in MOVES.items():
            for other in ROLES:
                if other == role:
                    continue
                with pytest.raises(PermissionDenied) as refused:
                    next_status(status, action, other)
                assert refused.value.status == 403
                assert refused.value.details == {"action": action, "your_role": other}

    def test_a_403_in_chinese(self):
        with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refused:
            next_status(HANDLED, "check", OFFICER)
        assert refused.value.message == "您的角色无权对事件执行“核查”操作。"

    def test_the_actions_each_role_sees(self):
        assert actions_for(REPORTED, DISPATCHER) == ["register", "dismiss"]
        assert actions_for(REGISTERED, DISPATCHER) == ["dispatch"]
        assert actions_for(DISPATCHED, DISPATCHER) == ["redispatch"]
        assert actions_for(DISPATCHED, OFFICER) == ["handle"]
        assert actions_for(HANDLED, INSPECTOR) == ["check", "send_back"]
        assert actions_for(HANDLED, OFFICER) == []
        assert actions_for(CHECKED, DISPATCHER) == ["close"]
        assert all(actions_for(CLOSED, role) == [] for role in ROLES)
        assert EVENT_LIFECYCLE.actions(CLOSED, system=True) == []


class TestTimeLimits:
    @pytest.mark.parametrize(
        ("level", "kind", "limit"),
        [
            ("alarm", "sensor", ("hours", 2)),
            ("warning", "sensor", ("working_days", 1)),
            ("normal", "inspector", ("working_days", 3)),
            ("warning", "inspector", ("working_days", 3)),
            ("alarm", "inspector", ("hours", 2)),
            ("normal", "appeal", ("working_days", 3)),
            ("alarm", "appeal", ("hours", 2)),
        ],
    )
    def test_due_for(self, level, kind, limit):
        assert due_for(level, kind) == limit

    def test_the_kinds_are_the_event_sources(self):
        from onething.cityops.models.events import EventSource

        assert set(ev.KINDS) == set(EventSource.values)

    @pytest.mark.parametrize(("level", "kind"), [("normal", "sensor"), ("alarm", "phone")])
    def test_no_limit(self, level, kind):
        with pytest.raises(ValueError):
            due_for(level, kind)

    def test_due_at_in_hours(self):
        start = dt.datetime(2025, 9, 30, 23, 15, tzinfo=SHANGHAI)
        assert due_at(start, ("hours", 2)) == Due(dt.datetime(2025, 10, 1, 1, 15, tzinfo=SHANGHAI))

    def test_due_at_in_working_days_skips_the_national_day_holiday(self):
        start = dt.datetime(2025, 9, 30, 16, 0, tzinfo=SHANGHAI)  # a Tuesday
        due = due_at(start, ("working_days", 1), OfficialCalendar())
        assert due == Due(dt.datetime(2025, 10, 9, 16, 0, tzinfo=SHANGHAI))
        friday = dt.datetime(2025, 6, 6, 9, 0, tzinfo=SHANGHAI)
        assert due_at(friday, ("working_days", 3)).at == dt.datetime(
            2025, 6, 11, 9, 0, tzinfo=SHANGHAI
        )

    def test_due_at_in_a_year_with_no_published_schedule_is_provisional(self):
        # never a failure past the official calendar: weekends only, marked provisional
        friday = dt.datetime(2031, 12, 26, 17, 0, tzinfo=SHANGHAI)
        due = due_at(friday, ("working_days", 1), OfficialCalendar())
        assert due.at == dt.datetime(2031, 12, 29, 17, 0, tzinfo=SHANGHAI)
        assert due.provisional

    def test_due_at_an_unknown_unit(self):
        with pytest.raises(ValueError):
            due_at(dt.datetime(2025, 6, 6, tzinfo=SHANGHAI), ("fortnights", 1))


class TestDeadlineState:
    DUE = dt.datetime(2025, 6, 3, 12, 0, tzinfo=SHANGHAI)
    SOON = dt.timedelta(minutes=30)

    @pytest.mark.parametrize(
        ("now", "state"),
        [
            (dt.datetime(2025, 6, 3, 11, 29, tzinfo=SHANGHAI), deadlines.ON_TIME),
            (dt.datetime(2025, 6, 3, 11, 30, tzinfo=SHANGHAI), deadlines.WARNING),
            (dt.datetime(2025, 6, 3, 12, 0, tzinfo=SHANGHAI), deadlines.WARNING),
            (dt.datetime(2025, 6, 3, 12, 0, 1, tzinfo=SHANGHAI), deadlines.OVERDUE),
            (dt.datetime(2025, 6, 3, 4, 0, 1, tzinfo=dt.UTC), deadlines.OVERDUE),
        ],
    )
    def test_states(self, now, state):
        assert deadline_state(self.DUE, now, self.SOON) == state

    def test_the_shared_vocabulary(self):
        states = {
            deadline_state(self.DUE, self.DUE + dt.timedelta(hours=h), self.SOON)
            for h in (-9, 0, 1)
        }
        assert states == set(deadlines.RUNNING)  # core's names, no copy of its own
        assert set(ev.WARNING_BEFORE) == {"hours", "working_days"}
