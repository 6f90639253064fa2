"""The demo city's honour-card history, made by the services as of their days
(``core.clock.frozen``), so that the seed's figures come out of the records:

- the registry: "全市6000余名劳模" imported by union staff from three .xlsx files
  (``honorees_import``, as a clerk uploads them), 2023 to 2025;
- "首批4735张": the first batch's cards, issued from the manufacturer's list
  (``cards_issue_batch``) on 25 September 2026;
- "刷卡3657人次": the allowed swipes of October and November 2026, asked online by the
  metro and scenic gates (``swipe_authorize``) and uploaded by the buses at the end of each
  day (``swipes_upload``), with a few denied ones (a card reported lost, a daily cap);
- October settled: each operator's statement prepared, approved and paid; November is over
  and left for union finance to prepare.

Deterministic and idempotent: each part looks for what it made before and makes only the
rest. ``ONETHING_DEMO_HISTORY=0`` skips it (the base is loaded either way)."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable

from onething.core import clock
from onething.core.crypto import keyring
from onething.core.models import User
from onething.core.permissions import Actor, actor_for
from onething.core.services.parties import PII_FIELDS

from ..models import Gate, Honoree, HonourCard, IssuanceBatch, LedgerEntry, Settlement, Swipe
from ..services.cards import card_batch_create, card_issue, card_report_lost
from ..services.gates import swipe_authorize, swipes_upload
from ..services.importer import honorees_import
from ..services.issuance import cards_issue_batch
from ..services.settlement import settlement_approve, settlement_pay, settlement_prepare
from . import directory, registry, swipes
from .swipes import CITY_TZ, Planned

SETTLED_MONTH = dt.date(2026, 10, 1)
PREPARED = dt.datetime(2026, 11, 3, 9, 30, tzinfo=CITY_TZ)
APPROVED = dt.datetime(2026, 11, 5, 14, 0, tzinfo=CITY_TZ)
PAID = dt.datetime(2026, 11, 10, 16, 0, tzinfo=CITY_TZ)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=CITY_TZ)


def _is_honoree(id_number: str) -> bool:
    digest = keyring().digest(id_number, PII_FIELDS["id_number"])
    return Honoree.objects.filter(person__id_number_digest=digest).exists()


def import_registry(union: Actor, generated: list[registry.Row]) -> int:
    """The three files, each imported on its day (a file imported before is left)."""
    made = 0
    for name, moment, part in registry.files(generated):
        if not part or _is_honoree(part[0].id_number):
            continue
        with clock.frozen(_aware(moment)):
            made += honorees_import(actor=union, name=name, data=registry.workbook(part))["created"]
    return made


def issue_first_batch(union: Actor, generated: list[registry.Row]) -> int:
    """The manufacturer's list of the first batch: the card holders after the named two."""
    number, _name = directory.FIRST_BATCH
    holders = [r for r in generated if r.level != "district"]
    rows = [
        {
            "number": directory.card_number(number, serial),
            "transit_number": directory.transit_number(number, serial),
            "id_number": row.id_number,
        }
        for serial, row in enumerate(holders, start=len(directory.NAMED) + 1)
    ]
    if HonourCard.objects.filter(number=rows[0]["number"]).exists():
        return 0
    with clock.frozen(_aware(directory.TIMES["cards"])):
        return len(cards_issue_batch(actor=union, batch_number=number, rows=rows))


def _report_lost(union: Actor) -> None:
    lost = directory.card_number(directory.FIRST_BATCH[0], swipes.LOST)
    if HonourCard.objects.filter(number=lost, status="active").exists():
        card_report_lost(actor=union, card_number=lost)


def _replace(union: Actor) -> None:
    number, name = directory.REPLACEMENT_BATCH
    if HonourCard.objects.filter(number=directory.card_number(number, 1)).exists():
        return
    batch = IssuanceBatch.objects.filter(number=number).first() or card_batch_create(
        actor=union, number=number, name=name
    )
    lost = HonourCard.objects.get(
        number=directory.card_number(directory.FIRST_BATCH[0], swipes.LOST)
    )
    card_issue(
        actor=union,
        honoree_id=lost.honoree_id,
        batch_id=batch.pk,
        number=directory.card_number(number, 1),
        transit_number=directory.transit_number(number, 1),
    )


def _steps(union: Actor, todo: list[Planned]) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """Every action of the history at its moment: the online swipes, each bus's upload of
    its day, the card reported lost and its replacement."""
    gates = {
        g.code: actor_for(g.account)
        for g in Gate.objects.select_related("account").filter(code__in={p.gate for p in todo})
    }
    steps: list[tuple[dt.datetime, Callable[[], None]]] = [
        (swipes.LOST_REPORTED, lambda: _report_lost(union)),
        (swipes.REPLACED, lambda: _replace(union)),
    ]
    days: dict[tuple[str, dt.date], list[Planned]] = defaultdict(list)
    for p in todo:
        if p.gate in swipes.BUS_GATES:
            days[(p.gate, p.at.date())].append(p)
            continue
        steps.append(
            (
                p.at,
                lambda p=p: swipe_authorize(
                    gate_actor=gates[p.gate], swipe_id=p.swipe_id, card_number=p.card, at=p.at
                ),
            )
        )
    for (gate, day), batch in days.items():
        items = [{"swipe_id": p.swipe_id, "card_number": p.card, "at": p.at} for p in batch]
        steps.append(
            (
                dt.datetime.combine(day, swipes.UPLOAD_AT, CITY_TZ),
                lambda gate=gate, items=items: swipes_upload(gate_actor=gates[gate], swipes=items),
            )
        )
    return sorted(steps, key=lambda step: step[0])


def make_swipes(union: Actor) -> int:
    """The planned swipes not stored yet, each at its moment (plus a few seconds)."""
    planned = swipes.plan()
    done = set(
        Swipe.objects.filter(gate__code__in={p.gate for p in planned}).values_list(
            "gate__code", "swipe_id"
        )
    )
    todo = [p for p in planned if (p.gate, p.swipe_id) not in done]
    for moment, step in _steps(union, todo):
        with clock.frozen(moment + dt.timedelta(seconds=2)):
            step()
    return len(todo)


def settle(union: Actor) -> int:
    """October: every operator with ledger rows booked in it, prepared, approved, paid."""
    month_end = dt.date(2026, 10, 31)
    operators = (
        LedgerEntry.objects.filter(booked_on__range=(SETTLED_MONTH, month_end))
        .values_list("operator__code", flat=True)
        .distinct()
        .order_by("operator__code")
    )
    made = 0
    for n, code in enumerate(operators, start=1):
        if Settlement.objects.filter(operator__code=code, month=SETTLED_MONTH).exists():
            continue
        with clock.frozen(PREPARED):
            statement = settlement_prepare(actor=union, operator_code=code, month=SETTLED_MONTH)
        with clock.frozen(APPROVED):
            settlement_approve(actor=union, settlement_id=statement.pk)
        with clock.frozen(PAID):
            reference = f"ZGH-JS-{SETTLED_MONTH:%Y%m}-{n:03d}"
            settlement_pay(actor=union, settlement_id=statement.pk, payment_reference=reference)
        made += 1
    return made


def load(log: Callable[[str], None]) -> None:
    if os.environ.get("ONETHING_DEMO_HISTORY", "1") == "0":
        log("honour cards history: skipped (ONETHING_DEMO_HISTORY=0)")
        return
    union = actor_for(User.objects.get(username="union"))
    generated = registry.rows()
    log(f"honorees: {import_registry(union, generated)} imported, {Honoree.objects.count()} in all")
    log(f"first batch: {issue_first_batch(union, generated)} cards issued")
    log(f"swipes: {make_swipes(union)} new, {Swipe.objects.filter(allowed=True).count()} allowed")
    log(f"statements of {SETTLED_MONTH:%Y-%m}: {settle(union)} paid")
