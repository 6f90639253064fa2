"""The batch a gate that was offline uploads: answered in order like single swipes,
de-duplicated by swipe id (inside the batch and against what is stored), every item
checked before anything is written, booked on the day it arrives."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.cards.models import LedgerEntry, Swipe
from onething.cards.services.gates import swipes_upload
from onething.cards.services.venues import tariff_set
from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed

from .world import NOW, SHANGHAI, fields, post


def item(card, swipe_id: str, at: dt.datetime = NOW, **kw) -> dict:
    return {"swipe_id": swipe_id, "card_number": card.transit_number, "at": at, **kw}


def answers(swipes: list[Swipe]) -> list[tuple]:
    return [(s.swipe_id, s.allowed, s.reason, s.amount_fen) for s in swipes]


def test_duplicates_inside_and_against_stored_swipes_count_once(network):
    _a, card_a = network.honoree()
    _b, card_b = network.honoree()
    stored = network.swipe("t-metro-01", card_a, swipe_id="b-1")
    earlier = NOW - dt.timedelta(hours=3)
    batch = [
        item(card_a, "b-1"),  # stored already (sent online, then again in the batch)
        item(card_b, "b-2", earlier),
        item(card_b, "b-2", earlier),  # repeated inside the batch
        item(card_a, "b-3", earlier),
    ]
    gate = network.gate("t-metro-01")
    results = swipes_upload(gate_actor=gate, swipes=batch)
    assert answers(results) == [
        ("b-1", True, "ok", 300),
        ("b-2", True, "ok", 300),
        ("b-2", True, "ok", 300),
        ("b-3", True, "ok", 300),
    ]
    assert results[0].pk == stored.pk and results[1].pk == results[2].pk
    assert Swipe.objects.filter(gate__code="t-metro-01").count() == 3
    assert LedgerEntry.objects.filter(swipe__gate__code="t-metro-01").count() == 3
    assert Swipe.objects.get(swipe_id="b-2").offline is True
    assert Swipe.objects.get(swipe_id="b-1").offline is False  # as first stored
    again = swipes_upload(gate_actor=gate, swipes=batch)  # the whole batch re-sent
    assert answers(again) == answers(results)
    assert LedgerEntry.objects.filter(swipe__gate__code="t-metro-01").count() == 3


def test_caps_count_inside_a_batch(network):
    _honoree, card = network.honoree()
    morning = dt.datetime(2026, 3, 8, 9, tzinfo=SHANGHAI)
    results = swipes_upload(
        gate_actor=network.gate("t-ytz-01"),
        swipes=[
            item(card, "c-1", morning),
            item(card, "c-2", morning + dt.timedelta(hours=2)),
            item(card, "c-3", morning + dt.timedelta(days=1)),
        ],
    )
    assert [(s.allowed, s.reason) for s in results] == [
        (True, "ok"),
        (False, "daily_cap"),
        (True, "ok"),
    ]
    assert LedgerEntry.objects.filter(swipe__gate__code="t-ytz-01").count() == 2


def test_a_swipe_from_last_month_is_booked_today_at_that_days_tariff(network):
    tariff_set(actor=network.union, venue_code="t-metro-1", price_fen=400, valid_from="2026-03-01")
    _honoree, card = network.honoree()
    last_month = dt.datetime(2026, 2, 15, 8, 30, tzinfo=SHANGHAI)
    old, new = swipes_upload(
        gate_actor=network.gate(),
        swipes=[item(card, "o-1", last_month), item(card, "o-2", NOW)],
    )
    assert (old.amount_fen, new.amount_fen) == (300, 400)
    entry = LedgerEntry.objects.get(swipe_id=old.pk)
    assert (entry.swiped_at, entry.booked_on) == (last_month, dt.date(2026, 3, 10))
    assert entry.booked_on == clock.today()


def test_a_malformed_batch_is_refused_whole_naming_each_item(network):
    _honoree, card = network.honoree()
    batch = [
        item(card, "m-1"),
        item(card, "m-2", at="yesterday"),
        {"swipe_id": "m-3", "at": NOW},
        item(card, "m-4", NOW - dt.timedelta(days=91)),
        "not an object",
        item(card, "m 6"),
    ]
    with pytest.raises(ValidationFailed) as refused:
        swipes_upload(gate_actor=network.gate(), swipes=batch)
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("swipes.1.at", "type"),
        ("swipes.2.card_number", "one_of"),
        ("swipes.3.at", "too_old"),
        ("swipes.4", "type"),
        ("swipes.5.swipe_id", "format"),
    }
    assert not Swipe.objects.filter(gate__code="t-metro-01").exists()
    assert not LedgerEntry.objects.filter(venue__code="t-metro-1").exists()


def test_the_api_names_the_items_of_a_malformed_batch(network):
    _honoree, card = network.honoree()
    body = {
        "swipes": [
            {"swipe_id": "a-1", "card_number": card.transit_number, "at": NOW.isoformat()},
            {"swipe_id": "a-2", "card_number": card.transit_number, "at": "soon"},
            {"swipe_id": "a-3", "at": NOW.isoformat()},
        ]
    }
    answer = post(network.client(), "/api/gate/swipes/batch", body)
    assert answer.status_code == 422
    assert fields(answer) == {"swipes.1.at": "type"}  # the schema's check comes first
    body["swipes"][1]["at"] = NOW.isoformat()
    answer = post(network.client(), "/api/gate/swipes/batch", body)
    assert answer.status_code == 422
    assert fields(answer) == {"swipes.2.card_number": "one_of"}
    assert not Swipe.objects.filter(swipe_id__in=["a-1", "a-2", "a-3"]).exists()
    body["swipes"][2]["card_number"] = card.number
    answer = post(network.client(), "/api/gate/swipes/batch", body)
    assert answer.status_code == 200, answer.content
    assert [r["swipe_id"] for r in answer.json()["results"]] == ["a-1", "a-2", "a-3"]
    assert [r["allowed"] for r in answer.json()["results"]] == [True, True, True]


def test_at_most_a_thousand_per_batch(network):
    _honoree, card = network.honoree()
    batch = [item(card, f"k-{i}") for i in range(1001)]
    with pytest.raises(ValidationFailed) as refused:
        swipes_upload(gate_actor=network.gate(), swipes=batch)
    assert [(p.field, p.rule) for p in refused.value.problems] == [("swipes", "max_items")]
    as_json = [{**b, "at": NOW.isoformat()} for b in batch]
    answer = post(network.client(), "/api/gate/swipes/batch", {"swipes": as_json})
    assert answer.status_code == 422 and fields(answer) == {"swipes": "max_items"}
    assert not Swipe.objects.filter(gate__code="t-metro-01").exists()
    assert swipes_upload(gate_actor=network.gate(), swipes=[]) == []


def test_a_swipe_id_reused_for_another_card(network):
    _a, card_a = network.honoree()
    _b, card_b = network.honoree()
    with pytest.raises(ValidationFailed) as refused:
        swipes_upload(gate_actor=network.gate(), swipes=[item(card_a, "r-1"), item(card_b, "r-1")])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("swipes.1.swipe_id", "reused")]
    network.swipe(card=card_a, swipe_id="r-2")
    with pytest.raises(Conflict) as conflict:
        swipes_upload(gate_actor=network.gate(), swipes=[item(card_b, "r-3"), item(card_b, "r-2")])
    assert conflict.value.details == {"swipes": [{"index": 1, "swipe_id": "r-2"}]}
    assert not Swipe.objects.filter(swipe_id="r-3").exists()  # nothing of the batch


def test_only_a_gate_uploads(network):
    _honoree, card = network.honoree()
    with pytest.raises(PermissionDenied):
        swipes_upload(gate_actor=network.union, swipes=[item(card, "u-1")])
    answer = post(network.city.client("union"), "/api/gate/swipes/batch", {"swipes": []})
    assert answer.status_code == 403
