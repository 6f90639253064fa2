"""A plate-recognition gate's entry and exit events, and the overstays.

Every event is stored once per (gate, ``event_id``): a retry — even one racing the first —
gets the first answer, unchanged (the same event id with another plate, kind or time:
409 ``event_id_reused``). Nothing is refused for being outside a window: the gate opens,
the platform counts.

- **An entry** is counted under the group of ``rules.parking_plan``'s placement (the
  plate's approved registrations whose window is in effect, parents before residents;
  else the public) and opens a stay allowed until that window's end. A plate already in
  (its exit missed by the gates) has that stay closed as *exited unseen* (its ``exit``
  empty, its ``exited_at`` the new entry's time, no fee) and a new one opened; the cars
  in stay as they were.
- **An exit** closes the plate's open stay: the minutes, the fee (every hour started at
  the window's fee; the public outside every window: the car park's public fee) and, if
  it left after its window's end plus the grace, the overstay. An exit with no open stay
  is stored and counted (``unmatched_exits``), not refused.
- The cars in (``SharedParking.occupied``) move with each stay opened or closed, by
  ``F()`` in the database; the use per day, window and group (``ParkingUse``) is added to
  by ``core.rollups``' statement, on the day of the entry.

Speed: the car park's setting (windows, terms) and the gate's token are cached reference
data; on PostgreSQL an entry is two statements (the plate's registrations and open stay;
then event, stay, occupancy and roll-up in one, ``statements.entry_once``), an exit too.
Anything unusual (a plate already in, an overstay found at the exit, a race) takes the
general path: one transaction, the stay locked. SQLite always takes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from onething.core import clock
from onething.core.rollups import rollup_add

from ...models import ParkingStay, ParkingUse, SharedParking
from ...rules.parking import (
    ENTRY,
    is_overstay,
    stay_fee_fen,
    stay_minutes,
)
from ...rules.parking_plan import SHANGHAI
from ...selectors.parking import GateCaller, Setting, parking_setting
from . import statements
from .answers import (
    GateEventAnswer,
    GateEventIn,
    StayAnswer,
    answer,
    closed_answer,
    gate_event_clean,
    replay,
)
from .statements import USE_KEYS, USE_MEASURES

# ---------------------------------------------------------------------- counting


def use_add(key: tuple, **measures: int) -> None:
    """Add to the use of (parking id, day, window id, group). Without a window (the
    public outside every window) the roll-up's unique key cannot catch the row (a NULL),
    so it is updated, else created: two racing creates make two rows, which every figure
    sums, so nothing is lost."""
    values = tuple(measures.get(m, 0) for m in USE_MEASURES)
    parking_id, day, window_id, group = key
    if window_id is not None:
        rollup_add(ParkingUse, USE_KEYS, USE_MEASURES, [(*key, *values)])
        return
    changes = {m: F(m) + v for m, v in zip(USE_MEASURES, values, strict=True) if v}
    found = ParkingUse.objects.filter(
        parking_id=parking_id, day=day, window__isnull=True, group=group
    ).update(**changes)
    if not found:
        ParkingUse.objects.create(
            parking_id=parking_id,
            day=day,
            window=None,
            group=group,
            **dict(zip(USE_MEASURES, values, strict=True)),
        )


def _occupied(parking_id: int, change: int) -> None:
    rows = SharedParking.objects.filter(pk=parking_id)
    if change < 0:
        rows = rows.filter(occupied__gt=0)
    rows.update(occupied=F("occupied") + change)


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


# ---------------------------------------------------------------------- the service


def gate_event(
    *, gate: GateCaller, event_id: Any, kind: Any, plate: Any, at: Any
) -> GateEventAnswer:
    """Take one entry or exit a gate saw (see the module's doc). 422 for a malformed event
    (every problem at once, ``plate`` named with the rule it breaks), 409 for an event id
    reused with other content; anything else is an answer."""
    now = clock.now()
    req = gate_event_clean({"event_id": event_id, "kind": kind, "plate": plate, "at": at}, now)
    setting = parking_setting(gate.parking_id)
    event = {
        "gate_id": gate.id,
        "parking_id": gate.parking_id,
        "event_id": req.event_id,
        "kind": req.kind,
        "plate": req.plate,
        "at": req.at,
        "received_at": now,
    }
    if req.kind == ENTRY:
        return _entry(gate, setting, req, event)
    return _exit(gate, setting, req, event)


def _entry(gate, setting: Setting, req: GateEventIn, event: dict) -> GateEventAnswer:
    day = _local_day(req.at)
    groups, has_open = statements.plate_now(setting.parking_id, req.plate, day)
    placed = setting.plan().placement(groups, req.at)
    window_id = placed.window.id if placed.window else None
    event |= {"group": placed.group, "window_id": window_id}
    stay = {
        "parking_id": setting.parking_id,
        "plate": req.plate,
        "group": placed.group,
        "window_id": window_id,
        "entered_at": req.at,
        "allowed_until": placed.allowed_until,
        "overstayed": False,
        "fee_fen": 0,
    }
    key = (setting.parking_id, day, window_id, placed.group)
    event_pk = None
    if connection.vendor == "postgresql" and not has_open:
        event_pk, stay_pk = statements.entry_once(event, stay, key if window_id else None)
        if event_pk is None:
            return replay(gate, req, setting)
        if stay_pk is not None:
            if window_id is None:
                use_add(key, entries=1)
            opened = StayAnswer(stay_pk, req.at, placed.allowed_until)
            return answer(req, setting, placed.group, window_id, opened)
    done = _entry_general(event, stay, key, event_pk)
    if done is None:
        return replay(gate, req, setting)
    stay_pk, replaced = done
    opened = StayAnswer(stay_pk, req.at, placed.allowed_until)
    return answer(req, setting, placed.group, window_id, opened, replaced_stay=replaced)


def _entry_general(event: dict, stay: dict, key: tuple, event_pk: int | None):
    """(stay id, whether an open stay was closed), or None for an event stored already.
    ``event_pk``: the event was stored already by this call (its stay is still to open)."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                pk = event_pk or statements.event_insert(event)
                if pk is None:
                    return None
                closed = ParkingStay.objects.filter(
                    parking_id=stay["parking_id"], plate=stay["plate"], exited_at__isnull=True
                ).update(exited_at=stay["entered_at"])
                opened = ParkingStay.objects.create(entry_id=pk, **stay)
                if not closed:
                    _occupied(stay["parking_id"], 1)
                use_add(key, entries=1)
                return opened.pk, bool(closed)
        except IntegrityError:  # the same plate entered at another gate this instant
            if attempt == 2:
                raise
    return None


def _exit(gate, setting: Setting, req: GateEventIn, event: dict) -> GateEventAnswer:
    stay = statements.open_stay(setting.parking_id, req.plate)
    if stay is None or stay["entered_at"] > req.at:
        return _unmatched(gate, setting, req, event)
    newly = not stay["overstayed"] and is_overstay(
        stay["allowed_until"], setting.grace_minutes, req.at
    )
    if connection.vendor == "postgresql" and not newly:
        fee = stay_fee_fen(
            stay["entered_at"], req.at, setting.fee_per_hour(stay["group"], stay["window_id"])
        )
        minutes = stay_minutes(stay["entered_at"], req.at)
        key = (setting.parking_id, _local_day(stay["entered_at"]), stay["window_id"], stay["group"])
        event |= {"group": stay["group"], "window_id": stay["window_id"]}
        event_pk, stay_pk = statements.exit_once(
            event,
            stay_id=stay["id"],
            exited_at=req.at,
            fee_fen=fee,
            minutes=minutes,
            use_key=key if stay["window_id"] else None,
        )
        if event_pk is None:
            return replay(gate, req, setting)
        if stay_pk is None:  # closed meanwhile by another event
            use_add(
                (setting.parking_id, _local_day(req.at), stay["window_id"], stay["group"]),
                unmatched_exits=1,
            )
            return answer(req, setting, stay["group"], stay["window_id"], None, unmatched=True)
        if not stay["window_id"]:
            use_add(key, minutes=minutes, fees_fen=fee)
        closed = StayAnswer(
            stay_pk,
            stay["entered_at"],
            stay["allowed_until"],
            req.at,
            minutes,
            fee,
            stay["overstayed"],
        )
        return answer(req, setting, stay["group"], stay["window_id"], closed)
    return _exit_general(gate, setting, req, event)


def _exit_general(gate, setting: Setting, req: GateEventIn, event: dict) -> GateEventAnswer:
    with transaction.atomic():
        stay = (
            ParkingStay.objects.select_for_update()
            .filter(parking_id=setting.parking_id, plate=req.plate, exited_at__isnull=True)
            .first()
        )
        if stay is None or stay.entered_at > req.at:
            return _unmatched(gate, setting, req, event)
        pk = statements.event_insert(event | {"group": stay.group, "window_id": stay.window_id})
        if pk is None:
            return replay(gate, req, setting)
        newly = not stay.overstayed and is_overstay(
            stay.allowed_until, setting.grace_minutes, req.at
        )
        stay.exited_at, stay.exit_id = req.at, pk
        stay.fee_fen = stay_fee_fen(
            stay.entered_at, req.at, setting.fee_per_hour(stay.group, stay.window_id)
        )
        stay.overstayed = stay.overstayed or newly
        stay.save(update_fields=["exited_at", "exit", "fee_fen", "overstayed"])
        _occupied(setting.parking_id, -1)
        minutes = stay_minutes(stay.entered_at, req.at)
        use_add(
            (setting.parking_id, _local_day(stay.entered_at), stay.window_id, stay.group),
            minutes=minutes,
            fees_fen=stay.fee_fen,
            overstays=int(newly),
        )
    return answer(req, setting, stay.group, stay.window_id, closed_answer(stay))


def _unmatched(gate, setting: Setting, req: GateEventIn, event: dict) -> GateEventAnswer:
    """An exit with no open stay: stored under the group the plate would enter under now,
    and counted."""
    groups, _open = statements.plate_now(setting.parking_id, req.plate, _local_day(req.at))
    placed = setting.plan().placement(groups, req.at)
    window_id = placed.window.id if placed.window else None
    with transaction.atomic():
        pk = statements.event_insert(event | {"group": placed.group, "window_id": window_id})
        if pk is None:
            return replay(gate, req, setting)
        use_add(
            (setting.parking_id, _local_day(req.at), window_id, placed.group), unmatched_exits=1
        )
    return answer(req, setting, placed.group, window_id, None, unmatched=True)
