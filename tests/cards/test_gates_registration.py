"""Gates registered (an account and a token made, or an existing gate account attached;
over the API by union staff) and the rides listed: union staff see the swipes, an honoree
their own rides. The world (the ``network`` fixture) is built in ``world.py``."""

from __future__ import annotations

import pytest
from django.test import Client

from onething.cards.models import Honoree
from onething.cards.services.gates import gate_register
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.models import ApiToken, Role
from onething.core.services.accounts import account_create

from .world import BUS, METRO, SCENIC, post


def test_registering_a_gate_makes_a_gate_account_and_a_token(network):
    gate, secret = gate_register(
        actor=network.union, code="t-bus-02", name="公交 2", venue_code=BUS
    )
    assert gate.account.role == Role.GATE and gate.account.username == "gate.t-bus-02"
    assert ApiToken.objects.filter(user=gate.account).count() == 1
    me = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/gate/me")
    assert me.status_code == 200
    body = me.json()
    assert (body["code"], body["venue"]["code"], body["venue"]["price_fen"]) == (
        "t-bus-02",
        BUS,
        200,
    )
    assert [b["name"] for b in body["venue"]["benefits"]] == ["公交免费乘车"]
    with pytest.raises(ValidationFailed) as taken:
        gate_register(actor=network.union, code="t-bus-02", name="again", venue_code="nowhere")
    assert {(p.field, p.rule) for p in taken.value.problems} == {
        ("code", "unique"),
        ("venue_code", "unknown"),
    }
    with pytest.raises(PermissionDenied):
        gate_register(actor=network.city.actor("zhangwei"), code="t-x", name="x", venue_code=BUS)


def test_an_existing_gate_account_can_be_attached(network):
    account_create(actor=network.city.system, username="gate.t-own", password=None, role="gate")
    gate, secret = gate_register(
        actor=network.union,
        code="t-own",
        name="own",
        venue_code=METRO,
        account_username="gate.t-own",
    )
    assert secret == "" and gate.account.username == "gate.t-own"
    _honoree, card = network.honoree()
    assert network.swipe("t-own", card).allowed


def test_union_staff_register_a_gate_over_the_api(network):
    answer = post(
        network.city.client("union"),
        "/api/gates",
        {"code": "t-api-01", "name": "API 闸机", "venue_code": SCENIC},
    )
    assert answer.status_code == 201, answer.content
    token = answer.json()["token"]
    assert token.startswith("ot_")
    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/gate/me")
    assert me.json()["venue"]["code"] == SCENIC
    listed = network.city.client("union").get("/api/gates", {"venue": SCENIC}).json()
    assert {g["code"] for g in listed["items"]} == {"t-ytz-01", "t-api-01"}
    assert "token" not in listed["items"][0]


# -- the swipes union staff and honorees see ----------------------------------------------


def test_union_staff_list_swipes_and_an_honoree_sees_their_own_rides(network):
    honoree, card = network.honoree(username="honoree.rides")
    _other, other_card = network.honoree()
    network.swipe("t-metro-01", card)
    network.swipe("t-ytz-01", card)
    network.swipe("t-ytz-01", card)  # denied: the cap
    network.swipe("t-bus-01", other_card)
    union = network.city.client("union", "en")
    everything = union.get("/api/swipes", {"operator": "t-ytz"}).json()
    assert everything["count"] >= 2
    mine = [s for s in everything["items"] if s["honoree_id"] == honoree.pk]
    assert [s["allowed"] for s in mine] == [False, True]  # newest first (same time: by id)
    assert mine[0]["holder"].startswith("劳") and "*" in mine[0]["holder"]
    assert mine[0]["card_number"] == card.number
    denied = union.get("/api/swipes", {"venue": SCENIC, "allowed": "false"}).json()
    assert [s["reason"] for s in denied["items"]] == ["daily_cap"]
    day = union.get("/api/swipes", {"date_from": "2026-03-11", "gate": "t-metro-01"}).json()
    assert day["count"] == 0
    rides = network.city.client("honoree.rides", "en").get("/api/my/rides").json()
    assert rides["count"] == 3
    assert {r["venue"] for r in rides["items"]} == {METRO, SCENIC}
    assert network.city.client("zhangwei").get("/api/my/rides").json()["count"] == 0
    assert network.city.client("zhangwei").get("/api/swipes").json()["count"] == 0
    assert Honoree.objects.filter(pk=honoree.pk).exists()


def test_rides_need_a_person(network):
    assert network.city.client("union").get("/api/my/rides").status_code == 403
