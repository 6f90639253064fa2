"""The gate endpoints' own token check (``services.gates.gate_caller``, one statement): the
same answers as core's token authentication — a revoked token or an inactive account is
nobody (401), another account's token is refused by the gate check (403) — and the actor it
makes is the one ``actor_for`` makes. And the swipe at a venue without a cap (no lock, the
swipe and its ledger row in one statement): one swipe row, one ledger row, a retry the same."""

from __future__ import annotations

import pytest

from onething.cards.models import Gate, LedgerEntry, Swipe
from onething.cards.services.gates import gate_caller
from onething.core import clock
from onething.core.models import ApiToken
from onething.core.permissions import SYSTEM, actor_for
from onething.core.services.accounts import token_issue, token_revoke

from .world import METRO, post

pytestmark = pytest.mark.django_db


def _body(card, swipe_id: str = "auth-1") -> dict:
    return {"swipe_id": swipe_id, "card_number": card.transit_number, "at": clock.now().isoformat()}


def test_the_gate_caller_is_the_actor_core_makes_and_marks_the_token_used(network):
    token = network.tokens["t-metro-01"]
    account = Gate.objects.get(code="t-metro-01").account
    ApiToken.objects.filter(user=account).update(last_used_at=None)
    assert gate_caller(token) == actor_for(account)
    assert ApiToken.objects.get(user=account).last_used_at is not None
    assert gate_caller("ot_not-a-token") is None
    assert gate_caller("") is None


def test_a_revoked_token_or_an_inactive_gate_account_is_nobody(network):
    _honoree, card = network.honoree()
    assert post(network.client(), "/api/gate/swipes", _body(card, "a")).status_code == 200
    account = Gate.objects.get(code="t-metro-01").account
    token_revoke(actor=SYSTEM, token=ApiToken.objects.get(user=account))
    assert post(network.client(), "/api/gate/swipes", _body(card, "b")).status_code == 401
    _token, secret = token_issue(actor=SYSTEM, user=account, name="new")
    fresh = network.client()
    fresh.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert post(fresh, "/api/gate/swipes", _body(card, "c")).status_code == 200
    account.is_active = False
    account.save(update_fields=["is_active"])
    answer = post(fresh, "/api/gate/swipes/batch", {"swipes": [_body(card, "d")]})
    assert answer.status_code == 401
    assert post(fresh, "/api/gate/swipes", _body(card, "e")).status_code == 401
    mine = Swipe.objects.filter(gate__account=account)
    assert sorted(mine.values_list("swipe_id", flat=True)) == ["a", "c"]


def test_another_accounts_token_is_refused_by_the_gate_check(network):
    _honoree, card = network.honoree()
    union = network.city.user("union")
    _token, secret = token_issue(actor=SYSTEM, user=union, name="script")
    answer = network.city.client().post(
        "/api/gate/swipes",
        _body(card),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "permission_denied"
    assert not Swipe.objects.filter(card=card).exists()


def test_an_uncapped_swipe_writes_one_swipe_and_one_ledger_row_and_a_retry_nothing(network):
    honoree, card = network.honoree()
    body = _body(card, "metro-1")
    first = post(network.client(), "/api/gate/swipes", body)
    again = post(network.client(), "/api/gate/swipes", body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["allowed"] is True and first.json()["amount_fen"] == 300
    swipe = Swipe.objects.get(swipe_id="metro-1")
    assert (swipe.venue.code, swipe.honoree_id, swipe.card_id) == (METRO, honoree.pk, card.pk)
    entry = LedgerEntry.objects.get(swipe=swipe)
    assert (entry.amount_fen, entry.operator.code, entry.note) == (300, "t-metro", "")
    assert entry.booked_on == clock.today() and entry.swiped_at == swipe.at
    conflict = post(network.client(), "/api/gate/swipes", {**body, "card_number": "1" * 16})
    assert conflict.status_code == 409
    assert LedgerEntry.objects.filter(swipe__swipe_id="metro-1").count() == 1


def test_a_cached_gate_token_needs_no_statement_and_is_refused_at_once_when_revoked(network):
    """The gate's token look-up is cached (a few seconds): the next request sends no
    statement for it, and revoking the token, deactivating or changing its account, or
    deleting it forgets the entry at once (in this process; docs/decisions.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _honoree, card = network.honoree()
    account = Gate.objects.get(code="t-metro-01").account
    tokens = ApiToken.objects.filter(user=account)
    client = network.client()
    assert post(client, "/api/gate/swipes", _body(card, "c1")).status_code == 200
    with CaptureQueriesContext(connection) as seen:
        assert post(client, "/api/gate/swipes", _body(card, "c2")).status_code == 200
    assert not [q for q in seen.captured_queries if ApiToken._meta.db_table in q["sql"]]

    token_revoke(actor=SYSTEM, token=tokens.get())  # cached a moment ago: refused at once
    assert post(client, "/api/gate/swipes", _body(card, "c3")).status_code == 401

    _token, secret = token_issue(actor=SYSTEM, user=account, name="new")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert post(client, "/api/gate/swipes", _body(card, "c4")).status_code == 200
    account.role = "admin"  # no longer a gate's account
    account.save()
    assert post(client, "/api/gate/swipes", _body(card, "c5")).status_code in (401, 403)
    account.role = "gate"
    account.save()
    assert post(client, "/api/gate/swipes", _body(card, "c6")).status_code == 200
    tokens.filter(revoked_at__isnull=True).get().delete()
    assert post(client, "/api/gate/swipes", _body(card, "c7")).status_code == 401
    mine = Swipe.objects.filter(gate__account=account)
    assert sorted(mine.values_list("swipe_id", flat=True)) == ["c1", "c2", "c4", "c6"]
