"""收办分离 routing (issue 17): a case taken in at 万石镇 for 胡埭镇 is in the list where each
town has something to do — 胡埭's window takes it in (its 待受理), 万石's window follows it
under 代收件 (the originals to post, the result to hand over) and no longer in its own
acceptance queue; a third town sees nothing of it."""

import random

import pytest

from onething.cases.models import Case
from onething.core.generate import resident_id
from onething.crossregion.models import CrossRegionCase
from onething.crossregion.rules import FORWARDED_STAGES, forwarded_stage

from .conftest import HUDAI

INSURED_ITEM = "320200-SB-002"
INSURED = {"phone": "13900001111", "start_month": "2026-01"}


@pytest.fixture
def forwarded(api):
    """A walk-in at 万石镇 applies for an item 胡埭镇 handles (proxy)."""
    clerk = api("clerk.wanshi")
    answer = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "proxy",
            "handling_region_code": HUDAI,
            "id_number": resident_id(random.Random(1717)),
            "name": "钱立新",
            "item_code": INSURED_ITEM,
            "form": INSURED,
            "materials": clerk.uploads("id-card"),
            "delivery": "window",
        },
    )
    assert answer.status_code == 201, answer.content
    return answer.json()["case_number"]


def page(city, username, url):
    answer = city.client(username, "en").get(url)
    return answer.status_code, answer.content.decode()


def test_the_handling_towns_clerk_takes_it_in_from_the_workbench(city, forwarded):
    number = forwarded
    record = CrossRegionCase.objects.get(case__number=number)
    assert record.handling_center.code == "SC-HD"  # 胡埭镇便民服务中心
    # 胡埭: in the acceptance queue, with the actions
    status, html = page(city, "clerk.hudai", "/workbench/")
    assert status == 200 and number in html
    status, html = page(city, "clerk.hudai", f"/cases/{number}/")
    assert status == 200 and 'data-testid="do-accept"' in html
    assert 'data-testid="do-decline"' in html
    hudai = city.client("clerk.hudai", "en")
    accepted = hudai.post(f"/cases/{number}/act/accept/", {})
    assert accepted.status_code == 302, accepted.content.decode()[-2000:]
    assert Case.objects.get(number=number).status == "accepted"
    # no longer waiting for acceptance; a correction can be asked for
    assert number not in page(city, "clerk.hudai", "/workbench/")[1]
    assert (
        'data-testid="do-request_correction"' in page(city, "clerk.hudai", f"/cases/{number}/")[1]
    )
    asked = hudai.post(
        f"/cases/{number}/act/request_correction/",
        {"request_correction-reason": "参保起始月份与合同不一致"},
    )
    assert asked.status_code == 302, asked.content.decode()[-2000:]
    assert Case.objects.get(number=number).status == "correction_requested"


def test_the_receiving_town_follows_it_under_taken_in_not_to_accept(city, forwarded):
    number = forwarded
    status, html = page(city, "clerk.wanshi", "/workbench/")
    assert status == 200 and number not in html  # nothing it could do there
    assert 'data-testid="queue-taken-in"' in html  # the tab to the cases it took in
    status, html = page(city, "clerk.wanshi", "/workbench/taken-in/")
    assert status == 200 and number in html
    assert 'data-state="forwarded"' in html and "胡埭镇" in html
    # the case page offers it no acceptance
    status, html = page(city, "clerk.wanshi", f"/cases/{number}/")
    assert status == 200 and 'data-testid="do-accept"' not in html
    refused = city.client("clerk.wanshi", "en").post(f"/cases/{number}/act/accept/", {})
    assert refused.status_code == 403 and "胡埭镇" in refused.content.decode()
    assert Case.objects.get(number=number).status == "submitted"
    # 胡埭 took nothing in for other towns here
    assert number not in page(city, "clerk.hudai", "/workbench/taken-in/")[1]
    # in Chinese by default
    chinese = city.client("clerk.wanshi").get("/workbench/taken-in/").content.decode()
    assert "代收件" in chinese and "已转交" in chinese


def test_a_third_town_sees_and_does_nothing(city, api, forwarded):
    number = forwarded
    for url in ("/workbench/", "/workbench/taken-in/", "/workbench/?queue=all"):
        status, html = page(city, "clerk.xueyan", url)
        assert status == 200 and number not in html, url
    assert page(city, "clerk.xueyan", f"/cases/{number}/")[0] == 404
    xueyan = city.client("clerk.xueyan", "en")
    assert xueyan.post(f"/cases/{number}/act/accept/", {}).status_code == 404
    assert api("clerk.xueyan").post(f"/api/cases/{number}/accept").status_code == 404
    listed = api("clerk.xueyan").get("/api/crossregion/taken-in").json()["items"]
    assert number not in {r["case_number"] for r in listed}
    assert Case.objects.get(number=number).status == "submitted"


def test_the_same_lists_through_the_api(api, forwarded):
    number = forwarded
    hudai, wanshi = api("clerk.hudai"), api("clerk.wanshi")
    waiting = hudai.get("/api/cases", status="submitted").json()["items"]
    assert number in {c["number"] for c in waiting}
    assert hudai.get(f"/api/cases/{number}").json()["actions"] == ["accept", "decline"]
    assert wanshi.get(f"/api/cases/{number}").json()["actions"] == []
    refused = wanshi.post(f"/api/cases/{number}/accept")
    assert refused.status_code == 403 and "胡埭镇" in refused.json()["error"]["message"]
    (row,) = [
        r
        for r in wanshi.get("/api/crossregion/taken-in").json()["items"]
        if r["case_number"] == number
    ]
    assert row["stage"] == "forwarded" and row["action_here"] is False
    assert row["handling_center"]["code"] == "SC-HD"
    assert number not in {
        r["case_number"] for r in hudai.get("/api/crossregion/taken-in").json()["items"]
    }
    accepted = hudai.post(f"/api/cases/{number}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    (row,) = [
        r
        for r in wanshi.get("/api/crossregion/taken-in").json()["items"]
        if r["case_number"] == number
    ]
    assert row["stage"] == "handling"
    # the handling clerk may not conclude: the handling department does
    assert hudai.post(f"/api/cases/{number}/conclude", {"outcome": "approved"}).status_code == 403


def test_the_originals_are_the_receiving_windows_step(city, api, proxy_case):
    """胡埭 took a food licence in for 雪堰: its 代收件 tab says to post the originals, then
    that 雪堰 receives them."""
    number = proxy_case["case_number"]
    clerk = api("clerk.hudai")

    def stage():
        rows = clerk.get("/api/crossregion/taken-in").json()["items"]
        return next((r["stage"], r["action_here"]) for r in rows if r["case_number"] == number)

    assert stage() == ("prepare", True)
    html = page(city, "clerk.hudai", "/workbench/taken-in/")[1]
    assert f"/cases/{number}/#cross-region" in html
    handoff = clerk.post(f"/api/crossregion/cases/{number}/handoffs", {}).json()
    assert stage() == ("post", True)
    clerk.post(
        f"/api/crossregion/handoffs/{handoff['number']}/send",
        {"carrier": "EMS", "tracking_number": "EMS1717"},
    )
    assert stage() == ("in_transit", False)
    # 雪堰's clerk has it waiting for acceptance
    assert number in page(city, "clerk.xueyan", "/workbench/")[1]


def stage(**change):
    facts = {
        "case_status": "submitted",
        "outcome": "",
        "delivery": "window",
        "handed_over": False,
        "needs_originals": False,
        "handoff_status": None,
    }
    return forwarded_stage(**(facts | change))


def test_the_stages_of_a_forwarded_case():
    assert stage() == "forwarded"
    assert stage(needs_originals=True) == "prepare"
    assert stage(needs_originals=True, handoff_status="prepared") == "post"
    assert stage(needs_originals=True, handoff_status="sent") == "in_transit"
    assert stage(needs_originals=True, handoff_status="damaged") == "resend"
    assert stage(needs_originals=True, handoff_status="received") == "forwarded"
    assert stage(case_status="accepted") == "handling"
    assert stage(case_status="correction_requested") == "correction"
    done = {"case_status": "concluded", "outcome": "approved"}
    assert stage(**done) == "hand_over"
    assert stage(**done, handed_over=True) == "closed"
    assert stage(**done, delivery="electronic") == "closed"
    assert stage(case_status="declined", needs_originals=True) == "closed"
    assert {s for s, ours in FORWARDED_STAGES.items() if ours} == {
        "prepare",
        "post",
        "resend",
        "hand_over",
    }
