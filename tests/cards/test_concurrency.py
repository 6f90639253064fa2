"""Swipes in parallel on PostgreSQL (real commits, one connection per thread): one card at
two gates against a cap of one, twenty retries of one swipe, a batch racing a live swipe.
Never a double count."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from onething.cards.models import LedgerEntry, Swipe
from onething.cards.services.gates import gate_register, swipe_authorize, swipes_upload
from onething.core import clock

from .world import SCENIC, Network, post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(work, count: int) -> tuple[list, list]:
    """Run ``work(i)`` in ``count`` threads released at once: (results, errors)."""
    start = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(i: int) -> None:
        try:
            start.wait(10)
            results[i] = work(i)
        except Exception as exc:  # pragma: no cover - reported by the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def test_one_card_at_two_gates_at_once_passes_a_cap_of_one_once(transactional_city):
    network = Network(transactional_city)
    gate_register(actor=network.union, code="t-ytz-02", name="鼋头渚 2号门", venue_code=SCENIC)
    honoree, card = network.honoree("national")
    gates = [network.gate("t-ytz-01"), network.gate("t-ytz-02")]
    at = clock.now()
    for round_ in range(3):  # a few rounds: the race is real each time
        swipes, errors = in_parallel(
            lambda i, r=round_: swipe_authorize(
                gate_actor=gates[i],
                swipe_id=f"race-{r}",
                card_number=card.transit_number,
                at=at,
            ),
            2,
        )
        assert errors == []
        if round_ == 0:
            assert sorted((s.allowed, s.reason) for s in swipes) == [
                (False, "daily_cap"),
                (True, "ok"),
            ]
        else:
            assert [s.reason for s in swipes] == ["daily_cap", "daily_cap"]
    allowed = Swipe.objects.filter(honoree=honoree, allowed=True)
    assert allowed.count() == 1
    assert LedgerEntry.objects.filter(swipe__honoree=honoree).count() == 1
    assert Swipe.objects.filter(honoree=honoree).count() == 6


def test_twenty_parallel_retries_make_one_swipe_and_one_ledger_row(transactional_city):
    network = Network(transactional_city)
    _honoree, card = network.honoree()
    body = {"swipe_id": "retry-20", "card_number": card.transit_number, "at": clock.now()}
    body["at"] = body["at"].isoformat()
    token = network.tokens["t-ytz-01"]

    def retry(i: int):
        answer = post(Client(HTTP_AUTHORIZATION=f"Bearer {token}"), "/api/gate/swipes", body)
        return answer.status_code, answer.json()

    answers, errors = in_parallel(retry, 20)
    assert errors == []
    assert {status for status, _body in answers} == {200}
    bodies = {tuple(sorted(b.items())) for _status, b in answers}
    assert len(bodies) == 1  # every retry got the same answer
    (only,) = bodies
    assert dict(only)["allowed"] is True and dict(only)["amount_fen"] == 9000
    assert Swipe.objects.filter(swipe_id="retry-20").count() == 1
    assert LedgerEntry.objects.filter(swipe__swipe_id="retry-20").count() == 1


def test_a_batch_racing_live_swipes_of_the_same_person(transactional_city):
    network = Network(transactional_city)
    gate_register(actor=network.union, code="t-ytz-02", name="鼋头渚 2号门", venue_code=SCENIC)
    honoree, card = network.honoree("provincial")
    _other, other_card = network.honoree("provincial")
    at = clock.now()
    batch = [
        {"swipe_id": "bx-1", "card_number": other_card.transit_number, "at": at},
        {"swipe_id": "bx-2", "card_number": card.transit_number, "at": at},
    ]

    def work(i: int):
        if i == 0:
            return swipes_upload(gate_actor=network.gate("t-ytz-01"), swipes=batch)
        return [
            swipe_authorize(
                gate_actor=network.gate("t-ytz-02"),
                swipe_id=f"live-{i}",
                card_number=card.transit_number,
                at=at,
            )
        ]

    results, errors = in_parallel(work, 4)
    assert errors == []
    assert results[0][0].allowed is True  # the other person's swipe in the batch
    assert Swipe.objects.filter(honoree=honoree).count() == 4
    assert Swipe.objects.filter(honoree=honoree, allowed=True).count() == 1
    assert LedgerEntry.objects.filter(swipe__honoree=honoree).count() == 1
    assert LedgerEntry.objects.filter(swipe__card=other_card).count() == 1
