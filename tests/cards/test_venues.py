"""Operators, venues, tariffs and benefits: configuration checked field by field, public
lists with the tariff and benefits in force, union staff only for changes, and a new kind
of place (a hospital's green channel) that the gates serve with no new code."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cards.models import Benefit, LedgerEntry, Tariff
from onething.cards.services.gates import gate_register
from onething.cards.services.venues import benefit_save, operator_save, tariff_set, venue_save
from onething.core.errors import PermissionDenied, Unauthenticated, ValidationFailed
from onething.core.models import AuditEntry
from onething.core.permissions import ANONYMOUS

from .world import BUS, METRO, NOW, SCENIC, fields, post, problem_rules


def test_adding_a_new_place_is_configuration_not_code(network):
    u = network.union
    operator_save(actor=u, code="t-hospital", name="无锡市人民医院", kind="hospital")
    venue_save(actor=u, code="t-hospital-green", name="绿色通道", operator_code="t-hospital")
    tariff_set(actor=u, venue_code="t-hospital-green", price_fen=1000, valid_from="2026-01-01")
    benefit_save(
        actor=u,
        name="就医绿色通道挂号费减半",
        venue_code="t-hospital-green",
        levels=["national", "provincial"],
        kind="discount",
        discount_percent=50,
        voice_prompt="劳模绿色通道",
        valid_from="2026-01-01",
    )
    gate_register(actor=u, code="t-hospital-01", name="挂号窗口", venue_code="t-hospital-green")
    _honoree, card = network.honoree("national")
    swipe = network.swipe("t-hospital-01", card)
    assert (swipe.allowed, swipe.voice, swipe.amount_fen) == (True, "劳模绿色通道", 500)
    entry = LedgerEntry.objects.get(swipe_id=swipe.pk)
    assert (entry.operator.code, entry.amount_fen) == ("t-hospital", 500)
    _other, municipal = network.honoree("municipal")
    assert network.swipe("t-hospital-01", municipal).reason == "no_benefit"


def test_the_public_lists_show_the_tariff_and_benefits_in_force(network, city):
    tariff_set(actor=network.union, venue_code=METRO, price_fen=400, valid_from="2026-04-01")
    anonymous = city.client()
    venues = anonymous.get("/api/venues", {"operator": "t-metro"}).json()
    assert venues["count"] == 1
    metro = venues["items"][0]
    assert (metro["code"], metro["operator"]["name"], metro["price_fen"]) == (
        METRO,
        "无锡地铁集团",
        300,  # the 400 starts next month
    )
    assert [(b["name"], b["kind"], b["voice_prompt"]) for b in metro["benefits"]] == [
        ("地铁免费乘车", "free_ride", "关爱卡")
    ]
    one = anonymous.get(f"/api/venues/{SCENIC}").json()
    assert one["benefits"][0]["daily_cap"] == 1 and one["price_fen"] == 9000
    operators = anonymous.get("/api/operators", {"kind": "scenic"}).json()
    assert {"code": "t-ytz", "name": "鼋头渚风景区", "kind": "scenic", "venues": [SCENIC]} in (
        operators["items"]
    )
    tariffs = anonymous.get(f"/api/venues/{METRO}/tariffs").json()
    assert [(t["price_fen"], t["valid_from"], t["valid_to"]) for t in tariffs] == [
        (400, "2026-04-01", None),
        (300, "2025-01-01", "2026-03-31"),  # the open period was closed the day before
    ]
    benefits = anonymous.get("/api/benefits", {"venue": SCENIC}).json()
    assert [b["levels"] for b in benefits["items"]] == [["national", "provincial", "municipal"]]
    assert anonymous.get("/api/venues/nowhere").status_code == 404


def test_a_new_price_applies_from_its_day(network):
    tariff_set(actor=network.union, venue_code=METRO, price_fen=400, valid_from="2026-03-10")
    _honoree, card = network.honoree()
    assert network.swipe(card=card).amount_fen == 400
    day_before = NOW - dt.timedelta(days=1)
    assert network.swipe(card=card, at=day_before).amount_fen == 300


def test_overlapping_tariffs_are_refused(network):
    u = network.union
    tariff_set(actor=u, venue_code=METRO, price_fen=400, valid_from="2026-04-01")
    with pytest.raises(ValidationFailed) as overlap:
        tariff_set(actor=u, venue_code=METRO, price_fen=350, valid_from="2026-03-01")
    assert problem_rules(overlap) == {("valid_from", "overlap")}
    with pytest.raises(ValidationFailed) as overlap:
        tariff_set(
            actor=u,
            venue_code=METRO,
            price_fen=350,
            valid_from="2024-06-01",
            valid_to="2025-01-01",
        )
    assert problem_rules(overlap) == {("valid_from", "overlap")}
    tariff_set(
        actor=u, venue_code=METRO, price_fen=350, valid_from="2024-06-01", valid_to="2024-12-31"
    )
    assert Tariff.objects.filter(venue__code=METRO).count() == 3


def test_a_tariff_is_checked_field_by_field(network):
    with pytest.raises(ValidationFailed) as bad:
        tariff_set(
            actor=network.union,
            venue_code="nowhere",
            price_fen=2.5,
            valid_from="tomorrow",
        )
    assert problem_rules(bad) == {
        ("venue_code", "unknown"),
        ("price_fen", "type"),
        ("valid_from", "type"),
    }
    with pytest.raises(ValidationFailed) as bad:
        tariff_set(
            actor=network.union,
            venue_code=METRO,
            price_fen=-1,
            valid_from="2027-01-01",
            valid_to="2026-01-01",
        )
    assert problem_rules(bad) == {("price_fen", "min"), ("valid_to", "before_start")}
    answer = post(
        network.city.client("union", "en"),
        f"/api/venues/{METRO}/tariffs",
        {"price_fen": "three", "valid_from": "2027-01-01"},
    )
    assert answer.status_code == 422 and fields(answer) == {"price_fen": "type"}


def test_a_benefit_is_checked_field_by_field(network):
    with pytest.raises(ValidationFailed) as bad:
        benefit_save(
            actor=network.union,
            name="",
            venue_code=METRO,
            levels=["mayor"],
            kind="free_ride",
            discount_percent=80,
            daily_cap=0,
            voice_prompt="x" * 41,
            valid_from="2026-01-01",
        )
    assert problem_rules(bad) == {
        ("name", "required"),
        ("levels", "choice"),
        ("discount_percent", "free_is_100"),
        ("daily_cap", "min"),
        ("voice_prompt", "max_length"),
    }
    with pytest.raises(ValidationFailed) as bad:
        benefit_save(
            actor=network.union,
            name="折扣",
            venue_code=METRO,
            levels=[],
            kind="discount",
            discount_percent=100,
            daily_cap=5,
            monthly_cap=2,
            valid_from=None,
        )
    assert problem_rules(bad) == {
        ("levels", "required"),
        ("discount_percent", "discount_range"),
        ("monthly_cap", "below_daily"),
        ("valid_from", "required"),
    }


def test_two_benefits_may_not_serve_one_level_at_once(network):
    with pytest.raises(ValidationFailed) as overlap:
        benefit_save(
            actor=network.union,
            name="地铁第二项",
            venue_code=METRO,
            levels=["treated"],
            kind="free_ride",
            valid_from="2026-06-01",
        )
    assert problem_rules(overlap) == {("levels", "overlap")}
    old = Benefit.objects.get(venue__code=METRO)
    benefit_save(
        actor=network.union,
        name="地铁免费乘车",
        venue_code=METRO,
        levels=old.levels,
        kind="free_ride",
        valid_from="2025-01-01",
        valid_to="2026-05-31",
        benefit_id=old.pk,
    )
    benefit_save(
        actor=network.union,
        name="地铁第二项",
        venue_code=METRO,
        levels=["treated"],
        kind="free_ride",
        valid_from="2026-06-01",
    )
    assert Benefit.objects.filter(venue__code=METRO).count() == 2


def test_a_benefit_change_reaches_the_gate_at_once(network):
    _honoree, card = network.honoree("municipal")
    assert network.swipe("t-ytz-01", card).allowed
    benefit = Benefit.objects.get(venue__code=SCENIC)
    answer = network.city.client("union", "en").put(
        f"/api/benefits/{benefit.pk}",
        {
            "name": "鼋头渚免费入园",
            "venue_code": SCENIC,
            "levels": ["national"],
            "kind": "free_entry",
            "daily_cap": 3,
            "valid_from": "2025-01-01",
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert network.swipe("t-ytz-01", card).reason == "no_benefit"  # not the cached rules


def test_saving_is_for_union_staff_and_audited(network, city):
    before = AuditEntry.objects.filter(action="operator.save").count()
    operator_save(actor=network.union, code="t-bus", name="无锡公交集团有限公司", kind="bus")
    entry = AuditEntry.objects.filter(action="operator.save").order_by("-id").first()
    assert AuditEntry.objects.filter(action="operator.save").count() == before + 1
    assert entry.before["name"] == "无锡公交集团" and entry.after["name"] == "无锡公交集团有限公司"
    with pytest.raises(PermissionDenied):
        operator_save(actor=city.actor("zhangwei"), code="t-x", name="x", kind="bus")
    with pytest.raises(Unauthenticated):
        venue_save(actor=ANONYMOUS, code="t-x", name="x", operator_code="t-bus")
    answer = post(
        city.client("zhangwei"), "/api/operators", {"code": "t-x", "name": "x", "kind": "bus"}
    )
    assert answer.status_code == 403
    answer = post(
        city.client("union", "en"), "/api/operators", {"code": "T X", "name": "", "kind": "ferry"}
    )
    assert answer.status_code == 422
    assert fields(answer) == {"code": "format", "name": "required", "kind": "choice"}
    answer = post(
        city.client("union", "en"),
        "/api/venues",
        {"code": "t-ferry", "name": "渡口", "operator_code": "nobody"},
    )
    assert answer.status_code == 422 and fields(answer) == {"operator_code": "unknown"}
    answer = post(
        city.client("union", "en"),
        "/api/benefits",
        {
            "name": "公交夜班",
            "venue_code": BUS,
            "levels": ["national"],
            "kind": "free_ride",
            "valid_from": "2020-01-01",
            "valid_to": "2024-12-31",
        },
    )
    assert answer.status_code == 201 and answer.json()["venue"] == BUS


def test_changing_a_benefit_that_does_not_exist_is_404(network, city):
    body = {
        "name": "x",
        "venue_code": BUS,
        "levels": ["national"],
        "kind": "free_ride",
        "valid_from": "2020-01-01",
        "valid_to": "2020-12-31",
    }
    union = city.client("union", "en")
    answer = union.put("/api/benefits/999999999", body, content_type="application/json")
    assert answer.status_code == 404
    citizen = city.client("zhangwei")
    answer = citizen.put("/api/benefits/999999999", body, content_type="application/json")
    assert answer.status_code == 403
