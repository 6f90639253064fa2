"""The honour cards' pure rules, without a database: the signed personal code (一人一码),
the gate's decision and the union's share, the month's statement and the reconciliation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from onething.cards.rules import benefits, codes, settlement
from onething.core.signing import public_key_text, verify_key

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
KEY1, KEY2 = SigningKey(b"1" * 32), SigningKey(b"2" * 32)
KEYS = {1: KEY1.verify_key, 2: KEY2.verify_key}


def claims(**changes) -> codes.Claims:
    values = {
        "kid": 1,
        "serial": 4735,
        "honoree": 42,
        "level": "municipal",
        "issued": NOW - dt.timedelta(days=1),
        "expires": NOW + dt.timedelta(days=364),
    }
    return codes.Claims(**{**values, **changes})


class TestCodes:
    def test_a_code_is_compact_and_verifies_offline(self):
        code = codes.encode(claims(), KEY1)
        assert code.startswith("LM1.") and len(code) <= 4 + 118  # 88 bytes in base64url
        verdict = codes.verify(code, KEYS, now=NOW)
        assert verdict.valid and verdict.reason == "ok"
        assert verdict.claims == claims()

    @given(st.integers(min_value=4, max_value=100), st.integers(min_value=1, max_value=255))
    def test_any_changed_byte_breaks_the_signature_or_the_form(self, position, flip):
        code = codes.encode(claims(), KEY1)
        raw = bytearray(code.encode())
        index = min(position, len(raw) - 1)
        raw[index] = (raw[index] + flip) % 128 or 65
        tampered = raw.decode("latin-1")
        verdict = codes.verify(tampered, KEYS, now=NOW)
        assert tampered == code or not verdict.valid

    def test_a_code_has_one_spelling(self):
        # base64url's '-' and '_' written as '+' and '/' (or padded) decode to the same bytes
        # in a lenient decoder: such a text is another code, refused
        code = codes.encode(claims(), KEY1)
        body = code[len("LM1.") :]
        for alias in (body.replace("_", "/"), body.replace("-", "+"), body + "=="):
            if alias != body:
                assert not codes.verify("LM1." + alias, KEYS, now=NOW).valid

    def test_a_code_signed_by_another_key_under_this_kid_is_refused(self):
        forged = codes.encode(claims(kid=1), KEY2)
        assert codes.verify(forged, KEYS, now=NOW).reason == "bad_signature"

    def test_an_unknown_or_retired_key(self):
        code = codes.encode(claims(kid=1), KEY1)
        assert codes.verify(code, {2: KEY2.verify_key}, now=NOW).reason == "unknown_key"

    def test_rotation_old_codes_verify_until_their_key_is_retired(self):
        old, new = codes.encode(claims(kid=1), KEY1), codes.encode(claims(kid=2), KEY2)
        assert codes.verify(old, KEYS, now=NOW).valid and codes.verify(new, KEYS, now=NOW).valid

    def test_expired_not_yet_valid_and_revoked(self):
        code = codes.encode(claims(), KEY1)
        later = NOW + dt.timedelta(days=365)
        assert codes.verify(code, KEYS, now=later).reason == "expired"
        early = NOW - dt.timedelta(days=2)
        assert codes.verify(code, KEYS, now=early).reason == "not_yet_valid"
        assert codes.verify(code, KEYS, now=NOW, revoked={4735}).reason == "revoked"

    @pytest.mark.parametrize("text", ["", "LM1.", "LM1.!!!", "XX1.abcd", "LM1." + "A" * 300, 7])
    def test_garbage_is_malformed_never_an_exception(self, text):
        assert codes.verify(text, KEYS, now=NOW).reason == "malformed"

    def test_public_keys_travel_as_text(self):
        text = public_key_text(KEY1.verify_key)
        code = codes.encode(claims(), KEY1)
        assert codes.verify(code, {1: verify_key(text)}, now=NOW).valid


FREE = benefits.BenefitSpec(
    id=1,
    levels=("national", "provincial", "municipal", "treated"),
    discount_percent=100,
    daily_cap=4,
    monthly_cap=60,
    voice="关爱卡",
    valid_from=dt.date(2025, 1, 1),
    valid_to=None,
)


def decide(**changes) -> benefits.Decision:
    values = {
        "card_status": "active",
        "honoree_status": "active",
        "level": "municipal",
        "benefits": [FREE],
        "at": NOW,
        "now": NOW,
        "local_day": NOW.date(),
        "uses_today": 0,
        "uses_month": 0,
        "price_fen": 300,
    }
    return benefits.decide(**{**values, **changes})


class TestDecide:
    def test_a_free_ride_is_allowed_with_the_voice_prompt_and_the_fare_owed(self):
        decision = decide()
        assert (decision.allowed, decision.voice, decision.amount_fen) == (True, "关爱卡", 300)

    @pytest.mark.parametrize(
        "changes, reason",
        [
            ({"card_status": "blocked"}, "card_blocked"),
            ({"honoree_status": "suspended"}, "honoree_suspended"),
            ({"benefits": []}, "no_benefit"),
            ({"level": "district"}, "no_benefit"),
            ({"uses_today": 4}, "daily_cap"),
            ({"uses_month": 60}, "monthly_cap"),
            ({"at": NOW + dt.timedelta(hours=1)}, "future_time"),
            ({"price_fen": None}, "no_tariff"),
            ({"local_day": dt.date(2024, 12, 31)}, "no_benefit"),
        ],
    )
    def test_denials_say_why(self, changes, reason):
        decision = decide(**changes)
        assert not decision.allowed and decision.reason == reason and decision.amount_fen == 0

    def test_a_code_has_no_card_status(self):
        assert decide(card_status=None).allowed

    @pytest.mark.parametrize(
        "price, percent, owed", [(300, 100, 300), (9000, 50, 4500), (333, 50, 167), (1, 50, 1)]
    )
    def test_the_share_is_whole_fen_half_up(self, price, percent, owed):
        assert benefits.amount(price, percent) == owed


class TestSettlement:
    def test_months(self):
        assert settlement.month_of(dt.date(2026, 2, 17)) == dt.date(2026, 2, 1)
        assert settlement.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)

    def test_a_statement_by_venue_and_day(self):
        day1, day2 = dt.date(2026, 10, 1), dt.date(2026, 10, 2)
        made = settlement.statement(
            [
                ("metro-1", day1, 300, True),
                ("metro-1", day1, 300, True),
                ("metro-1", day2, 300, True),
                ("metro-1", day2, -300, False),  # a correction
            ]
        )
        assert (made.swipes, made.amount_fen) == (3, 600)
        assert made.lines == [
            {"venue": "metro-1", "day": "2026-10-01", "swipes": 2, "amount_fen": 600},
            {"venue": "metro-1", "day": "2026-10-02", "swipes": 1, "amount_fen": 0},
        ]

    def test_reconcile_lists_each_kind_of_difference(self):
        found = settlement.reconcile(
            {"g1:a": 300, "g1:b": 300, "g1:c": 300}, {"g1:a": 300, "g1:c": 200, "g1:d": 300}
        )
        assert found.only_ours == ["g1:b"] and found.only_theirs == ["g1:d"]
        assert found.amount_differs == [{"swipe": "g1:c", "ours": 300, "theirs": 200}]
        assert not found.clean
        assert settlement.reconcile({"x": 1}, {"x": 1}).clean
