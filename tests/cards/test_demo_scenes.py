"""The demo city's next scenes of the honour card (seed 000: "探索将'无锡劳模卡'应用拓展至
医院就诊绿色通道、餐饮商圈优惠等生活场景"): 市人民医院's green channel in force from
2025-09-01 (a priority service: visits, no tariff, no ledger row), four merchants of the
南长街·清名桥 商圈 with their dining offers (two paid by the pool, two at the merchants'
cost), the desks' visits of the live layer relative to today, and a month of the
pool-paid offers settled when the dates allow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from onething.cards.models import Benefit, LedgerEntry, Settlement, SettlementStatus, Swipe, Tariff
from onething.cards.selectors.figures import figures_internal
from onething.demo.cards.data import directory, scenes
from onething.demo.timeline import live_now

pytestmark = [pytest.mark.django_db, pytest.mark.demo_city]
POOL_PAID = [row[0] for row in directory.DINING if row[3] == "pool"]
OWN_COST = [row[0] for row in directory.DINING if row[3] == "merchant"]


def test_the_green_channel_is_in_force_and_never_charged(city):
    green = Benefit.objects.get(venue__code="rmyy-green")
    assert (green.kind, green.valid_from) == ("priority", directory.SCENES_START)
    assert not Tariff.objects.filter(venue__code="rmyy-green").exists()
    visits = Swipe.objects.filter(venue__code="rmyy-green", allowed=True)
    assert visits.count() > 5 and visits.filter(service="registration").exists()
    assert not visits.exclude(amount_fen=0).exists()
    assert not LedgerEntry.objects.filter(venue__code="rmyy-green").exists()
    qian = directory.transit_number(1, scenes.QIAN)
    planned = any(v.card == qian for v in scenes.plan(live_now()))  # his first Tuesdays
    assert visits.filter(honoree__person__name="钱宏进").exists() == planned


def test_the_dining_offers_of_one_business_district(city):
    offers = Benefit.objects.filter(kind="bill_discount").select_related("venue__operator")
    assert {b.venue.area for b in offers} == {directory.AREA}
    assert {b.venue.operator.kind for b in offers} == {"restaurant"}
    assert {b.funded_by for b in offers} == {"pool", "merchant"}
    visits = Swipe.objects.filter(venue__operator__kind="restaurant", allowed=True)
    latest = timezone.localdate(visits.latest("at").at)
    assert live_now().date() - latest <= dt.timedelta(days=3)  # the live layer, up to today
    assert not LedgerEntry.objects.filter(operator__code__in=OWN_COST).exists()
    pool_paid = visits.filter(venue__code__in=POOL_PAID)
    owed = LedgerEntry.objects.filter(swipe__in=pool_paid).aggregate(s=Sum("amount_fen"))["s"]
    assert owed == pool_paid.aggregate(s=Sum("discount_fen"))["s"] > 0
    assert visits.filter(venue__code__in=OWN_COST, discount_fen__gt=0).exists()


def test_a_month_of_the_pool_paid_offers_is_settled_when_the_dates_allow(city):
    month = scenes.settled_month(live_now())
    if month is None:
        pytest.skip("today is too close to the scenes' start for a whole month to be settled")
    paid = Settlement.objects.filter(
        month=month, status=SettlementStatus.PAID, operator__code__in=POOL_PAID
    )
    assert paid.count() == len(POOL_PAID)
    for statement in paid:
        booked = LedgerEntry.objects.filter(
            operator=statement.operator, booked_on__year=month.year, booked_on__month=month.month
        )
        assert statement.amount_fen == booked.aggregate(s=Sum("amount_fen"))["s"] > 0
    assert not Settlement.objects.filter(operator__code__in=OWN_COST).exists()


def test_the_figures_show_the_scenes(city):
    figures = figures_internal(city.actor("union"))
    assert figures["hospital_visits"] > 5 and figures["dining_visits"] > 20
    dining = figures["dining"]
    assert dining["pool_fen"] > 0 and dining["merchant_fen"] > 0
    assert dining["discount_fen"] == dining["pool_fen"] + dining["merchant_fen"]


def test_the_desk_accounts_sign_in_to_their_desk(city):
    for _code, _name, _venue, username in directory.DESKS:
        page = city.client(username).get("/honour/desk/")
        assert page.status_code == 200, username
        assert Swipe.objects.filter(gate__account__username=username).exists()
