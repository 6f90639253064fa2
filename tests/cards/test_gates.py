"""The gate authorisation: a swipe of a card (its transit or card number) or a scanned code
at a gate, allowed or denied with the reason and the voice prompt; idempotent on the swipe
id; every allowed swipe one ledger row; the gate's token and nobody else's. The world (the
``network`` fixture) is built in ``world.py``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from onething.cards.models import LedgerEntry, Swipe
from onething.cards.services.cards import card_report_lost
from onething.cards.services.certificates import certificate_issue, signing_key_create
from onething.cards.services.gates import gate_register, swipe_authorize
from onething.cards.services.registry import honoree_status_change
from onething.cards.services.venues import benefit_save, tariff_set, venue_save
from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.models import User
from onething.core.permissions import actor_for
from onething.core.services.accounts import account_create, token_issue

from .world import METRO, NOW, SHANGHAI, fields, post

# -- allowed ------------------------------------------------------------------------------


def test_a_metro_ride_is_allowed_free_and_owed_to_the_metro(network):
    honoree, card = network.honoree()
    swipe = network.swipe("t-metro-01", card)
    assert (swipe.allowed, swipe.reason, swipe.voice, swipe.amount_fen) == (
        True,
        "ok",
        "关爱卡",
        300,
    )
    stored = Swipe.objects.get(pk=swipe.pk)
    assert (stored.honoree_id, stored.card_id, stored.presented, stored.offline) == (
        honoree.pk,
        card.pk,
        "card",
        False,
    )
    entry = LedgerEntry.objects.get(swipe=stored)
    assert (entry.operator.code, entry.venue.code, entry.amount_fen) == ("t-metro", METRO, 300)
    assert (entry.swiped_at, entry.booked_on, entry.corrects_id) == (NOW, NOW.date(), None)


def test_a_scenic_entry_is_allowed_and_the_card_number_works_too(network):
    _honoree, card = network.honoree("national")
    swipe = network.swipe("t-ytz-01", card_number=card.number)  # the 12-digit number
    assert (swipe.allowed, swipe.amount_fen, swipe.voice) == (True, 9000, "关爱卡")
    assert LedgerEntry.objects.get(swipe_id=swipe.pk).operator.code == "t-ytz"


def test_the_api_answers_a_gate_with_the_voice_prompt(network):
    _honoree, card = network.honoree()
    answer = post(
        network.client("t-bus-01"),
        "/api/gate/swipes",
        {"swipe_id": "bus-1", "card_number": card.transit_number, "at": NOW.isoformat()},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "swipe_id": "bus-1",
        "allowed": True,
        "reason": "ok",
        "reason_text": "Allowed: enjoy your ride or visit.",
        "voice": "关爱卡",
        "amount_fen": 200,
        "service": "",  # a ride is no visit: no service, bill nor discount
        "bill_fen": None,
        "discount_fen": 0,
        "funded_by": "",
    }


def test_a_time_without_offset_is_beijing_time(network):
    _honoree, card = network.honoree()
    answer = post(
        network.client(),
        "/api/gate/swipes",
        {"swipe_id": "naive", "card_number": card.transit_number, "at": "2026-03-10T09:58:00"},
    )
    assert answer.json()["allowed"] is True
    assert Swipe.objects.get(swipe_id="naive").at == NOW - dt.timedelta(minutes=2)


# -- denied -------------------------------------------------------------------------------


def _denied(swipe: Swipe, reason: str) -> None:
    assert (swipe.allowed, swipe.reason, swipe.voice, swipe.amount_fen) == (
        False,
        reason,
        "请走人工通道",
        0,
    )
    assert Swipe.objects.filter(pk=swipe.pk).exists()
    assert not LedgerEntry.objects.filter(swipe_id=swipe.pk).exists()


def test_a_blocked_card_is_denied(network):
    honoree, card = network.honoree()
    card_report_lost(actor=network.union, card_number=card.number)
    swipe = network.swipe(card=card)
    _denied(swipe, "card_blocked")
    assert swipe.honoree_id == honoree.pk


def test_a_suspended_honoree_is_denied_and_allowed_again_when_reinstated(network):
    honoree, card = network.honoree()
    honoree_status_change(
        actor=network.union, honoree_id=honoree.pk, status="suspended", reason="审查"
    )
    _denied(network.swipe(card=card), "honoree_suspended")
    honoree_status_change(
        actor=network.union, honoree_id=honoree.pk, status="active", reason="恢复"
    )
    assert network.swipe(card=card).allowed


def test_a_venue_without_a_benefit_for_the_level_is_denied(network):
    _honoree, card = network.honoree("treated")  # 鼋头渚's benefit leaves treated people out
    _denied(network.swipe("t-ytz-01", card), "no_benefit")
    assert network.swipe("t-metro-01", card).allowed  # the metro's serves every level


def test_the_daily_cap_is_counted_by_the_swipes_local_day(network):
    _honoree, card = network.honoree()
    assert network.swipe("t-ytz-01", card).allowed
    _denied(network.swipe("t-ytz-01", card), "daily_cap")
    assert network.swipe("t-metro-01", card).allowed  # another venue, another benefit
    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert network.swipe("t-ytz-01", card).allowed
    # 23:59 the day before, Beijing time, is another day (an offline swipe reported now)
    late = dt.datetime(2026, 3, 9, 23, 59, tzinfo=SHANGHAI)
    assert network.swipe("t-ytz-01", card, at=late).allowed


def test_a_monthly_cap(network):
    venue_save(actor=network.union, code="t-museum", name="博物院", operator_code="t-ytz")
    tariff_set(actor=network.union, venue_code="t-museum", price_fen=2001, valid_from="2026-01-01")
    benefit_save(
        actor=network.union,
        name="博物院半价",
        venue_code="t-museum",
        levels=["provincial"],
        kind="discount",
        discount_percent=50,
        monthly_cap=2,
        valid_from="2026-01-01",
    )
    gate_register(actor=network.union, code="t-museum-01", name="博物院", venue_code="t-museum")
    _honoree, card = network.honoree("provincial")
    first_day = dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)
    first = network.swipe("t-museum-01", card, at=first_day, offline=True)
    assert (first.allowed, first.amount_fen) == (True, 1001)  # half of 2001, rounded half up
    assert network.swipe("t-museum-01", card).allowed
    _denied(network.swipe("t-museum-01", card), "monthly_cap")
    previous_month = dt.datetime(2026, 2, 28, 23, 0, tzinfo=SHANGHAI)
    assert network.swipe("t-museum-01", card, at=previous_month, offline=True).allowed


def test_a_swipe_an_hour_ahead_is_denied_and_one_far_back_refused(network):
    _honoree, card = network.honoree()
    _denied(network.swipe(card=card, at=NOW + dt.timedelta(hours=1)), "future_time")
    assert network.swipe(card=card, at=NOW + dt.timedelta(minutes=4)).allowed  # clock skew
    with pytest.raises(ValidationFailed) as refused:
        network.swipe(card=card, at=NOW - dt.timedelta(days=8))
    assert refused.value.problems[0].field == "at"
    assert refused.value.problems[0].rule == "too_old"


def test_an_unknown_card_is_denied_and_recorded_without_a_holder(network):
    swipe = network.swipe(card_number="3102 7799 9999 9999")
    _denied(swipe, "unknown_card")
    assert (swipe.honoree_id, swipe.card_id) == (None, None)


def test_a_denial_is_an_answer_not_an_error(network):
    answer = post(
        network.client(),
        "/api/gate/swipes",
        {"swipe_id": "x-1", "card_number": "3102779999999999", "at": NOW.isoformat()},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["allowed"], body["reason"], body["voice"]) == (
        False,
        "unknown_card",
        "请走人工通道",
    )
    assert body["reason_text"] == "Denied: this card is not an honour card."


# -- codes --------------------------------------------------------------------------------


def test_a_scanned_code_is_allowed_and_a_tampered_or_revoked_one_denied(network):
    from onething.cards.services.certificates import certificate_revoke

    signing_key_create(actor=network.union)
    honoree, _card = network.honoree()
    certificate, code = certificate_issue(actor=network.union, honoree_id=honoree.pk)
    swipe = network.swipe("t-metro-01", code=code)
    assert (swipe.allowed, swipe.presented, swipe.honoree_id, swipe.card_id) == (
        True,
        "code",
        honoree.pk,
        None,
    )
    assert LedgerEntry.objects.get(swipe_id=swipe.pk).amount_fen == 300
    tampered = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    _denied(network.swipe(code=tampered), "bad_signature")
    _denied(network.swipe(code="not a code"), "malformed")
    certificate_revoke(actor=network.union, serial=certificate.serial, reason="test")
    _denied(network.swipe(code=code), "revoked")
    answer = post(
        network.client(),
        "/api/gate/swipes",
        {"swipe_id": "code-x", "code": code, "at": NOW.isoformat()},
    )
    assert answer.json()["reason"] == "revoked"
    assert answer.json()["reason_text"]


def test_a_code_counts_against_the_same_caps_as_the_card(network):
    signing_key_create(actor=network.union)
    honoree, card = network.honoree()
    _certificate, code = certificate_issue(actor=network.union, honoree_id=honoree.pk)
    assert network.swipe("t-ytz-01", code=code).allowed
    _denied(network.swipe("t-ytz-01", card), "daily_cap")


# -- idempotency --------------------------------------------------------------------------


def test_a_retry_gets_the_same_answer_and_is_counted_once(network):
    _honoree, card = network.honoree()
    body = {"swipe_id": "retry-1", "card_number": card.transit_number, "at": NOW.isoformat()}
    first = post(network.client("t-ytz-01"), "/api/gate/swipes", body)
    again = post(network.client("t-ytz-01"), "/api/gate/swipes", body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["allowed"] is True  # not denied by the cap of one a day
    assert Swipe.objects.filter(swipe_id="retry-1").count() == 1
    assert LedgerEntry.objects.filter(swipe__swipe_id="retry-1").count() == 1
    # the same swipe id at another gate is another swipe
    other = post(network.client("t-metro-01"), "/api/gate/swipes", body)
    assert other.json()["amount_fen"] == 300
    assert Swipe.objects.filter(swipe_id="retry-1").count() == 2


def test_a_stored_answer_is_returned_unchanged_even_after_the_card_was_blocked(network):
    _honoree, card = network.honoree()
    first = network.swipe(card=card, swipe_id="s-1")
    card_report_lost(actor=network.union, card_number=card.number)
    again = network.swipe(card=card, swipe_id="s-1")
    assert (again.pk, again.allowed, again.reason) == (first.pk, True, "ok")
    assert LedgerEntry.objects.filter(swipe_id=first.pk).count() == 1


def test_the_same_swipe_id_with_another_card_is_a_conflict(network):
    _a, card_a = network.honoree()
    _b, card_b = network.honoree()
    network.swipe(card=card_a, swipe_id="dup-1")
    with pytest.raises(Conflict) as conflict:
        network.swipe(card=card_b, swipe_id="dup-1")
    assert conflict.value.code == "swipe_id_reused"
    answer = post(
        network.client(),
        "/api/gate/swipes",
        {"swipe_id": "dup-1", "card_number": card_b.transit_number, "at": NOW.isoformat()},
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "swipe_id_reused"
    assert Swipe.objects.filter(swipe_id="dup-1").count() == 1


# -- who may ask --------------------------------------------------------------------------


def test_only_a_gates_token_may_swipe(network):
    _honoree, card = network.honoree()
    body = {"swipe_id": "who-1", "card_number": card.transit_number, "at": NOW.isoformat()}
    union = User.objects.get(username="union")
    _token, secret = token_issue(actor=network.city.system, user=union, name="union script")
    answer = post(Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), "/api/gate/swipes", body)
    assert answer.status_code == 403
    assert post(network.city.client("union"), "/api/gate/swipes", body).status_code == 403
    assert post(Client(), "/api/gate/swipes", body).status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer ot_nothing_at_all")
    assert post(bad, "/api/gate/swipes", body).status_code == 401
    # a gate account that has no gate
    lone = account_create(
        actor=network.city.system, username="gate.lone", password=None, role="gate"
    )
    with pytest.raises(PermissionDenied) as refused:
        swipe_authorize(
            gate_actor=actor_for(lone), swipe_id="x", card_number=card.transit_number, at=NOW
        )
    assert refused.value.code == "not_a_gate"
    with pytest.raises(PermissionDenied):
        swipe_authorize(
            gate_actor=network.union, swipe_id="x", card_number=card.transit_number, at=NOW
        )
    assert not Swipe.objects.filter(swipe_id__in=["who-1", "x"]).exists()


def test_malformed_swipes_are_422_naming_the_field(network):
    client = network.client()
    at = NOW.isoformat()
    cases = [
        ({"swipe_id": "m", "at": at}, "card_number", "one_of"),
        ({"swipe_id": "m", "card_number": "3102779999999999", "code": "LM1.x", "at": at},
         "card_number", "one_of"),
        ({"swipe_id": "m", "card_number": "12345", "at": at}, "card_number", "format"),
        ({"swipe_id": "has space", "card_number": "3102779999999999", "at": at},
         "swipe_id", "format"),
        ({"swipe_id": "x" * 65, "card_number": "3102779999999999", "at": at},
         "swipe_id", "format"),
        ({"swipe_id": "m", "card_number": "3102779999999999", "at": "yesterday"}, "at", "type"),
        ({"swipe_id": "m", "card_number": "3102779999999999"}, "at", "required"),
    ]  # fmt: skip
    for body, field, rule in cases:
        answer = post(client, "/api/gate/swipes", body)
        assert answer.status_code == 422, body
        assert fields(answer).get(field) == rule, (body, answer.json())
    assert not Swipe.objects.filter(swipe_id="m").exists()
