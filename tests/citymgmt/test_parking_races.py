"""Gate events when reads go stale and when events race (PostgreSQL's one-statement path
and the general path alike): a plate found not in that is in after all, an exit whose stay
was closed meanwhile, twenty retries of one event at once, twenty cars at once. Nothing
is counted twice or lost, and the cars in stay right."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from onething.citymgmt.models import ParkingEvent, ParkingStay, ParkingUse
from onething.citymgmt.selectors.parking import gate_signing_in
from onething.citymgmt.services.parking import gate_event, statements
from onething.core import clock

from .world_parking import PUBLIC_PLATE, at, build

DAY = "2025-10-10"


def test_a_plate_already_in_that_the_first_read_missed(city, monkeypatch):
    world = build(city)
    entry = gate_signing_in(world.entry_token)
    with clock.frozen(at(DAY, 10)):
        first = gate_event(
            gate=entry, event_id="a", kind="entry", plate=PUBLIC_PLATE, at=at(DAY, 9)
        )
        real = statements.plate_now
        monkeypatch.setattr(
            statements, "plate_now", lambda *args: (real(*args)[0], False)
        )  # as if the open stay were made after the read
        second = gate_event(
            gate=entry, event_id="b", kind="entry", plate=PUBLIC_PLATE, at=at(DAY, 9, 30)
        )
    assert second.replaced_stay and second.stay.id != first.stay.id
    assert ParkingStay.objects.filter(exited_at__isnull=True).count() == 1
    assert world.fresh().occupied == 1
    assert ParkingEvent.objects.count() == 2
    assert ParkingUse.objects.aggregate(n=Sum("entries"))["n"] == 2


def test_an_exit_whose_stay_was_closed_meanwhile_counts_as_unmatched(city, monkeypatch):
    world = build(city)
    entry, exit_ = gate_signing_in(world.entry_token), gate_signing_in(world.exit_token)
    with clock.frozen(at(DAY, 12)):
        gate_event(gate=entry, event_id="a", kind="entry", plate=PUBLIC_PLATE, at=at(DAY, 9))
        stale = statements.open_stay(world.parking.pk, PUBLIC_PLATE)
        gate_event(gate=exit_, event_id="x", kind="exit", plate=PUBLIC_PLATE, at=at(DAY, 10))
        monkeypatch.setattr(statements, "open_stay", lambda *args: stale)
        late = gate_event(gate=exit_, event_id="y", kind="exit", plate=PUBLIC_PLATE, at=at(DAY, 11))
    assert late.unmatched and late.stay is None
    assert world.fresh().occupied == 0
    totals = ParkingUse.objects.aggregate(
        fees=Sum("fees_fen"), unmatched=Sum("unmatched_exits"), entries=Sum("entries")
    )
    assert totals == {"fees": 500, "unmatched": 1, "entries": 1}


def in_parallel(work, count: int) -> tuple[list, list]:
    start = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(i: int) -> None:
        try:
            start.wait(10)
            with clock.frozen(at(DAY, 10)):
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_retries_and_parallel_cars(transactional_city):
    world = build(transactional_city)
    entry = gate_signing_in(world.entry_token)
    answers, errors = in_parallel(
        lambda i: gate_event(
            gate=entry, event_id="same", kind="entry", plate=PUBLIC_PLATE, at=at(DAY, 9)
        ),
        20,
    )
    assert errors == []
    assert len({a.stay.id for a in answers}) == 1 and len(set(answers)) == 1
    assert ParkingEvent.objects.count() == ParkingStay.objects.count() == 1
    assert world.fresh().occupied == 1
    _cars, errors = in_parallel(
        lambda i: gate_event(
            gate=entry, event_id=f"car-{i}", kind="entry", plate=f"苏E{i:05d}", at=at(DAY, 9, 5)
        ),
        20,
    )
    assert errors == []
    assert world.fresh().occupied == 21
    assert ParkingUse.objects.aggregate(n=Sum("entries"))["n"] == 21
