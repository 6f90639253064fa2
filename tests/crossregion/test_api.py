"""The cross-region service through the API: each mode, each refusal, and who sees what."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from onething.cases.models import Case
from onething.core import clock
from onething.core.generate import resident_id
from onething.crossregion.models import CrossRegionCase, Handoff

from .conftest import FOOD, FOOD_FORM, FOOD_MATERIALS, HUDAI, WANSHI, XUEYAN

INSURED = {"phone": "13900001111", "start_month": "2026-01"}


def test_proxy_received_here_handled_there(api, proxy_case):
    number = proxy_case["case_number"]
    assert proxy_case["mode"] == "proxy"
    assert proxy_case["receiving_center"]["code"] == "SC-HD"
    assert proxy_case["handling_department"]["code"] == "XY-SCJG"
    assert proxy_case["needs_originals"] and proxy_case["waiting_for_originals"]
    clerk, xueyan = api("clerk.hudai"), api("officer.xueyan")
    # the receiving window forwarded it: it does not accept it
    refused = clerk.post(f"/api/cases/{number}/accept")
    assert refused.status_code == 403 and "雪堰镇" in refused.json()["error"]["message"]
    assert api("clerk.hudai").get(f"/api/cases/{number}").json()["actions"] == []
    assert xueyan.get(f"/api/cases/{number}").json()["actions"] == ["accept", "decline"]
    assert xueyan.post(f"/api/cases/{number}/accept").json()["status"] == "accepted"
    started = clerk.get(f"/api/crossregion/cases/{number}").json()
    assert started["start_minutes"] is not None and 0 <= started["start_minutes"] < 10
    # the originals have not arrived: the conclusion is blocked, with the reason
    blocked = xueyan.post(f"/api/cases/{number}/conclude", {"outcome": "approved"})
    assert blocked.status_code == 409
    assert blocked.json()["error"]["code"] == "originals_missing"
    # the receiving clerk sends them, the handling officer takes them in
    handoff = clerk.post(f"/api/crossregion/cases/{number}/handoffs", {}).json()
    assert handoff["originals"] == ["食品安全管理制度"] and handoff["status"] == "prepared"
    assert clerk.post(f"/api/crossregion/handoffs/{handoff['number']}/send", {}).status_code == 422
    sent = clerk.post(
        f"/api/crossregion/handoffs/{handoff['number']}/send",
        {"carrier": "EMS", "tracking_number": "EMS1234567890"},
    )
    assert sent.json()["status"] == "sent"
    assert (
        clerk.post(f"/api/crossregion/handoffs/{handoff['number']}/receive", {}).status_code == 403
    )
    got = xueyan.post(
        f"/api/crossregion/handoffs/{handoff['number']}/receive", {"outcome": "received"}
    )
    assert got.json()["status"] == "received"
    done = xueyan.post(f"/api/cases/{number}/conclude", {"outcome": "approved"}).json()
    assert done["status"] == "concluded" and done["licence"]["title"] == "食品经营许可证"
    # the result goes back to the receiving window
    assert xueyan.post(f"/api/cases/{number}/hand-over").status_code == 403
    assert api("clerk.xueyan").post(f"/api/cases/{number}/hand-over").status_code == 404
    handed = clerk.post(f"/api/cases/{number}/hand-over")
    assert handed.status_code == 200 and handed.json()["handed_over_at"]
    # the start time was counted from the ticket
    rows = api("supervisor").get("/api/crossregion/figures/start-times").json()
    assert any(r["center_code"] == "SC-HD" and r["cases"] >= 1 for r in rows)


def test_only_the_two_towns_see_a_proxy_case(api, proxy_case):
    number = proxy_case["case_number"]
    assert api("clerk.hudai").get(f"/api/crossregion/cases/{number}").status_code == 200
    assert api("officer.xueyan").get(f"/api/crossregion/cases/{number}").status_code == 200
    # the handling town's centre takes the forwarded case in
    assert api("clerk.xueyan").get(f"/api/crossregion/cases/{number}").status_code == 200
    for outsider in ("clerk.wanshi", "officer.hudai", "officer.binhu"):
        assert api(outsider).get(f"/api/cases/{number}").status_code == 404, outsider
        assert api(outsider).get(f"/api/crossregion/cases/{number}").status_code == 404, outsider
        listed = api(outsider).get("/api/crossregion/cases").json()["items"]
        assert number not in {c["case_number"] for c in listed}


def test_refusals_leave_nothing_behind(api, restaurant):
    clerk = api("clerk.hudai")
    body = {
        "mode": "proxy",
        "handling_region_code": XUEYAN,
        "id_number": resident_id(random.Random(31)),
        "name": "冯洁",
        "item_code": FOOD,
        "form": FOOD_FORM,
        "materials": clerk.uploads(*FOOD_MATERIALS),
        "enterprise_credit_code": restaurant.credit_code,
    }
    before = (Case.objects.count(), CrossRegionCase.objects.count())

    def refused(change, field, rule):
        answer = clerk.post("/api/crossregion/cases/window", {**body, **change})
        assert answer.status_code == 422, answer.content
        problems = {(f["field"], f["rule"]) for f in answer.json()["error"]["details"]["fields"]}
        assert (field, rule) in problems, problems

    refused({"item_code": "320200-SW-101"}, "item_code", "not_listed")  # not on the list
    refused({"mode": "joint"}, "mode", "mode_not_allowed")  # food licence: proxy/online only
    refused({"mode": "online"}, "mode", "choice")  # online is not a window mode
    refused({"handling_region_code": HUDAI}, "handling_region_code", "same_town")
    refused({"handling_region_code": "320213006"}, "handling_region_code", "not_member")
    assert (Case.objects.count(), CrossRegionCase.objects.count()) == before


def test_a_town_not_yet_a_member_that_day(api, city):
    """万石镇 joined on 2023-03-01: a case between 胡埭 and 万石 in 2022 is refused."""
    from onething.crossregion.services.intake import cross_region_intake

    clerk = city.actor("clerk.hudai")
    with clock.frozen(dt.datetime(2022, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        try:
            cross_region_intake(
                actor=clerk,
                mode="proxy",
                handling_region_code=WANSHI,
                id_number=resident_id(random.Random(32)),
                name="褚明",
                item_code="320200-SB-002",
                form=INSURED,
                material_ids=[],
            )
        except Exception as error:
            problems = {(p.field, p.rule) for p in error.problems}
        else:
            raise AssertionError("accepted a town before it joined")
    assert ("handling_region_code", "not_member") in problems


def test_handoff_of_a_case_without_paper_originals_is_409(api):
    clerk = api("clerk.hudai")
    case = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "proxy",
            "handling_region_code": XUEYAN,
            "id_number": resident_id(random.Random(33)),
            "name": "陶然",
            "item_code": "320200-SB-002",
            "form": INSURED,
            "materials": clerk.uploads("id-card"),
        },
    ).json()
    assert case["needs_originals"] is False
    answer = clerk.post(f"/api/crossregion/cases/{case['case_number']}/handoffs", {})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "no_originals"
    assert not Handoff.objects.filter(case__number=case["case_number"]).exists()
    # an instant item taken in for another town is not concluded at this window
    assert case["status"] == "submitted"
    assert (
        clerk.post(
            f"/api/cases/{case['case_number']}/conclude", {"outcome": "approved"}
        ).status_code
        == 403
    )


def test_online_in_another_town(api):
    zhang = api("zhangwei")  # lives in 胡埭镇
    answer = zhang.post(
        "/api/crossregion/cases",
        {
            "handling_region_code": XUEYAN,
            "item_code": "320200-SB-002",
            "form": INSURED,
            "materials": zhang.uploads("id-card"),
        },
    )
    assert answer.status_code == 201, answer.content
    record = answer.json()
    assert record["mode"] == "online"
    assert record["receiving_town"]["code"] == HUDAI and record["handling_town"]["code"] == XUEYAN
    assert record["handling_department"]["code"] == "XY-RS"
    assert record["receiving_center"]["code"] == "SC-XY"  # the handling town's centre checks it
    assert api("clerk.xueyan").post(f"/api/cases/{record['case_number']}/accept").status_code == 200


def test_joint_case_concludes_when_both_parts_have(api, officer):
    clerk = api("clerk.hudai")
    item = "320200-SSDJ-003"  # 个体工商户变更登记, joint allowed
    form = {
        "business_name": "胡埭湖鲜小吃店",
        "operator_name": "张伟",
        "operator_id": "11010519491231002X",
        "address": "武进区雪堰镇1号",
        "scope": "小吃服务",
    }
    case = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "joint",
            "handling_region_code": XUEYAN,
            "id_number": resident_id(random.Random(34)),
            "name": "柏林",
            "item_code": item,
            "form": form,
            "materials": clerk.uploads("id-card", "application-form", "business-licence"),
        },
    ).json()
    number = case["case_number"]
    assert [(p["department"]["code"], p["lead"]) for p in case["parts"]] == [
        ("XY-SCJG", True),
        ("HD-SCJG", False),
    ]
    lead, partner = api("officer.xueyan"), api("officer.hudai")
    # the partner sees the case, but the leading department accepts it
    assert partner.get(f"/api/cases/{number}").status_code == 200
    assert partner.post(f"/api/cases/{number}/accept").status_code == 403
    assert (
        partner.post(f"/api/crossregion/cases/{number}/part", {"outcome": "approved"}).status_code
        == 409
    )
    lead.post(f"/api/cases/{number}/accept")
    assert (
        lead.post(f"/api/cases/{number}/conclude", {"outcome": "approved"}).json()["error"]["code"]
        == "parts_pending"
    )
    assert (
        lead.post(f"/api/crossregion/cases/{number}/part", {"outcome": "approved"}).json()["status"]
        == "approved"
    )
    assert (
        lead.post(f"/api/crossregion/cases/{number}/part", {"outcome": "approved"}).status_code
        == 409
    )
    assert api("clerk.hudai").get(f"/api/cases/{number}").json()["status"] == "accepted"
    partner.post(f"/api/crossregion/cases/{number}/part", {"outcome": "approved"})
    final = lead.get(f"/api/cases/{number}").json()
    assert final["status"] == "concluded" and final["outcome"] == "approved" and final["licence"]
    assert officer("WS-SCJG").get(f"/api/cases/{number}").status_code == 404


def test_joint_denial_by_one_part_denies_the_case(api):
    clerk = api("clerk.hudai")
    form = {
        "business_name": "店",
        "operator_name": "张伟",
        "operator_id": "11010519491231002X",
        "address": "雪堰镇",
        "scope": "零售",
    }
    number = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "joint",
            "handling_region_code": XUEYAN,
            "id_number": resident_id(random.Random(35)),
            "name": "丁一",
            "item_code": "320200-SSDJ-003",
            "form": form,
            "materials": clerk.uploads("id-card", "application-form", "business-licence"),
        },
    ).json()["case_number"]
    lead, partner = api("officer.xueyan"), api("officer.hudai")
    lead.post(f"/api/cases/{number}/accept")
    assert (
        partner.post(f"/api/crossregion/cases/{number}/part", {"outcome": "denied"}).status_code
        == 422
    )
    partner.post(
        f"/api/crossregion/cases/{number}/part", {"outcome": "denied", "note": "经营场所不在本镇"}
    )
    lead.post(f"/api/crossregion/cases/{number}/part", {"outcome": "approved"})
    final = lead.get(f"/api/cases/{number}").json()
    assert final["outcome"] == "denied" and "经营场所不在本镇" in final["outcome_reason"]


def test_figures_and_options_are_public(api, proxy_case):
    anonymous = api(None)
    periods = anonymous.get("/api/crossregion/figures/periods", period="half").json()
    assert sum(p["cases"] for p in periods) == CrossRegionCase.objects.count()
    pairs = anonymous.get("/api/crossregion/figures/pairs").json()
    assert any(p["receiving_code"] == HUDAI and p["handling_code"] == XUEYAN for p in pairs)
    modes = anonymous.get("/api/crossregion/figures/modes").json()
    # the seed's five modes as four routings, in the seed's order, none left out
    assert [(m["key"], m["terms"]) for m in modes] == [
        ("proxy", ["收办分离", "代收代办"]),
        ("online", ["全程网办"]),
        ("collaborative", ["高效协同"]),
        ("joint", ["两地联办"]),
    ]
    assert next(m for m in modes if m["key"] == "proxy")["cases"] >= 1
    projection = anonymous.get("/api/crossregion/figures/projection").json()
    assert projection["method"] in ("seasonal", "linear") and projection["so_far"] >= 1
    assert anonymous.get("/api/crossregion/figures/periods", period="week").status_code == 422
    options = anonymous.get(
        "/api/crossregion/options", item_code=FOOD, home_region_code=HUDAI
    ).json()
    towns = {(o["town"]["code"], tuple(o["modes"]), o["home"]) for o in options}
    # the food licence: online, at a window for another town, or 高效协同 at home
    modes = ("collaborative", "online", "proxy")
    assert (XUEYAN, modes, False) in towns and (HUDAI, modes, True) in towns
    alliances = anonymous.get("/api/crossregion/alliances").json()
    assert len(alliances[0]["items"]) == 29
