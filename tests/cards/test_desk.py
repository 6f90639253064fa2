"""The card's desk scenes through the services: the hospital's green channel (a priority
service: recorded, counted, never charged, never settled) and the dining offers (the bill's
discount owed to the merchant when the pool pays it — in the ledger, the monthly statement
and the reconciliation — or at the merchant's own cost: recorded only); the caps, the
refusals, the idempotent retry, and the figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from onething.cards.models import LedgerEntry, RideTally, Swipe
from onething.cards.selectors.figures import figures_internal, figures_public
from onething.cards.selectors.ledger import pool_status
from onething.cards.selectors.settlement import statement_swipes
from onething.cards.services.cards import card_report_lost
from onething.cards.services.desk import visit_record
from onething.cards.services.reconcile import reconciliation_upload
from onething.cards.services.settlement import settlement_prepare
from onething.cards.services.tallies import card_tallies_differences
from onething.cards.services.venues import tariff_set
from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry

from .world import NOW, at, problem_rules
from .world.scenes import HOSPITAL, OWN, POOL, Scenes


def test_the_green_channel_records_a_priority_service_and_charges_nothing(scenes):
    ledger, pool = LedgerEntry.objects.count(), pool_status()["accrued_fen"]
    visit = scenes.visit(HOSPITAL, service="consultation")
    assert (visit.allowed, visit.service, visit.amount_fen) == (True, "consultation", 0)
    assert (visit.bill_fen, visit.discount_fen, visit.funded_by) == (None, 0, "")
    assert visit.gate.code == f"{HOSPITAL}-desk" and visit.at == NOW
    assert visit.swipe_id.startswith("desk-")
    assert LedgerEntry.objects.count() == ledger  # no ledger row: the union owes nothing
    assert pool_status()["accrued_fen"] == pool
    month = NOW.date().replace(day=1)
    assert RideTally.objects.get(venue__code=HOSPITAL, month=month).rides == 1  # counted
    assert card_tallies_differences() == []
    entry = AuditEntry.objects.get(action="visit.record", subject_id=str(visit.pk))
    assert entry.after["service"] == "consultation" and entry.after["amount_fen"] == 0


def test_a_tariff_at_the_green_channel_changes_nothing(scenes):
    tariff_set(actor=scenes.union, venue_code=HOSPITAL, price_fen=1200, valid_from="2025-01-01")
    visit = scenes.visit(HOSPITAL, service="registration")
    assert visit.amount_fen == 0 and not LedgerEntry.objects.filter(swipe=visit).exists()


def test_a_pool_paid_dining_offer_is_owed_to_the_merchant(scenes):
    accrued = pool_status()["accrued_fen"]
    visit = scenes.visit(POOL, bill_fen=12845)  # 10 %: 1284.5 fen, half up
    assert (visit.bill_fen, visit.discount_fen, visit.amount_fen) == (12845, 1285, 1285)
    assert visit.funded_by == "pool" and visit.service == ""
    entry = LedgerEntry.objects.get(swipe=visit)
    assert (entry.operator.code, entry.venue.code, entry.amount_fen) == (POOL, POOL, 1285)
    assert entry.booked_on == NOW.date()
    assert pool_status()["accrued_fen"] == accrued + 1285  # drawn on the subsidy pool
    big = scenes.visit(POOL, card=scenes.another(), bill_fen=88_000)
    assert (big.discount_fen, big.amount_fen) == (3000, 3000)  # at most ¥30 a visit
    assert card_tallies_differences() == []


def test_a_dining_offer_at_the_merchants_cost_is_recorded_not_owed(scenes):
    ledger = LedgerEntry.objects.count()
    visit = scenes.visit(OWN, bill_fen=10_000)
    assert (visit.discount_fen, visit.amount_fen, visit.funded_by) == (1500, 0, "merchant")
    assert LedgerEntry.objects.count() == ledger
    again = scenes.visit(OWN, bill_fen=2000, card_number=scenes.card.transit_number)
    assert again.discount_fen == 300  # no cap, no daily cap at this merchant


def test_the_caps_hold_and_a_refusal_writes_nothing(scenes):
    scenes.visit(POOL, bill_fen=5000)
    swipes, audited = Swipe.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Conflict) as refused:
        scenes.visit(POOL, bill_fen=6000)  # once a day
    assert (refused.value.code, refused.value.details["reason"]) == ("visit_refused", "daily_cap")
    assert (Swipe.objects.count(), AuditEntry.objects.count()) == (swipes, audited)
    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert scenes.visit(POOL, bill_fen=6000).allowed  # the next day


def test_a_blocked_card_an_unknown_card_and_a_bad_code_are_refused(scenes, union):
    card = scenes.another()
    card_report_lost(actor=union, card_number=card.number)
    with pytest.raises(Conflict) as blocked:
        scenes.visit(POOL, card=card, bill_fen=5000)
    assert blocked.value.details == {"reason": "card_blocked", "field": "card_number"}
    with pytest.raises(NotFound):
        scenes.visit(POOL, card_number="320299999999", bill_fen=5000)
    with pytest.raises(ValidationFailed) as bad:
        scenes.visit(POOL, code="LM1.not-a-code", bill_fen=5000)
    assert problem_rules(bad) == {("code", "format")}


def test_the_fields_every_problem_at_once(scenes):
    with pytest.raises(ValidationFailed) as both:
        scenes.visit(POOL, card_number="12", bill_fen=-5, service="massage")
    assert problem_rules(both) == {
        ("card_number", "format"),
        ("bill_fen", "range"),
        ("service", "choice"),
    }
    with pytest.raises(ValidationFailed) as no_bill:
        scenes.visit(POOL)
    assert problem_rules(no_bill) == {("bill_fen", "required")}
    with pytest.raises(ValidationFailed) as wrong_scene:
        scenes.visit(POOL, bill_fen=5000, service="escort")
    assert problem_rules(wrong_scene) == {("service", "not_here")}
    with pytest.raises(ValidationFailed) as no_service:
        scenes.visit(HOSPITAL, bill_fen=5000)
    assert problem_rules(no_service) == {("bill_fen", "not_here"), ("service", "required")}
    assert not Swipe.objects.filter(venue__code__in=[POOL, HOSPITAL]).exists()


def test_a_retry_with_its_key_is_recorded_once(scenes):
    first = scenes.visit(POOL, bill_fen=5000, idempotency_key="till-1")
    again = scenes.visit(POOL, bill_fen=5000, idempotency_key="till-1")
    assert again.pk == first.pk
    assert Swipe.objects.filter(venue__code=POOL).count() == 1
    assert LedgerEntry.objects.filter(venue__code=POOL).count() == 1
    with pytest.raises(Conflict) as reused:
        scenes.visit(POOL, bill_fen=7000, idempotency_key="till-1")
    assert reused.value.code == "idempotency_key_reused"


def test_only_a_desk_of_the_venue_records(scenes, city):
    with pytest.raises(PermissionDenied) as other:  # the hospital's desk at the restaurant
        visit_record(
            actor=scenes.desk(HOSPITAL),
            venue_code=POOL,
            card_number=scenes.card.number,
            bill_fen=5000,
        )
    assert other.value.code == "other_venue"
    for username in ("zhangwei", "union"):
        with pytest.raises(PermissionDenied):
            visit_record(
                actor=city.actor(username),
                venue_code=POOL,
                card_number=scenes.card.number,
                bill_fen=5000,
            )
    with pytest.raises(NotFound):
        visit_record(actor=scenes.desk(POOL), venue_code="nowhere", card_number=scenes.card.number)


def test_the_pool_paid_dining_is_settled_with_the_merchant_and_reconciled(city, union):
    with clock.frozen(at(2026, 2, 10, 12)):
        world = Scenes(union)
        first = world.visit(POOL, bill_fen=12850)
        world.visit(OWN, bill_fen=10_000)
        world.visit(HOSPITAL, service="escort")
    with clock.frozen(at(2026, 2, 11, 18)):
        second = world.visit(POOL, bill_fen=20_000)
    with clock.frozen(at(2026, 3, 3, 9)):
        statement = settlement_prepare(actor=union, operator_code=POOL, month="2026-02")
        own = settlement_prepare(actor=union, operator_code=OWN, month="2026-02")
        hospital = settlement_prepare(actor=union, operator_code="t-hosp", month="2026-02")
    assert (statement.swipes, statement.amount_fen) == (2, 1285 + 2000)
    assert [(line["venue"], line["day"], line["amount_fen"]) for line in statement.lines] == [
        (POOL, "2026-02-10", 1285),
        (POOL, "2026-02-11", 2000),
    ]
    # the merchant's own discounts and the green channel are never in a statement
    assert (own.swipes, own.amount_fen, hospital.swipes, hospital.amount_fen) == (0, 0, 0, 0)
    ours = statement_swipes(union, statement.operator, statement.month)
    assert ours == {
        f"{POOL}-desk:{first.swipe_id}": 1285,
        f"{POOL}-desk:{second.swipe_id}": 2000,
    }
    export = io.StringIO()
    writer = csv.writer(export)
    writer.writerow(["闸机编号", "刷卡流水号", "金额（分）"])
    writer.writerow([f"{POOL}-desk", first.swipe_id, 1285])
    writer.writerow([f"{POOL}-desk", second.swipe_id, 2100])  # the merchant says ¥21
    with clock.frozen(at(2026, 3, 4, 9)):
        found = reconciliation_upload(
            actor=union,
            settlement_id=statement.pk,
            name="till.csv",
            data=export.getvalue().encode(),
        )
    assert (found.only_ours, found.only_theirs) == ([], [])
    assert found.amount_differs == [
        {"swipe": f"{POOL}-desk:{second.swipe_id}", "ours": 2000, "theirs": 2100}
    ]


def test_the_figures_count_visits_apart_and_split_discounts_by_who_pays(scenes, union):
    before = figures_internal(union)
    public_before = figures_public()
    scenes.visit(HOSPITAL, service="registration")
    scenes.visit(POOL, bill_fen=12850)
    scenes.visit(OWN, bill_fen=10_000)
    after = figures_internal(union)
    assert after["swipes"] == before["swipes"]  # rides and entries: not the visits
    assert after["hospital_visits"] == before["hospital_visits"] + 1
    assert after["dining_visits"] == before["dining_visits"] + 2
    dining, was = after["dining"], before["dining"]
    assert dining["pool_fen"] == was["pool_fen"] + 1285
    assert dining["merchant_fen"] == was["merchant_fen"] + 1500
    assert dining["bill_fen"] == was["bill_fen"] + 22_850
    mine = {(m["code"], m["funded_by"]): m for m in dining["by_merchant"]}
    assert (mine[(POOL, "pool")]["visits"], mine[(POOL, "pool")]["area"]) == (1, "南长街")
    assert mine[(OWN, "merchant")]["discount_fen"] == 1500
    assert after["owed_fen"] == before["owed_fen"] + 1285
    public = figures_public()
    assert public["hospital_visits"] == public_before["hospital_visits"] + 1
    assert public["dining_visits"] == public_before["dining_visits"] + 2
    assert public["swipes"] == public_before["swipes"]
