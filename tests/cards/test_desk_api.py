"""The desk over the API: identifying the honoree (masked) and what the venue gives them,
recording a visit (201; 422 naming each field; 409 for a refusal or a reused key; the
retry answered with the first visit), who may (a desk of that venue only), the desk's own
visits; a till terminal sending the bill through the gate API; and the configuration of a
dining offer (who pays, the cap per visit) checked field by field."""

from __future__ import annotations

import pytest
from django.test import Client

from onething.cards.models import Benefit, LedgerEntry, Swipe
from onething.cards.services.gates import gate_register
from onething.core.identity import mask_name

from .world import NOW, Api, fields, post
from .world.scenes import HOSPITAL, OWN, POOL

VISITS = f"/api/venues/{POOL}/visits"


def desk_api(city, venue: str = POOL) -> Api:
    from .world.scenes import DESKS

    return Api(city, DESKS[venue])


def test_the_desk_identifies_the_honoree_masked_with_the_offer(scenes, city):
    api = desk_api(city)
    answer = api.post(
        f"/api/venues/{POOL}/desk/identify", {"card_number": scenes.card.number, "bill_fen": 12850}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["holder"] == mask_name("欧阳明辉") and "欧阳明辉" not in answer.content.decode()
    assert (body["level"], body["allowed"], body["reason"]) == ("municipal", True, "ok")
    assert body["benefit"]["kind"] == "bill_discount"
    assert (body["benefit"]["discount_percent"], body["benefit"]["funded_by"]) == (10, "pool")
    assert (body["discount_fen"], body["pays_fen"], body["owed_fen"]) == (1285, 11565, 1285)
    assert not Swipe.objects.filter(venue__code=POOL).exists()  # identifying writes nothing
    hospital = desk_api(city, HOSPITAL).post(
        f"/api/venues/{HOSPITAL}/desk/identify", {"card_number": scenes.card.transit_number}
    )
    assert [s["code"] for s in hospital.json()["services"]] == [
        "registration",
        "consultation",
        "examination",
        "escort",
    ]
    assert api.post(f"/api/venues/{POOL}/desk/identify", {"code": "x"}).status_code == 422


def test_a_visit_is_recorded_and_a_retry_answers_the_first(scenes, city):
    api = desk_api(city)
    body = {"card_number": scenes.card.number, "bill_fen": 12850}
    answer = api.post(VISITS, body, HTTP_IDEMPOTENCY_KEY="till-42")
    assert answer.status_code == 201, answer.content
    visit = answer.json()
    assert (visit["bill_fen"], visit["discount_fen"], visit["amount_fen"]) == (12850, 1285, 1285)
    assert (visit["funded_by"], visit["desk"], visit["venue"]) == ("pool", f"{POOL}-desk", POOL)
    assert visit["holder"] == mask_name("欧阳明辉")
    again = api.post(VISITS, body, HTTP_IDEMPOTENCY_KEY="till-42")
    assert again.status_code == 201 and again.json()["id"] == visit["id"]
    assert LedgerEntry.objects.filter(venue__code=POOL).count() == 1
    reused = api.post(VISITS, {**body, "bill_fen": 999}, HTTP_IDEMPOTENCY_KEY="till-42")
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    mine = api.get("/api/desk/visits").json()
    assert [v["id"] for v in mine["items"]] == [visit["id"]]
    assert desk_api(city, OWN).get("/api/desk/visits").json()["items"] == []  # its own only


def test_422_names_every_field(scenes, city):
    api = desk_api(city)
    bad = api.post(VISITS, {"card_number": "12ab", "bill_fen": 0, "service": "massage"})
    assert bad.status_code == 422
    assert fields(bad) == {"card_number": "format", "bill_fen": "range", "service": "choice"}
    missing = api.post(VISITS, {"card_number": scenes.card.number})
    assert fields(missing) == {"bill_fen": "required"}
    typed = api.post(VISITS, {"card_number": scenes.card.number, "bill_fen": "十二元"})
    assert typed.status_code == 422 and "bill_fen" in str(typed.json()["error"]["details"])
    neither = api.post(VISITS, {})
    assert fields(neither) == {"card_number": "one_of"}
    hospital = desk_api(city, HOSPITAL).post(
        f"/api/venues/{HOSPITAL}/visits", {"card_number": scenes.card.number}
    )
    assert fields(hospital) == {"service": "required"}
    assert not Swipe.objects.filter(venue__code__in=[POOL, HOSPITAL]).exists()


def test_409_when_the_visit_is_refused(scenes, city):
    api = desk_api(city)
    assert api.post(VISITS, {"card_number": scenes.card.number, "bill_fen": 100}).status_code == 201
    second = api.post(VISITS, {"card_number": scenes.card.number, "bill_fen": 100})
    assert second.status_code == 409
    error = second.json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("visit_refused", "daily_cap")
    assert error["message"] == "Denied: today's uses of this benefit are used up."
    chinese = Api(city, "t.desk.pool", "zh-hans").post(
        VISITS, {"card_number": scenes.card.number, "bill_fen": 100}
    )
    assert chinese.status_code == 409 and "今日" in chinese.json()["error"]["message"]
    unknown = api.post(VISITS, {"card_number": "320299999999", "bill_fen": 100})
    assert unknown.status_code == 404


def test_only_a_desk_of_that_venue_records(scenes, city):
    body = {"card_number": scenes.card.number, "bill_fen": 5000}
    other = desk_api(city, HOSPITAL).post(VISITS, body)  # the hospital's desk
    assert other.status_code == 403 and other.json()["error"]["code"] == "other_venue"
    assert desk_api(city, OWN).post(VISITS, body).status_code == 403  # another merchant
    for username in ("zhangwei", "union"):
        assert Api(city, username).post(VISITS, body).status_code == 403
    assert Api(city).post(VISITS, body).status_code == 401
    assert Api(city, "zhangwei").get("/api/desk/visits").status_code == 403
    assert not Swipe.objects.filter(venue__code=POOL).exists()


def test_a_till_terminal_sends_the_bill_through_the_gate_api(scenes):
    _gate, token = gate_register(
        actor=scenes.union, code="t-eat-pool-till", name="收银机", venue_code=POOL
    )
    till = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    swipe = {"swipe_id": "till-1", "card_number": scenes.card.transit_number}
    answer = post(till, "/api/gate/swipes", {**swipe, "at": NOW.isoformat(), "bill_fen": 20000})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["allowed"], body["discount_fen"], body["amount_fen"]) == (True, 2000, 2000)
    no_bill = post(
        till,
        "/api/gate/swipes",
        {
            "swipe_id": "till-2",
            "card_number": scenes.another().transit_number,
            "at": NOW.isoformat(),
        },
    )
    assert (no_bill.json()["allowed"], no_bill.json()["reason"]) == (False, "bill_required")
    bad = post(
        till, "/api/gate/swipes", {**swipe, "swipe_id": "t3", "at": NOW.isoformat(), "bill_fen": -1}
    )
    assert bad.status_code == 422 and fields(bad) == {"bill_fen": "range"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kind": "free_entry", "funded_by": "merchant"}, {"funded_by": "merchant_only_dining"}),
        ({"kind": "free_entry", "visit_cap_fen": 500}, {"visit_cap_fen": "dining_only"}),
        ({"discount_percent": 100}, {"discount_percent": "discount_range"}),
        ({"funded_by": "union"}, {"funded_by": "choice"}),
        ({"visit_cap_fen": 0}, {"visit_cap_fen": "min"}),
    ],
)
def test_a_dining_offer_is_configured_field_by_field(scenes, city, changes, expected):
    body = {
        "name": "新商户优惠",
        "venue_code": OWN,
        "levels": ["national"],
        "kind": "bill_discount",
        "discount_percent": 10,
        "funded_by": "pool",
        "valid_from": "2027-01-01",
        **changes,
    }
    if body["kind"] == "free_entry":
        body["discount_percent"] = 100
    answer = Api(city, "union").post("/api/benefits", body)
    assert answer.status_code == 422, answer.content
    assert fields(answer) == expected


def test_union_staff_configure_who_pays_and_the_public_sees_it(scenes, city):
    union = Api(city, "union")
    operator = {"code": "t-eat-new", "name": "清名桥小笼馆", "kind": "restaurant"}
    assert union.post("/api/operators", operator).status_code == 200
    venue = {"code": "t-eat-new", "name": "清名桥小笼馆", "operator_code": "t-eat-new"}
    shop = union.post("/api/venues", {**venue, "area": "清名桥"})
    assert shop.status_code == 200 and shop.json()["area"] == "清名桥"
    made = union.post(
        "/api/benefits",
        {
            "name": "新商户优惠",
            "venue_code": "t-eat-new",
            "levels": ["national"],
            "kind": "bill_discount",
            "discount_percent": 8,
            "funded_by": "merchant",
            "visit_cap_fen": 2000,
            "valid_from": "2027-01-01",
        },
    )
    assert made.status_code == 201, made.content
    assert (made.json()["funded_by"], made.json()["visit_cap_fen"]) == ("merchant", 2000)
    assert Benefit.objects.get(pk=made.json()["id"]).funded_by == "merchant"
    venue = Api(city).get(f"/api/venues/{POOL}").json()
    assert venue["area"] == "南长街" and venue["price_fen"] is None
    (offer,) = venue["benefits"]
    assert (offer["kind"], offer["funded_by"], offer["visit_cap_fen"]) == (
        "bill_discount",
        "pool",
        3000,
    )
    green = Api(city).get(f"/api/venues/{HOSPITAL}").json()["benefits"][0]
    assert (green["kind"], green["discount_percent"]) == ("priority", 0)
