"""The honour cards' roll-ups: rides by month and venue (``RideTally``), the ledger by
booking month, operator and venue (``LedgerTally``). Kept with each swipe and ledger row —
in the swipe's own statement on PostgreSQL (``gates.statements``), in its transaction
elsewhere — recounted from the tables to prove them, rebuilt after a bulk load."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, DateField, Sum
from django.db.models.functions import Trunc
from django.utils import timezone

from onething.core.rollups import chunks, rollup_add

from ..models import LedgerEntry, LedgerTally, RideTally, Swipe

RideKey = tuple[dt.date, int]  # (month, venue)
LedgerKey = tuple[dt.date, int, int]  # (month booked, operator, venue)


def month_of(moment: dt.datetime | dt.date) -> dt.date:
    day = timezone.localdate(moment) if isinstance(moment, dt.datetime) else moment
    return day.replace(day=1)


def ride_counted(at: dt.datetime, venue_id: int) -> None:
    rollup_add(RideTally, ["month", "venue"], ["rides"], [(month_of(at), venue_id, 1)])


def ledger_counted(booked_on: dt.date, operator_id: int, venue_id: int, amount_fen: int) -> None:
    rollup_add(
        LedgerTally,
        ["month", "operator", "venue"],
        ["entries", "amount_fen"],
        [(month_of(booked_on), operator_id, venue_id, 1, amount_fen)],
    )


def tallies_recount(swipe=Swipe, ledger=LedgerEntry) -> tuple[Counter, dict]:
    rides: Counter[RideKey] = Counter()
    months = Trunc("at", "month", output_field=DateField())
    for r in (
        swipe.objects.order_by()
        .filter(allowed=True)
        .annotate(m=months)
        .values("m", "venue_id")
        .annotate(n=Count("id"))
    ):
        rides[(r["m"], r["venue_id"])] += r["n"]
    booked: dict[LedgerKey, Counter[str]] = {}
    for r in (
        ledger.objects.order_by()
        .annotate(m=Trunc("booked_on", "month", output_field=DateField()))
        .values("m", "operator_id", "venue_id")
        .annotate(entries=Count("id"), amount_fen=Sum("amount_fen"))
    ):
        row = booked.setdefault((r["m"], r["operator_id"], r["venue_id"]), Counter())
        row.update({"entries": r["entries"], "amount_fen": r["amount_fen"]})
    return rides, booked


def tallies_stored() -> tuple[Counter, dict]:
    rides = Counter(
        {(r["month"], r["venue_id"]): r["rides"] for r in RideTally.objects.values() if r["rides"]}
    )
    booked = {
        (r["month"], r["operator_id"], r["venue_id"]): Counter(
            {"entries": r["entries"], "amount_fen": r["amount_fen"]}
        )
        for r in LedgerTally.objects.values()
        if r["entries"]
    }
    return rides, booked


def card_tallies_differences() -> list[dict[str, Any]]:
    """Where the stored roll-ups differ from a recount (empty when they agree)."""
    stored_rides, stored_ledger = tallies_stored()
    rides, booked = tallies_recount()
    out = [
        {"table": "rides", "key": k, "stored": stored_rides.get(k, 0), "counted": rides.get(k, 0)}
        for k in sorted(set(stored_rides) | set(rides))
        if stored_rides.get(k, 0) != rides.get(k, 0)
    ]
    out += [
        {"table": "ledger", "key": k, "stored": stored_ledger.get(k), "counted": booked.get(k)}
        for k in sorted(set(stored_ledger) | set(booked))
        if stored_ledger.get(k, Counter()) != booked.get(k, Counter())
    ]
    return out


@transaction.atomic
def card_tallies_rebuild(models: dict | None = None) -> dict[str, int]:
    """Replace the roll-ups with a recount (after a bulk load, and in the migration)."""
    m = models or {
        "Swipe": Swipe,
        "LedgerEntry": LedgerEntry,
        "RideTally": RideTally,
        "LedgerTally": LedgerTally,
    }
    rides, booked = tallies_recount(m["Swipe"], m["LedgerEntry"])
    m["RideTally"].objects.all().delete()
    m["LedgerTally"].objects.all().delete()
    for batch in chunks(
        m["RideTally"](month=k[0], venue_id=k[1], rides=n) for k, n in rides.items()
    ):
        m["RideTally"].objects.bulk_create(batch)
    for batch in chunks(
        m["LedgerTally"](month=k[0], operator_id=k[1], venue_id=k[2], **c)
        for k, c in booked.items()
    ):
        m["LedgerTally"].objects.bulk_create(batch)
    return {"ride_rows": len(rides), "ledger_rows": len(booked)}
