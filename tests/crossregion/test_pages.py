"""The cross-region pages through Django's test client: the panel on the case page (seen by
the two towns only), its hand-off and part forms (a refusal shown in the panel with its
status, nothing changed), the clerk's cross-region intake (422 beside the field and nothing
written on bad input) and the applicant's choice of town and online application."""

import random

from django.core.files.uploadedfile import SimpleUploadedFile

from onething.cases.models import Case, Material
from onething.core.generate import resident_id
from onething.crossregion.models import Arrival, CasePart, CrossRegionCase, Handoff
from tests import files

from .conftest import FOOD, FOOD_FORM, FOOD_MATERIALS, HUDAI, WANSHI, XUEYAN

INTAKE = "/workbench/cross-region/"
SB = "320200-SB-002"  # 职工参保登记: on the list, online and proxy
JOINT_ITEM = "320200-SSDJ-003"  # 个体工商户变更登记: joint allowed
JOINT_FORM = {
    "business_name": "胡埭湖鲜小吃店",
    "operator_name": "张伟",
    "operator_id": "11010519491231002X",
    "address": "武进区雪堰镇1号",
    "scope": "小吃服务",
}


def act(client, number, action, data=None):
    return client.post(f"/cases/{number}/cross-region/{action}/", data or {})


def refusal(answer):
    html = answer.content.decode()
    assert 'data-testid="crossregion-refusal"' in html, html[-3000:]
    return html


def written():
    return (
        Case.objects.count(),
        CrossRegionCase.objects.count(),
        Material.objects.filter(case__isnull=False).count(),  # uploads are kept, unattached
        Handoff.objects.count(),
    )


def test_the_panel_is_shown_to_the_two_towns_only(city, proxy_case):
    number = proxy_case["case_number"]
    url = f"/cases/{number}/"
    clerk = city.client("clerk.hudai", "en").get(url).content.decode()
    assert 'data-testid="cross-region-panel"' in clerk and 'data-mode="proxy"' in clerk
    assert "胡埭镇便民服务中心" in clerk and "雪堰镇" in clerk
    assert 'data-testid="waiting-for-originals"' in clerk and "食品安全管理制度" in clerk
    assert "ticket A017" in clerk  # the arrival from the queue ticket
    assert 'data-testid="handoff-prepare"' in clerk  # the receiving clerk prepares
    officer = city.client("officer.xueyan", "en").get(url).content.decode()
    assert 'data-testid="cross-region-panel"' in officer
    assert 'data-testid="handoff-prepare"' not in officer
    # the handling town's clerk takes it in: the panel, not the receiving window's forms
    handling = city.client("clerk.xueyan", "en").get(url).content.decode()
    assert 'data-testid="cross-region-panel"' in handling
    assert 'data-testid="handoff-prepare"' not in handling
    assert 'data-testid="do-accept"' in handling
    assert act(city.client("clerk.xueyan", "en"), number, "prepare").status_code == 404
    for outsider in ("clerk.wanshi", "officer.hudai"):
        client = city.client(outsider, "en")
        assert client.get(url).status_code == 404, outsider
        posted = act(client, number, "prepare")
        assert posted.status_code == 404, outsider
        assert 'data-testid="cross-region-panel"' not in posted.content.decode()
    assert not Handoff.objects.filter(case__number=number).exists()
    # in Chinese by default
    page = city.client("clerk.hudai").get(url).content.decode()
    assert "跨域通办" in page


def test_the_hand_off_forms(city, proxy_case):
    number = proxy_case["case_number"]
    clerk, officer = city.client("clerk.hudai", "en"), city.client("officer.xueyan", "en")
    prepared = act(clerk, number, "prepare", {"prepare-note": "原件一份"})
    assert prepared.status_code == 302 and prepared["Location"].endswith(
        f"/cases/{number}/#cross-region"
    )
    handoff = Handoff.objects.get(case__number=number)
    assert handoff.status == "prepared" and handoff.originals == ["食品安全管理制度"]
    page = clerk.get(f"/cases/{number}/").content.decode()
    assert "prepared: pack the originals" in page and 'data-testid="handoff-send"' in page
    # a second one while the first is on its way: 409, shown in the panel
    again = act(clerk, number, "prepare")
    assert again.status_code == 409
    assert 'data-code="handoff_exists"' in refusal(again)
    # sent without a tracking number: 422 beside the field, nothing changed
    no_tracking = act(
        clerk, number, "send", {"send-handoff": handoff.number, "send-carrier": "EMS"}
    )
    assert no_tracking.status_code == 422
    assert 'data-field="tracking_number"' in refusal(no_tracking)
    assert Handoff.objects.get(pk=handoff.pk).status == "prepared"
    # the officer cannot send, the clerk cannot receive: 403 with the reason
    assert officer.get(f"/cases/{number}/").status_code == 200
    sent_by_officer = act(
        officer,
        number,
        "send",
        {"send-handoff": handoff.number, "send-tracking_number": "EMS1"},
    )
    assert sent_by_officer.status_code == 403 and 'data-status="403"' in refusal(sent_by_officer)
    sent = act(
        clerk,
        number,
        "send",
        {
            "send-handoff": handoff.number,
            "send-carrier": "EMS",
            "send-tracking_number": "EMS1234567890",
        },
    )
    assert sent.status_code == 302
    assert Handoff.objects.get(pk=handoff.pk).status == "sent"
    received_by_clerk = act(clerk, number, "receive", {"receive-handoff": handoff.number})
    assert received_by_clerk.status_code == 403
    page = officer.get(f"/cases/{number}/").content.decode()
    assert 'data-testid="handoff-receive"' in page and "EMS1234567890" in page
    # reported missing without saying what: 422 beside the note
    unsaid = act(
        officer,
        number,
        "receive",
        {"receive-handoff": handoff.number, "receive-outcome": "missing"},
    )
    assert unsaid.status_code == 422 and 'data-field="note"' in refusal(unsaid)
    assert Handoff.objects.get(pk=handoff.pk).status == "sent"
    # a tampered hand-off number: not found
    assert act(officer, number, "receive", {"receive-handoff": "nope"}).status_code == 404
    got = act(
        officer,
        number,
        "receive",
        {"receive-handoff": handoff.number, "receive-outcome": "received"},
    )
    assert got.status_code == 302
    handoff.refresh_from_db()
    assert handoff.status == "received" and handoff.received_by.username == "officer.xueyan"
    page = officer.get(f"/cases/{number}/").content.decode()
    assert 'data-testid="waiting-for-originals"' not in page
    assert 'data-status="received"' in page
    # an unknown action
    assert act(clerk, number, "teleport").status_code == 404


def test_a_damaged_hand_off_is_prepared_again(city, proxy_case):
    number = proxy_case["case_number"]
    clerk, officer = city.client("clerk.hudai", "en"), city.client("officer.xueyan", "en")
    act(clerk, number, "prepare")
    first = Handoff.objects.get(case__number=number)
    act(clerk, number, "send", {"send-handoff": first.number, "send-tracking_number": "SF1"})
    damaged = act(
        officer,
        number,
        "receive",
        {
            "receive-handoff": first.number,
            "receive-outcome": "damaged",
            "receive-note": "封袋破损，原件浸水",
        },
    )
    assert damaged.status_code == 302
    page = clerk.get(f"/cases/{number}/").content.decode()
    assert "封袋破损" in page and 'data-testid="handoff-prepare"' in page
    assert act(clerk, number, "prepare").status_code == 302
    assert Handoff.objects.filter(case__number=number).count() == 2


def test_the_part_decision(city, api):
    clerk = api("clerk.hudai")
    number = clerk.post(
        "/api/crossregion/cases/window",
        {
            "mode": "joint",
            "handling_region_code": XUEYAN,
            "id_number": resident_id(random.Random(41)),
            "name": "柏杨",
            "item_code": JOINT_ITEM,
            "form": JOINT_FORM,
            "materials": clerk.uploads("id-card", "application-form", "business-licence"),
        },
    ).json()["case_number"]
    lead, partner = city.client("officer.xueyan", "en"), city.client("officer.hudai", "en")
    page = partner.get(f"/cases/{number}/").content.decode()
    assert 'data-testid="joint-parts"' in page and 'data-testid="part-decide"' not in page
    # before acceptance: 409 with the reason
    early = act(partner, number, "decide", {"decide-outcome": "approved", "decide-confirm": "on"})
    assert early.status_code == 409 and 'data-status="409"' in refusal(early)
    api("officer.xueyan").post(f"/api/cases/{number}/accept")
    assert 'data-testid="part-decide"' in partner.get(f"/cases/{number}/").content.decode()
    # denied without a reason: 422 beside the note, the part still pending
    unreasoned = act(
        partner, number, "decide", {"decide-outcome": "denied", "decide-confirm": "on"}
    )
    assert unreasoned.status_code == 422 and 'data-field="note"' in refusal(unreasoned)
    assert CasePart.objects.get(case__number=number, lead=False).status == "pending"
    assert (
        act(
            lead, number, "decide", {"decide-outcome": "approved", "decide-confirm": "on"}
        ).status_code
        == 302
    )
    page = lead.get(f"/cases/{number}/").content.decode()
    assert "concludes when every part has" in page
    assert 'data-testid="part-decide"' not in page  # decided
    # a clerk has no part: 403
    confirmed = {"decide-outcome": "approved", "decide-confirm": "on"}
    assert act(city.client("clerk.hudai", "en"), number, "decide", confirmed).status_code == 403
    # without the confirmation: refused beside the box, the part still pending
    unconfirmed = act(partner, number, "decide", {"decide-outcome": "approved"})
    assert unconfirmed.status_code == 422 and 'data-field="confirm"' in refusal(unconfirmed)
    assert CasePart.objects.get(case__number=number, lead=False).status == "pending"
    done = act(
        partner,
        number,
        "decide",
        {"decide-outcome": "approved", "decide-note": "同意", "decide-confirm": "on"},
    )
    assert done.status_code == 302
    case = Case.objects.get(number=number)
    assert case.status == "concluded" and case.outcome == "approved"
    assert "the case is concluded" in partner.get(f"/cases/{number}/").content.decode()


def intake_post(arrival=None, materials=FOOD_MATERIALS, **change):
    data = {
        "handling_region_code": XUEYAN,
        "mode": "proxy",
        "item_code": FOOD,
        "arrival_id": arrival or "",
        "idempotency_key": f"cr-page-{random.random()}",
        "id_number": "11010519491231002X",
        "name": "吴国强",
        "phone": "13912345678",
        "enterprise_credit_code": "",
        "delivery": "window",
    }
    data |= {f"form.{k}": v for k, v in FOOD_FORM.items()}
    for code in materials:
        data[f"materials.{code}"] = SimpleUploadedFile(f"{code}.pdf", files.pdf())
    return data | change


def test_the_clerks_intake(city, restaurant):
    clerk = city.client("clerk.hudai", "en")
    first = clerk.get(INTAKE)
    html = first.content.decode()
    assert first.status_code == 200 and 'data-testid="arrival-form"' in html
    # the other towns of the alliance today, not the clerk's own
    assert f'value="{XUEYAN}"' in html and f'value="{WANSHI}"' in html
    assert f'value="{HUDAI}"' not in html
    # the start click: an arrival at the clerk's centre, the page continues with it
    started = clerk.post("/workbench/cross-region/start/", {})
    arrival = Arrival.objects.latest("id")
    assert started.status_code == 302 and started["Location"].endswith(f"?arrival={arrival.pk}")
    assert arrival.center.code == "SC-HD" and arrival.source == "start"
    future = clerk.post("/workbench/cross-region/start/", {"arrived_at": "2099-01-01T09:00"})
    assert future.status_code == 422 and 'data-field="arrived_at"' in future.content.decode()
    # the item list follows the mode: joint lists only the joint items
    joint = clerk.get(INTAKE, {"town": XUEYAN, "mode": "joint", "arrival": arrival.pk})
    assert JOINT_ITEM in joint.content.decode() and FOOD not in joint.content.decode()
    wrong_mode = clerk.get(INTAKE, {"town": XUEYAN, "mode": "joint", "item": FOOD})
    assert wrong_mode.status_code == 422 and 'data-field="mode"' in wrong_mode.content.decode()
    unlisted = clerk.get(INTAKE, {"town": XUEYAN, "mode": "proxy", "item": "320200-SW-101"})
    assert unlisted.status_code == 422 and 'data-field="item"' in unlisted.content.decode()
    chosen = clerk.get(
        INTAKE, {"town": XUEYAN, "mode": "proxy", "item": FOOD, "arrival": arrival.pk}
    )
    html = chosen.content.decode()
    assert chosen.status_code == 200 and 'data-testid="crossregion-intake-form"' in html
    assert 'name="enterprise_credit_code"' in html and 'data-testid="paper-original"' in html
    assert f'name="arrival_id" value="{arrival.pk}"' in html
    # bad input: 422 beside the field, nothing written
    before = written()
    for change, field in (
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"id_number": ""}, "id_number"),
        ({"enterprise_credit_code": "91320211MA1Q8L7W0J"}, "enterprise_credit_code"),
        ({"form.category": "宇宙食品"}, "form.category"),
    ):
        refused = clerk.post(
            INTAKE,
            intake_post(arrival.pk, enterprise_credit_code=restaurant.credit_code) | change,
        )
        assert refused.status_code == 422, change
        body = refused.content.decode()
        assert f'data-field="{field}"' in body and 'data-testid="refused"' in body, field
    missing = clerk.post(
        INTAKE,
        intake_post(
            arrival.pk,
            materials=FOOD_MATERIALS[:-1],
            enterprise_credit_code=restaurant.credit_code,
        ),
    )
    assert missing.status_code == 422
    assert 'data-field="materials.premises-proof"' in missing.content.decode()
    assert written() == before
    # the application taken: forwarded to 雪堰, with the arrival
    taken = clerk.post(
        INTAKE, intake_post(arrival.pk, enterprise_credit_code=restaurant.credit_code)
    )
    assert taken.status_code == 302, taken.content.decode()[-2000:]
    record = CrossRegionCase.objects.get(arrival=arrival)
    assert record.mode == "proxy" and record.handling_region.code == XUEYAN
    assert record.case.enterprise == restaurant and record.needs_originals
    assert taken["Location"] == f"/cases/{record.case.number}/"
    # the same ID card under another name; the used arrival again
    before = written()
    other = clerk.post(
        INTAKE, intake_post(name="别人", enterprise_credit_code=restaurant.credit_code)
    )
    assert other.status_code == 422 and 'data-field="name"' in other.content.decode()
    reused = clerk.post(
        INTAKE, intake_post(arrival.pk, enterprise_credit_code=restaurant.credit_code)
    )
    assert reused.status_code == 422 and 'data-testid="form-errors"' in reused.content.decode()
    assert written() == before
    # the arrival is used: the page asks for a new start
    again = clerk.get(INTAKE, {"arrival": arrival.pk}).content.decode()
    assert 'data-testid="arrival-form"' in again
    # only clerks take walk-ins
    assert city.client("officer.xueyan", "en").get(INTAKE).status_code == 403
    assert city.client().get(INTAKE).status_code == 302


def test_where_to_apply_is_public(city):
    anonymous = city.client(None, "en")
    page = anonymous.get(f"/services/{FOOD}/where/", {"home": HUDAI})
    html = page.content.decode()
    assert page.status_code == 200
    for town in (HUDAI, XUEYAN, WANSHI):
        assert f'data-town="{town}"' in html
    assert html.index(f'data-town="{HUDAI}"') < html.index(f'data-town="{XUEYAN}"')
    assert 'data-testid="your-town"' in html
    assert f"/services/{FOOD}/apply-in/{XUEYAN}/" in html
    assert f"/services/{FOOD}/apply/" in html  # one's own town: the usual application
    assert "胡埭镇便民服务中心" in html and 'data-mode="proxy"' in html
    assert anonymous.get(f"/services/{FOOD}/where/", {"home": "999"}).status_code == 422
    # a signed-in applicant's own town is known
    zhang = city.client("zhangwei", "en").get(f"/services/{FOOD}/where/").content.decode()
    assert 'data-testid="your-town"' in zhang
    # an item on no list
    none = anonymous.get("/services/320200-SW-101/where/").content.decode()
    assert 'data-testid="no-options"' in none
    assert anonymous.get("/services/nope/where/").status_code == 404


def test_apply_online_in_another_town(city):
    zhang = city.client("zhangwei", "en")
    url = f"/services/{SB}/apply-in/{XUEYAN}/"
    form = zhang.get(url)
    assert form.status_code == 200 and 'data-testid="apply-form"' in form.content.decode()
    assert 'name="region_code"' not in form.content.decode()
    # the own town: the usual application page
    own = zhang.get(f"/services/{SB}/apply-in/{HUDAI}/")
    assert own.status_code == 302 and own["Location"] == f"/services/{SB}/apply/"
    assert zhang.get(f"/services/{SB}/apply-in/999999/").status_code == 404
    before = written()
    data = {"form.phone": "13900001111", "form.start_month": "2026-01", "delivery": "electronic"}
    refused = zhang.post(url, data | {"idempotency_key": "cr-online-1"})
    assert (
        refused.status_code == 422 and 'data-field="materials.id-card"' in refused.content.decode()
    )
    assert written() == before
    done = zhang.post(
        url,
        data
        | {
            "idempotency_key": "cr-online-2",
            "materials.id-card": SimpleUploadedFile("id.pdf", files.pdf()),
        },
    )
    assert done.status_code == 302
    record = CrossRegionCase.objects.get(case__number=done["Location"].split("/")[2])
    assert record.mode == "online" and record.handling_region.code == XUEYAN
    assert record.receiving_region.code == HUDAI
    # an item not on the list: the refusal, no form
    off = zhang.get(f"/services/320200-SW-101/apply-in/{XUEYAN}/")
    assert off.status_code == 422 and 'data-testid="route-refused"' in off.content.decode()
    # staff do not apply
    assert city.client("clerk.hudai", "en").get(url).status_code == 403
