"""The demo city's honour cards: the seed's figures come out of the records the services
made (read through the selectors), a second load changes nothing, and one more swipe
through the gate service moves the figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onething.cards.models import (
    Certificate,
    Honoree,
    HonourCard,
    LedgerEntry,
    Operator,
    Settlement,
    SettlementStatus,
    Swipe,
)
from onething.cards.selectors.figures import figures_internal, figures_public
from onething.cards.services.gates import swipe_authorize
from onething.core import clock
from onething.core.models import AuditEntry, Person
from onething.core.permissions import actor_for
from onething.demo import cards as demo
from onething.demo.cards.data import directory, history, swipes

pytestmark = [pytest.mark.django_db, pytest.mark.demo_city]
JUNE, JULY = dt.date(2025, 6, 1), dt.date(2025, 7, 1)


@pytest.fixture
def figures(city):
    return figures_internal(city.actor("union"))


def test_the_registry_holds_6000_odd_honorees_and_4735_of_card_level(city, figures):
    assert figures["honorees_active"] >= 6000
    eligible = Honoree.objects.exclude(level="district").count()
    assert eligible == 4735
    assert Honoree.objects.filter(level="district").exists()


def test_the_first_batch_holds_exactly_4735_cards(city):
    union = city.client("union", "en")
    batches = {b["number"]: b for b in union.get("/api/card-batches").json()["items"]}
    assert batches[1]["name"] == "第一批" and batches[1]["cards_total"] == 4735
    assert not HonourCard.objects.filter(batch__number=1, honoree__level="district").exists()


def test_3657_allowed_swipes_by_the_seeds_report_and_a_few_denied(city, figures):
    assert figures_public(date_to=swipes.LAST_DAY)["swipes"] == 3657
    # (the figures count whole months; nothing was ridden from 18 to 31 July 2025)
    live = figures_public(date_from=dt.date(2025, 8, 1))["swipes"]
    assert live > 0 and figures["swipes"] == 3657 + live  # and the live layer's
    reasons = set(Swipe.objects.filter(allowed=False).values_list("reason", flat=True))
    assert {"card_blocked", "daily_cap"} <= reasons
    venues = {v["code"]: v["swipes"] for v in figures["by_venue"]}
    assert venues["bus"] and venues["metro-1"] and venues["ytz"]
    seed = figures_public(date_to=swipes.LAST_DAY)
    assert {m["month"] for m in seed["by_month"] if m["swipes"]} == {"2025-06", "2025-07"}
    assert Swipe.objects.filter(offline=True, allowed=True).exists()  # the buses' uploads
    assert Swipe.objects.filter(offline=False, allowed=True).exists()  # metro and scenic


@pytest.mark.parametrize("month", [JUNE, JULY])
def test_june_and_july_2025_are_paid_for_every_operator(city, figures, month):
    owed = set(
        LedgerEntry.objects.filter(
            booked_on__year=month.year, booked_on__month=month.month
        ).values_list("operator__code", flat=True)
    )
    assert {"wx-metro", "wx-bus", "ytz"} <= owed
    paid = Settlement.objects.filter(month=month, status=SettlementStatus.PAID)
    assert sorted(paid.values_list("operator__code", flat=True)) == sorted(owed)
    for statement in paid:
        booked = LedgerEntry.objects.filter(
            operator=statement.operator, booked_on__year=month.year, booked_on__month=month.month
        )
        assert statement.amount_fen == sum(booked.values_list("amount_fen", flat=True))
        assert statement.payment_reference
    all_paid = Settlement.objects.filter(status=SettlementStatus.PAID)
    assert figures["paid_fen"] == sum(all_paid.values_list("amount_fen", flat=True))


def test_the_live_month_is_left_to_prepare(city):
    latest = Swipe.objects.latest("at").at
    assert latest <= clock.now()
    month = timezone.localdate(latest).replace(day=1)
    assert not Settlement.objects.filter(month=month).exists()


def test_every_honoree_has_a_digital_certificate(city):
    """ "实现全市6000余名劳模'一人一码'" (2023): each active honoree, one valid code."""
    active = Honoree.objects.filter(status="active")
    certified = active.filter(
        certificates__revoked_at__isnull=True, certificates__expires_at__gt=clock.now()
    ).distinct()
    assert active.count() >= 6000 and certified.count() == active.count()
    first = Certificate.objects.order_by("issued_at").first()
    assert timezone.localdate(first.issued_at).year == 2023


def test_the_pool_balance_is_the_top_ups_less_every_accrual(city, figures):
    owed = sum(LedgerEntry.objects.values_list("amount_fen", flat=True))
    assert figures["pool_top_ups_fen"] == directory.POOL_OPENING_FEN
    assert figures["owed_fen"] == owed > 0
    assert figures["pool_balance_fen"] == directory.POOL_OPENING_FEN - owed
    assert figures["pool_warning_below_fen"] == directory.POOL_WARNING_FEN
    assert not figures["pool_low"]


def test_the_named_honorees_sign_in_with_their_card_and_code(city):
    for row in directory.NAMED:
        user = city.user(row["username"])
        honoree = Honoree.objects.get(person=user.person)
        assert (user.role, honoree.person.name) == ("applicant", row["name"])
        assert honoree.certificates.filter(revoked_at__isnull=True).exists()
        card = honoree.cards.get(status="active")
        assert card.batch.number == 1
        answer = city.client(row["username"], "en").get("/api/cards")
        assert [c["number"] for c in answer.json()["items"]] == [card.number]
    chen = Honoree.objects.get(person__name="陈锦坤")
    assert Swipe.objects.filter(honoree=chen, venue__code="metro-1", allowed=True).count() > 50


def test_the_demo_gates_answer_with_their_tokens(city):
    for username, token, _name, _note in directory.GATE_ACCOUNTS:
        answer = city.client().get("/api/gate/me", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 200, answer.content
        assert city.user(username).gate.venue.code in {"bus", "ytz"}


def test_a_second_load_changes_nothing(city):
    tables = [Person, Honoree, HonourCard, Swipe, LedgerEntry, Settlement, Operator, AuditEntry]
    before = {model.__name__: model.objects.count() for model in tables}
    accounts = demo.setup(log=lambda message: None)
    demo.load_history(log=lambda message: None)
    demo.live(log=lambda message: None)
    assert {model.__name__: model.objects.count() for model in tables} == before
    assert {"laomo.chen", "laomo.qian", "gate.bus01", "gate.ytz01"} <= {
        a["username"] for a in accounts
    }
    assert directory.DEMO_BUS_TOKEN in {a["password"] for a in accounts}


def test_one_more_swipe_moves_the_figure(city):
    union = city.actor("union")
    before = figures_internal(union)
    gate = actor_for(city.user("gate.metro01"))
    card = HonourCard.objects.get(number=directory.card_number(1, 7))
    moment = clock.now()
    swipe = swipe_authorize(
        gate_actor=gate, swipe_id="demo-test-1", card_number=card.transit_number, at=moment
    )
    assert swipe.allowed, swipe.reason
    after = figures_internal(union)
    assert after["swipes"] == before["swipes"] + 1
    assert after["owed_fen"] == before["owed_fen"] + swipe.amount_fen
    assert after["pool_balance_fen"] == before["pool_balance_fen"] - swipe.amount_fen


def test_the_plan_is_the_seed_figure():
    planned = swipes.plan()
    assert sum(p.allowed for p in planned) == swipes.ALLOWED == 3657
    assert len({(p.gate, p.swipe_id) for p in planned}) == len(planned)
    assert history.SETTLED_MONTHS == (JUNE, JULY)
    assert max(p.at.date() for p in planned) == swipes.LAST_DAY


def test_the_demo_citys_roll_ups_agree_with_a_recount(city):
    from onething.cards.services.tallies import card_tallies_differences

    assert card_tallies_differences() == []
