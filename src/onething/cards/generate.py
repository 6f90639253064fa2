"""City-scale honour-card rides, generated fast (``python -m onething generate --swipes N``
or ``--city``): gate swipes of the active cards over the last months — metro and buses on
working days at rush hours, scenic spots at weekends — nearly all allowed with their ledger
row at the venue's tariff, a few denied; buses upload their day offline. Written by core's
bulk writer (COPY on PostgreSQL), swipe ids ``GS<run>-…``; the roll-ups are rebuilt at
the end. Drawing is pure and seeded."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from onething.core import clock
from onething.core.bulk import checks_deferred, reserve_ids, settle, write_rows
from onething.core.selectors.calendar import official_calendar
from onething.core.services.numbering import next_in_sequence
from onething.core.workdays import WorkdayTable

from .models import CardStatus, Gate, HonourCard, LedgerEntry, Swipe, Tariff
from .rules.benefits import DENIED_VOICE
from .rules.visits import VISIT_KINDS
from .services.tallies import card_tallies_rebuild

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUN_SEQUENCE = "cards:generator-run"
SWIPE_COLUMNS = tuple(f.attname for f in Swipe._meta.concrete_fields)
LEDGER_COLUMNS = tuple(f.attname for f in LedgerEntry._meta.concrete_fields)
DENIED = 0.015
DEFER_CHECKS_FROM = 200_000


@dataclass
class SwipesReport:
    run: int = 0
    swipes: int = 0
    allowed: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    tallies: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GateFacts:
    id: int
    venue_id: int
    operator_id: int
    bus: bool
    scenic: bool
    price_fen: int


def gates() -> list[GateFacts]:
    prices = {t.venue_id: t.price_fen for t in Tariff.objects.filter(valid_to__isnull=True)}
    out = []
    for g in Gate.objects.select_related("venue__operator"):
        kind = g.venue.operator.kind
        if kind in VISIT_KINDS:  # desks record visits (a service, a bill): not generated
            continue
        out.append(
            GateFacts(
                g.pk,
                g.venue_id,
                g.venue.operator_id,
                kind == "bus",
                kind == "scenic",
                prices.get(g.venue_id, 0),
            )
        )
    if not out:
        raise ValueError("No gates: run `python -m onething demo` first.")
    return out


def draw(
    rng: random.Random,
    n: int,
    start: int,
    run: int,
    gate_list: list[GateFacts],
    cards: list[tuple[int, int]],
    table: WorkdayTable,
    first: dt.date,
    today: dt.date,
) -> list[tuple[tuple, tuple | None]]:
    """``n`` (swipe row, ledger row or None) pairs, their ids left for the caller."""
    span = (today - first).days
    transit = [g for g in gate_list if not g.scenic]
    scenic = [g for g in gate_list if g.scenic] or transit
    out = []
    for i in range(n):
        day = first + dt.timedelta(days=rng.randrange(span))
        working = table.is_workday(day)
        if working or rng.random() < 0.6:
            gate = rng.choice(transit)
            hour = (
                rng.choice((7, 7, 8, 8, 9, 12, 17, 18, 18, 19)) if working else rng.randrange(9, 21)
            )
        else:
            gate = rng.choice(scenic)
            hour = rng.randrange(8, 17)
        at = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), SHANGHAI)
        received = (
            dt.datetime.combine(day, dt.time(22, 30), SHANGHAI)
            if gate.bus
            else at + dt.timedelta(seconds=1)
        )
        card, honoree = rng.choice(cards)
        allowed = rng.random() >= DENIED
        amount = gate.price_fen if allowed else 0
        swipe = (
            None,
            gate.id,
            f"GS{run}-{start + i + 1:09d}",
            gate.venue_id,
            card,
            honoree,
            "card",
            at,
            received,
            gate.bus,
            allowed,
            "ok" if allowed else "daily_cap",
            "" if allowed else DENIED_VOICE,
            amount,
            "",  # service
            None,  # bill_fen
            0,  # discount_fen
            "",  # funded_by
        )
        ledger = (
            (None, gate.operator_id, gate.venue_id, None, None, amount, at, received.date(), "")
            if allowed
            else None
        )
        out.append((swipe, ledger))
    return out


def swipes_generate(
    *,
    swipes: int,
    months: int = 36,
    seed: int | None = None,
    chunk: int = 100_000,
    log: Callable[[str], None] = lambda _m: None,
) -> SwipesReport:
    """Add ``swipes`` generated gate swipes (with their ledger rows) over the last
    ``months`` months, then rebuild the roll-ups (and VACUUM ANALYZE on PostgreSQL)."""
    if swipes < 1 or not 1 <= months <= 120 or chunk < 1:
        raise ValueError("swipes ≥ 1, months from 1 to 120, chunk ≥ 1")
    expected = ("id", "gate_id", "swipe_id", "venue_id", "card_id", "honoree_id", "presented")
    if SWIPE_COLUMNS[:7] != expected or LEDGER_COLUMNS[:4] != (
        "id",
        "operator_id",
        "venue_id",
        "swipe_id",
    ):
        raise RuntimeError("the swipe or ledger columns changed: update the generator")
    rng = random.Random(seed)
    today = clock.today()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    report = SwipesReport()
    with transaction.atomic():
        report.run = next_in_sequence(RUN_SEQUENCE)
        gate_list = gates()
        cards = list(
            HonourCard.objects.filter(status=CardStatus.ACTIVE).values_list("pk", "honoree_id")
        )
        if not cards:
            raise ValueError("No active honour card: run `python -m onething demo` first.")
        table = WorkdayTable(first, today, official_calendar())
        started = time.perf_counter()
        deferred = [Swipe, LedgerEntry] if swipes >= DEFER_CHECKS_FROM else []
        with checks_deferred(deferred):
            while report.swipes < swipes:
                n = min(chunk, swipes - report.swipes)
                pairs = draw(
                    rng, n, report.swipes, report.run, gate_list, cards, table, first, today
                )
                ids = reserve_ids(Swipe, n)
                swipe_rows = [(pk, *s[1:]) for pk, (s, _l) in zip(ids, pairs, strict=True)]
                allowed = [
                    (pk, ledger) for pk, (_s, ledger) in zip(ids, pairs, strict=True) if ledger
                ]
                ledger_ids = reserve_ids(LedgerEntry, len(allowed))
                ledger_rows = [
                    (lid, row[1], row[2], pk, *row[4:])
                    for lid, (pk, row) in zip(ledger_ids, allowed, strict=True)
                ]
                write_rows(Swipe, SWIPE_COLUMNS, swipe_rows)
                write_rows(LedgerEntry, LEDGER_COLUMNS, ledger_rows)
                report.swipes += n
                report.allowed += len(ledger_rows)
                rate = report.swipes / (time.perf_counter() - started)
                log(f"  {report.swipes:,} of {swipes:,} swipes ({rate:,.0f} rows/s)")
        report.phases["swipes and ledger written"] = time.perf_counter() - started
        t0 = time.perf_counter()
        report.tallies = card_tallies_rebuild()
        report.phases["card roll-ups rebuilt"] = time.perf_counter() - t0
    settle(["cards_swipe", "cards_ledgerentry", "cards_ridetally"])
    return report
