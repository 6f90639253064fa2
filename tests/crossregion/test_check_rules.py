"""高效协同's pure rules, without a database: the data check's lifecycle on the one
mechanism, what a request and an answer must say (every problem at once), when a
collaborative case may be concluded, the time to answer in working days, and the use of
an alliance in the fifth mode."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from onething.core.errors import InvalidTransition
from onething.core.workdays import OfficialCalendar
from onething.crossregion.rules import (
    MODES,
    WINDOW_MODES,
    AllianceState,
    Listing,
    Membership,
    mode_label,
    use_problems,
)
from onething.crossregion.rules.checks import (
    CHECK_LIFECYCLE,
    CheckState,
    answer_problems,
    check_due,
    check_next,
    conclusion_refusal,
    may_ask_again,
    request_problems,
    time_to_answer,
)

HUDAI, XUEYAN, WANSHI = "320211102", "320412114", "320282107"


def test_the_fifth_mode_is_its_own():
    assert MODES == ("online", "proxy", "joint", "collaborative")
    assert WINDOW_MODES == ("proxy", "joint", "collaborative")
    with translation.override("zh-hans"):
        assert mode_label("collaborative") == "高效协同"
        assert mode_label("proxy") == "收办分离 / 代收代办"


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("requested", "answer", "answered"),
        ("requested", "withdraw", "withdrawn"),
        ("answered", "ask_again", "superseded"),
    ],
)
def test_allowed_moves(status, action, after):
    assert check_next(status, action) == after


def test_another_move_is_a_409_naming_the_status():
    with translation.override("en"), pytest.raises(InvalidTransition) as caught:
        check_next("answered", "answer")
    assert caught.value.status == 409
    assert caught.value.message == "A data check that is Answered cannot be changed this way."
    assert caught.value.details["allowed_from"] == ["requested"]
    with translation.override("zh-hans"), pytest.raises(InvalidTransition) as caught:
        check_next("withdrawn", "answer")
    assert "数据核验不能这样变更" in caught.value.message
    assert CHECK_LIFECYCLE.actions("requested") == ["answer", "withdraw"]
    assert all(CHECK_LIFECYCLE.is_final(s) for s in ("withdrawn", "superseded"))


def _problems(found):
    return {(p.field, p.rule) for p in found}


def test_a_request_says_what_to_check_and_by_when_every_problem_at_once():
    assert request_problems(["营业执照登记信息"], 2) == []
    assert _problems(request_problems([], 0)) == {
        ("questions", "required"),
        ("due_days", "range"),
    }
    assert _problems(request_problems(["户籍", "", "字" * 201, "户籍"], 11)) == {
        ("questions.1", "required"),
        ("questions.2", "max_length"),
        ("questions", "duplicate"),
        ("due_days", "range"),
    }
    assert _problems(request_problems([f"第{i}项" for i in range(11)], 2)) == {
        ("questions", "max_items")
    }


def test_an_answer_other_than_confirmed_says_why():
    assert answer_problems("confirmed", "") == []
    assert answer_problems("mismatch", "住所不一致") == []
    assert _problems(answer_problems("mismatch", "  ")) == {("note", "required")}
    assert _problems(answer_problems("cannot_verify", "")) == {("note", "required")}
    assert _problems(answer_problems("maybe", "字" * 1001)) == {
        ("result", "choice"),
        ("note", "max_length"),
    }


def test_an_approval_waits_for_every_answer_and_no_standing_mismatch():
    open_one = CheckState("HX1", "武进区市场监督管理局雪堰分局", "requested")
    confirmed = CheckState("HX2", "雪堰镇人力资源和社会保障服务所", "answered", "confirmed")
    mismatch = CheckState("HX3", "武进区市场监督管理局雪堰分局", "answered", "mismatch")
    asked_again = CheckState("HX4", "武进区市场监督管理局雪堰分局", "superseded", "mismatch")
    unverifiable = CheckState("HX5", "雪堰镇医疗保障服务站", "answered", "cannot_verify")
    withdrawn = CheckState("HX6", "雪堰镇社会事业局", "withdrawn")
    assert conclusion_refusal([], "approved") is None
    assert conclusion_refusal([open_one, confirmed], "approved") == ("checks_open", [open_one])
    assert conclusion_refusal([mismatch, confirmed], "approved") == ("check_mismatch", [mismatch])
    # asked again (the earlier mismatch superseded), unverifiable, withdrawn: no block
    assert conclusion_refusal([asked_again, confirmed, unverifiable, withdrawn], "approved") is None
    # a denial waits for nothing
    assert conclusion_refusal([open_one, mismatch], "denied") is None


def test_what_may_be_asked_again():
    assert may_ask_again("answered", "mismatch")
    assert may_ask_again("answered", "cannot_verify")
    assert not may_ask_again("answered", "confirmed")
    assert not may_ask_again("requested", "")


def test_the_time_to_answer_counts_working_days_through_the_national_day():
    cal = OfficialCalendar()
    friday = dt.date(2025, 9, 26)
    # Sunday 28 September is a make-up workday; 1–8 October are the holiday
    assert check_due(friday, 2, cal).date == dt.date(2025, 9, 29)
    assert time_to_answer(friday, friday, cal) == 0
    assert time_to_answer(friday, dt.date(2025, 9, 28), cal) == 1
    assert time_to_answer(friday, dt.date(2025, 10, 9), cal) == 4
    assert time_to_answer(dt.date(2025, 10, 9), friday, cal) == 0  # never negative


def _state(*listings) -> AllianceState:
    return AllianceState(
        code="xi-chang-3",
        name="锡常宜跨域通办联盟",
        members=(
            Membership(HUDAI, dt.date(2021, 6, 18)),
            Membership(XUEYAN, dt.date(2021, 6, 18)),
            Membership(WANSHI, dt.date(2023, 3, 1)),
        ),
        listings=listings,
    )


def test_an_alliance_use_in_the_fifth_mode_names_the_partner_town():
    state = _state(
        Listing("320200-SSDJ-001", frozenset({"proxy", "collaborative"}), dt.date(2021, 6, 18)),
        Listing("320200-SB-002", frozenset({"online", "proxy"}), dt.date(2021, 6, 18)),
    )
    day = dt.date(2025, 3, 3)

    def use(item, partner, on=day):
        return use_problems(
            state,
            item_code=item,
            item_name=item,
            mode="collaborative",
            receiving=(HUDAI, "胡埭镇"),
            handling=(partner, "某镇"),
            day=on,
            other_field="partner_region_code",
        )

    assert use("320200-SSDJ-001", XUEYAN) == []
    assert _problems(use("320200-SSDJ-001", HUDAI)) == {("partner_region_code", "same_town")}
    assert _problems(use("320200-SSDJ-001", WANSHI, dt.date(2022, 5, 5))) == {
        ("partner_region_code", "not_member")
    }
    with translation.override("zh-hans"):
        refused = use("320200-SB-002", XUEYAN)
    assert _problems(refused) == {("mode", "mode_not_allowed")}
    # the modes allowed are named as people read them, not by their codes
    assert "全程网办" in refused[0].message and "online" not in refused[0].message
