"""The appeals' pure rules of the lifecycle, without a database: 受理 → 派单 → 办理 → 回复 →
回访 → 办结, time limits and deadline states, and routing (the others in
test_rules_texts.py)."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from onething.appeals import rules
from onething.appeals.models import AppealStatus, AppealType, Urgency
from onething.appeals.rules import (
    DEFAULT_LIMITS,
    TRANSITIONS,
    AppealFacts,
    RuleSpec,
    allowed_actions,
    deadline_state,
    limit_days,
    next_status,
    route,
    rule_matches,
    split_keywords,
)
from onething.core.errors import InvalidTransition

D = dt.date
STATUSES = [status.value for status in AppealStatus]
ACTIONS = sorted({action for (_status, action) in TRANSITIONS} | {"rate", "fly"})


# ---------------------------------------------------------------- lifecycle


class TestNextStatus:
    @pytest.mark.parametrize(
        ("status", "action", "after"),
        [
            ("received", "dispatch", "dispatched"),
            ("returned", "dispatch", "dispatched"),
            ("dispatched", "redispatch", "dispatched"),
            ("handling", "redispatch", "dispatched"),
            ("dispatched", "accept", "handling"),
            ("dispatched", "return", "returned"),
            ("handling", "return", "returned"),
            ("dispatched", "reply", "replied"),
            ("handling", "reply", "replied"),
            ("replied", "close", "closed"),
            ("replied", "reopen", "handling"),
            ("dispatched", "extend", "dispatched"),
            ("handling", "extend", "handling"),
        ],
    )
    def test_every_allowed_transition(self, status, action, after):
        assert next_status(status, action) == after

    def test_the_table_is_exactly_the_listed_transitions(self):
        assert len(TRANSITIONS) == 13

    @pytest.mark.parametrize(
        ("status", "action"),
        [
            ("closed", "reply"),
            ("closed", "reopen"),
            ("closed", "dispatch"),
            ("received", "reply"),
            ("received", "accept"),
            ("received", "close"),
            ("replied", "reply"),
            ("replied", "extend"),
            ("returned", "reply"),
            ("returned", "accept"),
            ("handling", "accept"),
            ("handling", "dispatch"),
            ("dispatched", "close"),
            ("dispatched", "rate"),
            ("received", "no-such-action"),
            ("no-such-status", "dispatch"),
        ],
    )
    def test_illegal_transitions_are_refused(self, status, action):
        with pytest.raises(InvalidTransition) as caught:
            next_status(status, action)
        error = caught.value
        assert error.code == "invalid_transition"
        assert error.status == 409
        sources = sorted(s for (s, a) in TRANSITIONS if a == action)
        assert error.details == {"status": status, "action": action, "allowed_from": sources}
        assert error.as_dict()["code"] == "invalid_transition"

    def test_the_refusal_names_the_status_and_the_action(self):
        with translation.override("en"), pytest.raises(InvalidTransition) as caught:
            next_status("closed", "reply")
        assert "closed" in caught.value.message
        assert "“reply”" in caught.value.message

    def test_an_unknown_action_is_named_as_given(self):
        with translation.override("en"), pytest.raises(InvalidTransition) as caught:
            next_status("received", "fly")
        assert "“fly”" in caught.value.message

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(STATUSES), st.sampled_from(ACTIONS))
    def test_every_pair_is_either_a_transition_or_refused(self, status, action):
        if (status, action) in TRANSITIONS:
            after = next_status(status, action)
            assert after in STATUSES
            assert action in allowed_actions(status)
        else:
            with pytest.raises(InvalidTransition):
                next_status(status, action)
            assert action not in allowed_actions(status)


class TestAllowedActions:
    @pytest.mark.parametrize(
        ("status", "actions"),
        [
            ("received", ["dispatch"]),
            ("returned", ["dispatch"]),
            ("dispatched", ["redispatch", "accept", "return", "reply", "extend"]),
            ("handling", ["redispatch", "return", "reply", "extend"]),
            ("replied", ["close", "reopen"]),
            ("closed", []),
            ("no-such-status", []),
        ],
    )
    def test_actions_of_each_status(self, status, actions):
        assert sorted(allowed_actions(status)) == sorted(actions)

    def test_every_action_is_allowed_by_next_status(self):
        for status in STATUSES:
            for action in allowed_actions(status):
                assert next_status(status, action) in STATUSES

    def test_only_closed_is_final_and_open_statuses_are_the_ones_before_a_reply(self):
        finals = [status for status in STATUSES if not allowed_actions(status)]
        assert finals == ["closed"]
        assert set(rules.OPEN_STATUSES) == {"received", "dispatched", "returned", "handling"}

    def test_labels_cover_the_model_and_the_table(self):
        assert set(rules.STATUS_LABELS) == set(STATUSES)
        assert {action for (_s, action) in TRANSITIONS} <= set(rules.ACTION_LABELS)
        assert set(TRANSITIONS.values()) <= set(STATUSES)
        assert {status for (status, _a) in TRANSITIONS} <= set(STATUSES)


# ---------------------------------------------------------------- time limits


class TestLimitDays:
    def test_defaults(self):
        assert limit_days("demand", "normal") == 13
        assert limit_days("complaint", "normal") == 13
        assert limit_days("suggestion", "normal") == 13
        assert limit_days("inquiry", "normal") == 3
        for type_ in ("demand", "complaint", "suggestion", "inquiry"):
            assert limit_days(type_, "urgent") == 0

    def test_every_type_and_urgency_of_the_model_has_a_default(self):
        pairs = {(t.value, u.value) for t in AppealType for u in Urgency}
        assert set(DEFAULT_LIMITS) == pairs
        for type_, urgency in pairs:
            assert limit_days(type_, urgency) == DEFAULT_LIMITS[(type_, urgency)]

    def test_a_configured_limit_wins_and_the_others_keep_their_default(self):
        configured = {("demand", "normal"): 10, ("inquiry", "urgent"): 1}
        assert limit_days("demand", "normal", configured) == 10
        assert limit_days("inquiry", "urgent", configured) == 1
        assert limit_days("inquiry", "normal", configured) == 3
        assert limit_days("complaint", "normal", configured) == 13

    def test_a_configured_zero_is_kept(self):
        assert limit_days("demand", "normal", {("demand", "normal"): 0}) == 0

    def test_no_or_empty_configuration_means_the_defaults(self):
        assert limit_days("demand", "normal", None) == 13
        assert limit_days("demand", "normal", {}) == 13

    def test_constants(self):
        assert rules.DEFAULT_WARNING_DAYS == 1
        assert rules.MAX_EXTENSION_DAYS == 30


class TestDeadlineState:
    DUE = D(2025, 10, 10)  # a Friday, after the National Day week

    def state(self, today, days_left, warning_days=1, answered=False):
        return deadline_state(
            due=self.DUE,
            today=today,
            days_left=days_left,
            warning_days=warning_days,
            answered=answered,
        )

    def test_answered_wins_even_when_late(self):
        assert self.state(D(2025, 10, 20), -6, answered=True) == "answered"
        assert self.state(D(2025, 9, 1), 20, answered=True) == "answered"

    def test_overdue_after_the_due_day(self):
        assert self.state(D(2025, 10, 11), -1) == "overdue"
        assert self.state(D(2025, 11, 30), -35, warning_days=100) == "overdue"

    def test_warning_on_the_due_day_itself(self):
        assert self.state(self.DUE, 0) == "warning"
        assert self.state(self.DUE, 0, warning_days=0) == "warning"

    def test_warning_when_days_left_is_at_most_warning_days(self):
        assert self.state(D(2025, 10, 9), 1, warning_days=1) == "warning"
        assert self.state(D(2025, 10, 7), 3, warning_days=3) == "warning"
        # the holiday week: today is off, the due day is the next working day but one
        assert self.state(D(2025, 10, 3), 2, warning_days=2) == "warning"

    def test_on_time_otherwise(self):
        assert self.state(D(2025, 10, 8), 2, warning_days=1) == "on_time"
        assert self.state(D(2025, 9, 26), 6, warning_days=1) == "on_time"
        assert self.state(D(2025, 10, 9), 1, warning_days=0) == "on_time"

    @settings(max_examples=200, deadline=None)
    @given(
        offset=st.integers(-60, 60),
        days_left=st.integers(0, 40),
        warning_days=st.integers(0, 5),
        answered=st.booleans(),
    )
    def test_exactly_one_state_in_order(self, offset, days_left, warning_days, answered):
        today = self.DUE + dt.timedelta(days=offset)
        state = self.state(today, days_left, warning_days, answered)
        if answered:
            assert state == "answered"
        elif offset > 0:
            assert state == "overdue"
        elif offset == 0 or days_left <= warning_days:
            assert state == "warning"
        else:
            assert state == "on_time"


# ---------------------------------------------------------------- routing

ENTERPRISE = "/enterprise/"
APPROVAL = "/enterprise/enterprise-approval/"
FINANCE = "/enterprise/enterprise-finance/"
CITY = "/city/"
STREETLIGHT = "/city/streetlight/"
COMMUNITY = "/community/"

WUXI = "/320000/320200/"
LIANGXI = "/320000/320200/320213/"
QINGMINGQIAO = "/320000/320200/320213/320213006/"
HUISHAN = "/320000/320200/320206/"
HUDAI = "/320000/320200/320211/320211102/"


def facts(category=STREETLIGHT, region=QINGMINGQIAO, text="", enterprise=None, person=None):
    return AppealFacts(
        category_path=category,
        region_path=region,
        text=text,
        enterprise_id=enterprise,
        person_id=person,
    )


def routed(rule_list, appeal):
    found = route(rule_list, appeal)
    return None if found is None else found.id


class TestRoute:
    def test_the_first_match_wins_in_the_order_given(self):
        local = RuleSpec(1, department_id=11, category_path=STREETLIGHT, region_path=QINGMINGQIAO)
        city = RuleSpec(2, department_id=12, category_path=STREETLIGHT)
        appeal = facts(STREETLIGHT, QINGMINGQIAO, "南长街路灯一周不亮")
        assert routed([local, city], appeal) == 1
        assert routed([city, local], appeal) == 2
        assert route([local, city], appeal) is local

    def test_a_specific_rule_before_a_general_one(self):
        local = RuleSpec(1, department_id=11, category_path=STREETLIGHT, region_path=QINGMINGQIAO)
        city = RuleSpec(2, department_id=12, category_path=STREETLIGHT)
        assert routed([local, city], facts(STREETLIGHT, HUISHAN, "石澄路路灯不亮")) == 2

    def test_a_category_matches_its_subtree(self):
        city = RuleSpec(1, department_id=11, category_path=CITY)
        assert rule_matches(city, facts(STREETLIGHT))
        assert rule_matches(city, facts(CITY))
        assert not rule_matches(city, facts(COMMUNITY))
        assert not rule_matches(city, facts("/community/housing/"))
        leaf = RuleSpec(2, department_id=11, category_path=STREETLIGHT)
        assert not rule_matches(leaf, facts(CITY))
        assert not rule_matches(leaf, facts("/city/streetlights-old/"))

    def test_a_region_matches_its_subtree(self):
        liangxi = RuleSpec(1, department_id=11, region_path=LIANGXI)
        assert rule_matches(liangxi, facts(region=LIANGXI))
        assert rule_matches(liangxi, facts(region=QINGMINGQIAO))
        assert not rule_matches(liangxi, facts(region=WUXI))
        assert not rule_matches(liangxi, facts(region=HUISHAN))
        assert not rule_matches(liangxi, facts(region=HUDAI))

    def test_a_region_alone_decides(self):
        hudai = RuleSpec(1, department_id=11, region_path=HUDAI)
        assert routed([hudai], facts(COMMUNITY, HUDAI, "小区健身器材损坏")) == 1
        assert routed([hudai], facts(COMMUNITY, HUISHAN, "小区健身器材损坏")) is None

    def test_keywords_match_any_of_them(self):
        agent = RuleSpec(1, department_id=11, category_path=APPROVAL, keywords=("代理", "代办"))
        assert rule_matches(agent, facts(APPROVAL, text="代办人员账号一次只能办一家"))
        assert rule_matches(agent, facts(APPROVAL, text="代理记账机构批量代领执照"))
        assert not rule_matches(agent, facts(APPROVAL, text="食品经营许可变更地址"))
        assert not rule_matches(agent, facts(FINANCE, text="代理记账机构的贷款"))

    def test_a_keyword_alone_decides(self):
        police = RuleSpec(1, department_id=11, keywords=split_keywords("消防通道，违停"))
        assert routed([police], facts(COMMUNITY, HUISHAN, "消防通道长期被私家车占用")) == 1
        assert routed([police], facts(ENTERPRISE, WUXI, "门口违停严重")) == 1
        assert routed([police], facts(COMMUNITY, HUISHAN, "楼道扶手铁锈斑斑")) is None

    def test_enterprise_and_person_conditions(self):
        for_enterprise = RuleSpec(1, department_id=11, enterprise_id=7)
        for_person = RuleSpec(2, department_id=12, person_id=9)
        general = RuleSpec(3, department_id=13)
        rule_list = [for_enterprise, for_person, general]
        assert routed(rule_list, facts(enterprise=7)) == 1
        assert routed(rule_list, facts(enterprise=8)) == 3
        assert routed(rule_list, facts(person=9)) == 2
        assert routed(rule_list, facts(person=10)) == 3
        assert routed(rule_list, facts()) == 3
        assert not rule_matches(for_enterprise, facts(person=7))

    def test_every_condition_must_hold(self):
        rule = RuleSpec(
            1,
            department_id=11,
            category_path=APPROVAL,
            region_path=LIANGXI,
            keywords=("代理",),
            enterprise_id=7,
        )
        good = {"category": APPROVAL, "region": QINGMINGQIAO, "text": "代理", "enterprise": 7}
        assert rule_matches(rule, facts(**good))
        for key, bad in [
            ("category", FINANCE),
            ("region", HUISHAN),
            ("text", "登记"),
            ("enterprise", 8),
        ]:
            assert not rule_matches(rule, facts(**{**good, key: bad}))

    def test_an_empty_rule_matches_anything(self):
        anything = RuleSpec(1, department_id=11)
        assert rule_matches(anything, facts())
        assert rule_matches(anything, facts("", "", ""))

    def test_none_when_nothing_matches(self):
        rule_list = [
            RuleSpec(1, department_id=11, category_path=FINANCE),
            RuleSpec(2, department_id=12, region_path=HUDAI),
            RuleSpec(3, department_id=13, keywords=("代办",)),
        ]
        assert route(rule_list, facts(STREETLIGHT, QINGMINGQIAO, "路灯不亮")) is None
        assert route([], facts()) is None
        assert route(iter(rule_list), facts(FINANCE)).id == 1  # any iterable

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from([CITY, STREETLIGHT, COMMUNITY, ""]), max_size=6))
    def test_route_is_the_first_rule_that_matches(self, categories):
        rule_list = [
            RuleSpec(i, department_id=100 + i, category_path=c) for i, c in enumerate(categories)
        ]
        appeal = facts(STREETLIGHT)
        expected = next((r.id for r in rule_list if STREETLIGHT.startswith(r.category_path)), None)
        assert routed(rule_list, appeal) == expected


class TestSplitKeywords:
    def test_chinese_and_ascii_separators(self):
        text = "路灯,路灯不亮，LED 、灯杆;照明；夜间\t黑\n暗\u3000灯"
        assert split_keywords(text) == (
            "路灯",
            "路灯不亮",
            "LED",
            "灯杆",
            "照明",
            "夜间",
            "黑",
            "暗",
            "灯",
        )

    def test_empty_parts_are_dropped(self):
        assert split_keywords(" ,，代理、、代办 ;") == ("代理", "代办")
        assert split_keywords("") == ()
        assert split_keywords(None) == ()
        assert split_keywords(" ，、；") == ()

    def test_one_keyword(self):
        assert split_keywords("批量代领") == ("批量代领",)


def test_keywords_ignore_case():
    rule = rules.RuleSpec(id=1, department_id=9, keywords=("LED",))
    assert rules.route([rule], facts(text="希望换成led节能灯")) is rule
