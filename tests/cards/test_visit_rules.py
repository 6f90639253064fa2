"""The desk scenes' pure rules, without a database: the dining discount's maths (a share of
the bill, half up to the fen, capped per visit), who owes what, and the decision at a desk
— the green channel's priority service never charged, a dining offer needing its bill,
the pool's discount owed to the merchant and the merchant's own not — and the visit's
fields checked."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onething.cards.rules import benefits, visits
from onething.core.errors import FieldProblem

NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 10)


def spec(**changes) -> benefits.BenefitSpec:
    values = {
        "id": 7,
        "levels": ("municipal",),
        "discount_percent": 10,
        "daily_cap": None,
        "monthly_cap": None,
        "voice": "劳模优惠",
        "valid_from": dt.date(2025, 9, 1),
        "valid_to": None,
        "kind": "bill_discount",
        "funded_by": "pool",
        "visit_cap_fen": None,
    }
    return benefits.BenefitSpec(**{**values, **changes})


def decide(benefit: benefits.BenefitSpec, **changes) -> benefits.Decision:
    values = {
        "card_status": "active",
        "honoree_status": "active",
        "level": "municipal",
        "benefits": [benefit],
        "at": NOW,
        "now": NOW,
        "local_day": DAY,
        "uses_today": 0,
        "uses_month": 0,
        "price_fen": None,
        "bill_fen": None,
    }
    return benefits.decide(**{**values, **changes})


class TestDiscount:
    @pytest.mark.parametrize(
        ("bill", "percent", "cap", "expected"),
        [
            (12850, 10, None, 1285),
            (12345, 10, None, 1235),  # 1234.5 fen: half up
            (12344, 10, None, 1234),
            (5, 10, None, 1),  # 0.5 fen: half up to one fen
            (4, 10, None, 0),
            (100_000, 10, 3000, 3000),  # at most ¥30 a visit
            (29_990, 10, 3000, 2999),
            (1, 99, None, 1),
        ],
    )
    def test_a_share_of_the_bill_half_up_to_the_fen_and_capped(self, bill, percent, cap, expected):
        assert visits.discount(bill, percent, cap) == expected

    @given(
        st.integers(min_value=1, max_value=visits.MAX_BILL_FEN),
        st.integers(min_value=1, max_value=99),
        st.one_of(st.none(), st.integers(min_value=1, max_value=10**7)),
    )
    def test_never_more_than_the_bill_nor_the_cap_and_exact(self, bill, percent, cap):
        off = visits.discount(bill, percent, cap)
        assert 0 <= off <= bill
        assert cap is None or off <= cap
        exact = bill * percent  # in hundredths of a fen
        uncapped = exact // 100 + (1 if exact % 100 >= 50 else 0)
        assert off == (uncapped if cap is None else min(uncapped, cap))

    def test_who_owes_what(self):
        assert visits.owed_by_union(1285, "pool") == 1285
        assert visits.owed_by_union(1285, "merchant") == 0
        assert not visits.charged("priority", "pool")
        assert visits.charged("bill_discount", "pool")
        assert not visits.charged("bill_discount", "merchant")
        assert visits.charged("free_ride", "pool") and visits.charged("discount", "pool")


class TestDecision:
    def test_the_green_channel_needs_no_tariff_and_is_never_charged(self):
        decision = decide(spec(kind="priority", discount_percent=0), price_fen=None)
        assert (decision.allowed, decision.amount_fen, decision.charged) == (True, 0, False)
        assert decision.kind == "priority" and decision.benefit_id == 7
        with_tariff = decide(spec(kind="priority"), price_fen=1000)  # a tariff is ignored
        assert (with_tariff.amount_fen, with_tariff.charged) == (0, False)

    def test_a_dining_offer_paid_by_the_pool_is_owed_to_the_merchant(self):
        decision = decide(spec(visit_cap_fen=3000), bill_fen=12850)
        assert (decision.allowed, decision.discount_fen, decision.amount_fen) == (True, 1285, 1285)
        assert (decision.funded_by, decision.charged) == ("pool", True)
        capped = decide(spec(visit_cap_fen=3000), bill_fen=50_000)
        assert (capped.discount_fen, capped.amount_fen) == (3000, 3000)

    def test_a_dining_offer_at_the_merchants_cost_owes_nothing(self):
        decision = decide(spec(funded_by="merchant", discount_percent=15), bill_fen=10_000)
        assert (decision.allowed, decision.discount_fen, decision.amount_fen) == (True, 1500, 0)
        assert (decision.funded_by, decision.charged) == ("merchant", False)

    def test_a_dining_offer_without_the_bill_is_denied(self):
        decision = decide(spec())
        assert (decision.allowed, decision.reason, decision.charged) == (
            False,
            "bill_required",
            False,
        )

    def test_the_caps_and_the_standing_come_first(self):
        capped = spec(daily_cap=1, monthly_cap=8)
        assert decide(capped, bill_fen=100, uses_today=1).reason == "daily_cap"
        assert decide(capped, bill_fen=100, uses_month=8).reason == "monthly_cap"
        assert decide(spec(), bill_fen=100, card_status="blocked").reason == "card_blocked"
        assert decide(spec(), bill_fen=100, level="district").reason == "no_benefit"
        later = spec(valid_from=dt.date(2026, 4, 1))
        assert decide(later, bill_fen=100).reason == "no_benefit"

    def test_admit_says_which_benefit_applies_without_pricing(self):
        applies, refused = benefits.admit(
            card_status=None,
            honoree_status="active",
            level="municipal",
            benefits=[spec()],
            at=NOW,
            now=NOW,
            local_day=DAY,
            uses_today=0,
            uses_month=0,
        )
        assert refused is None and applies.kind == "bill_discount"

    def test_the_other_benefits_keep_the_tariffs_share(self):
        free = decide(spec(kind="free_entry", discount_percent=100), price_fen=9000)
        assert (free.amount_fen, free.charged, free.discount_fen) == (9000, True, 0)
        assert decide(spec(kind="free_entry", discount_percent=100)).reason == "no_tariff"


class TestVisitFields:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ({"bill_fen": "12850"}, {("bill_fen", "type")}),
            ({"bill_fen": 12.5}, {("bill_fen", "type")}),
            ({"bill_fen": True}, {("bill_fen", "type")}),
            ({"bill_fen": 0}, {("bill_fen", "range")}),
            ({"bill_fen": visits.MAX_BILL_FEN + 1}, {("bill_fen", "range")}),
            ({"service": "massage"}, {("service", "choice")}),
            ({"service": 3, "bill_fen": -1}, {("service", "choice"), ("bill_fen", "range")}),
        ],
    )
    def test_every_problem_named(self, raw, expected):
        problems: list[FieldProblem] = []
        assert visits.visit_terms_clean(raw, problems) == (None, "")
        assert {(p.field, p.rule) for p in problems} == expected

    def test_good_fields_pass(self):
        problems: list[FieldProblem] = []
        raw = {"bill_fen": 12850, "service": "escort"}
        assert visits.visit_terms_clean(raw, problems, "swipes.0.") == (12850, "escort")
        assert problems == []
        visits.visit_terms_clean({"bill_fen": "x"}, problems, "swipes.3.")
        assert problems[0].field == "swipes.3.bill_fen"
