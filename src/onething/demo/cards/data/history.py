"""The demo city's honour-card history, made by the services as of their days
(``core.clock.frozen``), so that the seed's figures come out of the records:

- the registry: "全市6000余名劳模" imported by union staff from three .xlsx files
  (``honorees_import``, as a clerk uploads them), 2023 to 2025, each honoree given the
  digital certificate "一人一码" right after the import (``certificates_issue_all``);
- "首批4735张": the first batch's cards, issued from the manufacturer's list
  (``cards_issue_batch``) on 30 May 2025;
- "刷卡3657人次": the allowed swipes from June to the seed's report in mid-July 2025, asked
  online by the metro and scenic gates (``swipe_authorize``) and uploaded by the buses at the
  end of each day (``swipes_upload``), with a few denied ones (a card reported lost, a
  daily cap);
- June and July 2025 settled: each operator's statement prepared, approved and paid.

The live layer: the rides of the last days before the demo's today (its month is left
for union finance to prepare). Deterministic and idempotent: each part looks for what it
made before and makes only the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from onething.cards.models import (
    Gate,
    Honoree,
    HonourCard,
    IssuanceBatch,
    LedgerEntry,
    Settlement,
    Swipe,
)
from onething.cards.services.cards import card_batch_create, card_issue, card_report_lost
from onething.cards.services.certificates import certificates_issue_all
from onething.cards.services.gates import swipe_authorize, swipes_upload
from onething.cards.services.importer import honorees_import
from onething.cards.services.issuance import cards_issue_batch
from onething.cards.services.settlement import (
    settlement_approve,
    settlement_pay,
    settlement_prepare,
)
from onething.core import clock
from onething.core.crypto import keyring
from onething.core.identity import PII_FIELDS
from onething.core.models import User
from onething.core.permissions import Actor, actor_for

from ...timeline import at, live_now, workday_on_or_after
from . import directory, registry, swipes
from .swipes import CITY_TZ, Planned

SETTLED_MONTHS = (dt.date(2025, 6, 1), dt.date(2025, 7, 1))


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _settled_at(month: dt.date) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """Prepared, approved and paid in the first fortnight of the next month."""
    prepared = workday_on_or_after(_month_end(month) + dt.timedelta(days=3))
    approved = workday_on_or_after(prepared + dt.timedelta(days=2))
    paid = workday_on_or_after(approved + dt.timedelta(days=3))
    return at(prepared, 9, 30), at(approved, 14), at(paid, 16)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=CITY_TZ)


def _is_honoree(id_number: str) -> bool:
    digest = keyring().digest(id_number, PII_FIELDS["id_number"])
    return Honoree.objects.filter(person__id_number_digest=digest).exists()


def import_registry(union: Actor, generated: list[registry.Row]) -> tuple[int, int]:
    """The three files, each imported on its day (a file imported before is left), and a
    certificate for every honoree without one three days later: (honorees, certificates)."""
    made = certified = 0
    for name, moment, part in registry.files(generated):
        if not part or _is_honoree(part[0].id_number):
            continue
        with clock.frozen(_aware(moment)):
            made += honorees_import(actor=union, name=name, data=registry.workbook(part))["created"]
        with clock.frozen(_aware(moment + dt.timedelta(days=3))):
            certified += certificates_issue_all(actor=union)
    return made, certified


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
    steps: list[tuple[dt.datetime, Callable[[], None]]] = []
    if any(p.at < swipes.LOST_REPORTED for p in todo):
        steps += [
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


def make_swipes(union: Actor, planned: list[Planned]) -> int:
    """The planned swipes not stored yet, each at its moment (plus a few seconds)."""
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


def settle(union: Actor, month: dt.date) -> int:
    """A month: every operator with ledger rows booked in it, prepared, approved, paid."""
    operators = (
        LedgerEntry.objects.filter(booked_on__range=(month, _month_end(month)))
        .values_list("operator__code", flat=True)
        .distinct()
        .order_by("operator__code")
    )
    return settle_operators(union, month, list(operators), prefix="ZGH-JS")


def settle_operators(
    union: Actor,
    month: dt.date,
    codes: list[str],
    *,
    prefix: str,
    not_after: dt.datetime | None = None,
) -> int:
    """The month's statements of ``codes`` (operators), each prepared, approved and paid
    on its day in the first fortnight of the next month (a statement made already is
    left; none at all when it would be paid after ``not_after``); how many were made."""
    prepared, approved, paid = _settled_at(month)
    if not_after is not None and paid > not_after:
        return 0
    made = 0
    for n, code in enumerate(codes, start=1):
        if Settlement.objects.filter(operator__code=code, month=month).exists():
            continue
        with clock.frozen(prepared):
            statement = settlement_prepare(actor=union, operator_code=code, month=month)
        with clock.frozen(approved):
            settlement_approve(actor=union, settlement_id=statement.pk)
        with clock.frozen(paid):
            reference = f"{prefix}-{month:%Y%m}-{n:03d}"
            settlement_pay(actor=union, settlement_id=statement.pk, payment_reference=reference)
        made += 1
    return made


def load_fixed(log: Callable[[str], None]) -> None:
    union = actor_for(User.objects.get(username="union"))
    generated = registry.rows()
    honorees, certified = import_registry(union, generated)
    log(
        f"honorees: {honorees} imported, {Honoree.objects.count()} in all, "
        f"{certified} certificates issued"
    )
    log(f"first batch: {issue_first_batch(union, generated)} cards issued")
    made = make_swipes(union, swipes.plan())
    log(f"swipes: {made} new, {Swipe.objects.filter(allowed=True).count()} allowed")
    for month in SETTLED_MONTHS:
        log(f"statements of {month:%Y-%m}: {settle(union, month)} paid")


def load_live(log: Callable[[str], None]) -> None:
    """The rides of the last days (made once; then they age)."""
    after = dt.datetime.combine(swipes.LAST_DAY, dt.time(23, 59), CITY_TZ)
    if Swipe.objects.filter(at__gt=after).exists():
        log("live rides: made before")
        return
    union = actor_for(User.objects.get(username="union"))
    log(f"live rides: {make_swipes(union, swipes.plan_live(live_now()))} new")
