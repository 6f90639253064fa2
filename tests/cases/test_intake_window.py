"""A walk-in at a window: identity checked, the clerk recorded, instant items concluded on
the spot; the refusals."""

import random

from onething.cases.models import Case
from onething.core.generate import resident_id
from onething.core.models import Person

INSTANT = "320200-SB-002"  # 灵活就业人员参保登记: instant, needs id-card
PROMISED = "320200-SSDJ-001"
INSURED = {"phone": "13900001111", "start_month": "2026-01"}


def test_instant_item_concludes_on_the_spot(api):
    clerk = api("clerk.hudai")
    number = resident_id(random.Random(11))
    ids = clerk.uploads("id-card")
    answer = clerk.post(
        "/api/cases/window",
        {
            "id_number": number,
            "name": "钱宏进",
            "phone": "13900001111",
            "item_code": INSTANT,
            "form": INSURED,
            "materials": ids,
        },
    )
    assert answer.status_code == 201, answer.content
    case = answer.json()
    assert case["status"] == "concluded" and case["outcome"] == "approved"
    assert case["channel"] == "window" and case["center"]["code"] == "SC-HD"
    assert case["department"]["code"] == "HD-RS"  # 胡埭's social security office
    assert case["licence"]["title"] == "参保登记凭证"
    stored = Case.objects.get(number=case["number"])
    assert stored.submitted_by.username == "clerk.hudai"
    assert Person.objects.get(pk=stored.applicant_id).region.code == "320211102"  # registered here
    actions = [h["action"] for h in case["history"]]
    assert actions == ["case.submit", "case.accept", "case.conclude"]


def test_walk_in_of_another_town_is_found_by_id_number(api, city):
    person = city.xueyan_person  # registered in 雪堰镇, walks into 胡埭
    from onething.core.crypto import keyring

    number = keyring().decrypt(person.id_number_cipher, "person.id_number")
    clerk = api("clerk.hudai")
    ids = clerk.uploads("id-card")
    ok = clerk.post(
        "/api/cases/window",
        {
            "id_number": number,
            "name": person.name,
            "item_code": INSTANT,
            "form": INSURED,
            "materials": ids,
        },
    )
    assert ok.status_code == 201
    assert Case.objects.get(number=ok.json()["number"]).applicant_id == person.pk
    wrong = clerk.post(
        "/api/cases/window",
        {
            "id_number": number,
            "name": "别人",
            "item_code": INSTANT,
            "form": INSURED,
            "materials": clerk.uploads("id-card"),
        },
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"]["fields"][0] == {
        "field": "name",
        "rule": "mismatch",
        "message": "The name does not match the ID card on record.",
    }


def test_promised_item_waits_for_acceptance(api):
    clerk = api("clerk.hudai")
    from .conftest import FORM

    ids = clerk.uploads("id-card", "application-form", "premises-proof")
    answer = clerk.post(
        "/api/cases/window",
        {
            "id_number": resident_id(random.Random(12)),
            "name": "孙悦",
            "item_code": PROMISED,
            "form": FORM,
            "materials": ids,
        },
    )
    assert answer.status_code == 201
    assert answer.json()["status"] == "submitted"
    assert answer.json()["actions"] == ["accept", "decline"]


def test_item_not_offered_in_the_town_is_422(api):
    clerk = api("clerk.hudai")
    ids = clerk.uploads("business-licence", "tax-return", "equity-contract")
    answer = clerk.post(
        "/api/cases/window",
        {
            "id_number": resident_id(random.Random(13)),
            "name": "周洁",
            "item_code": "320200-SW-101",
            "form": {},
            "materials": ids,
        },
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["rule"] == "not_offered"


def test_bad_id_number_at_the_window_stores_nothing(api):
    clerk = api("clerk.hudai")
    people, cases = Person.objects.count(), Case.objects.count()
    answer = clerk.post(
        "/api/cases/window",
        {
            "id_number": "110105194912310021",
            "name": "错号",
            "item_code": INSTANT,
            "form": INSURED,
            "materials": clerk.uploads("id-card"),
        },
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "id_number"
    assert (Person.objects.count(), Case.objects.count()) == (people, cases)


def test_only_clerks_take_walk_ins(api):
    answer = api("zhangwei").post(
        "/api/cases/window", {"id_number": "x", "name": "x", "item_code": INSTANT}
    )
    assert answer.status_code == 403


def test_hand_over_at_the_window(api):
    clerk = api("clerk.hudai")
    ids = clerk.uploads("id-card")
    case = clerk.post(
        "/api/cases/window",
        {
            "id_number": resident_id(random.Random(14)),
            "name": "吴敏",
            "item_code": INSTANT,
            "form": INSURED,
            "materials": ids,
            "delivery": "window",
        },
    ).json()
    done = clerk.post(f"/api/cases/{case['number']}/hand-over")
    assert done.status_code == 200 and done.json()["handed_over_at"]
    assert clerk.post(f"/api/cases/{case['number']}/hand-over").status_code == 409
    posted = clerk.post(
        "/api/cases/window",
        {
            "id_number": resident_id(random.Random(15)),
            "name": "郑强",
            "item_code": INSTANT,
            "form": INSURED,
            "materials": clerk.uploads("id-card"),
            "delivery": "post",
            "delivery_address": "滨湖区胡埭镇1号",
        },
    ).json()
    no_tracking = clerk.post(f"/api/cases/{posted['number']}/hand-over")
    assert no_tracking.status_code == 422
    assert (
        clerk.post(
            f"/api/cases/{posted['number']}/hand-over", {"tracking_number": "SF1234567890"}
        ).json()["tracking_number"]
        == "SF1234567890"
    )
    assert api("clerk.xueyan").post(f"/api/cases/{posted['number']}/hand-over").status_code == 404
