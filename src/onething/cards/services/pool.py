"""The subsidy pool (补贴资金池) and corrections of the swipe ledger.

One pool, made on first use: union staff fund it (each top-up records who and when) and
set the balance below which it warns; every ledger amount draws on it. Ledger rows are
never edited: a correction is a new row naming the row it corrects, carrying the
difference, booked on the day it is written (so a settled month is never reopened)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record
from onething.core.services.idempotency import idempotent_create

from ..models import LedgerEntry, PoolTopUp, SubsidyPool
from .tallies import ledger_counted
from .venues import MAX_PRICE_FEN, int_problem, text_problem

POOL_NAME = "劳模卡补贴资金池"
MAX_TOP_UP_FEN = 10**13  # 1,000 billion yuan: anything above is a typing error
MAX_THRESHOLD_FEN = 10**13


def pool_get(*, lock: bool = False) -> SubsidyPool:
    """The one pool (the oldest, should two have been made), created on first use."""
    rows = SubsidyPool.objects.order_by("pk")
    pool = (rows.select_for_update() if lock else rows).first()
    if pool is None:
        pool = SubsidyPool.objects.create(name=POOL_NAME)
    return pool


def _raise_if(problems: list[FieldProblem | None]) -> None:
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)


@transaction.atomic
def pool_top_up(
    *, actor: Actor, amount_fen: int, note: str = "", idempotency_key: str | None = None
) -> PoolTopUp:
    """The union funds the pool with ``amount_fen`` (a positive whole number of fen). A
    retry with the same idempotency key gets the first top-up (the money is added once)."""
    require_role(actor, Role.UNION_STAFF)
    _raise_if(
        [
            int_problem("amount_fen", amount_fen, 1, MAX_TOP_UP_FEN),
            text_problem("note", note, 200, required=False),
        ]
    )
    note = (note or "").strip()

    def create() -> PoolTopUp:
        top_up = PoolTopUp.objects.create(
            pool=pool_get(), amount_fen=amount_fen, at=clock.now(), by_id=actor.user_id, note=note
        )
        audit_record(
            actor=actor,
            action="pool.top_up",
            subject=top_up,
            after={"pool": top_up.pool_id, "amount_fen": amount_fen, "note": note},
        )
        return top_up

    top_up, _created = idempotent_create(
        actor=actor,
        operation="pool.top_up",
        key=idempotency_key,
        payload={"amount_fen": amount_fen, "note": note},
        model=PoolTopUp,
        create=create,
    )
    return top_up


@transaction.atomic
def pool_threshold_set(*, actor: Actor, warning_below_fen: int) -> SubsidyPool:
    """Warn when the available balance falls below ``warning_below_fen`` (0: never)."""
    require_role(actor, Role.UNION_STAFF)
    _raise_if([int_problem("warning_below_fen", warning_below_fen, 0, MAX_THRESHOLD_FEN)])
    pool = pool_get(lock=True)
    before = pool.warning_below_fen
    pool.warning_below_fen = warning_below_fen
    pool.save(update_fields=["warning_below_fen"])
    audit_record(
        actor=actor,
        action="pool.threshold",
        subject=pool,
        before={"warning_below_fen": before},
        after={"warning_below_fen": warning_below_fen},
    )
    return pool


@transaction.atomic
def ledger_correct(
    *,
    actor: Actor,
    entry_id: int,
    amount_fen: int,
    note: str,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Put a ledger row right (union staff): ``amount_fen`` is what the row should have
    been (0 to take it back entirely). A new row is written naming the row it corrects,
    with the difference from what is owed for it now (the row plus its earlier corrections),
    booked today; the row itself is never changed. 422 when there is nothing to correct,
    or when the row named is itself a correction (correct the original row)."""
    require_role(actor, Role.UNION_STAFF)
    problems = [
        int_problem("amount_fen", amount_fen, 0, MAX_PRICE_FEN),
        text_problem("note", note, 200),
    ]
    entry = None
    if isinstance(entry_id, int) and not isinstance(entry_id, bool):
        # locked: two corrections of one row are computed one after the other
        entry = LedgerEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        problems.append(FieldProblem("entry_id", "unknown", _("There is no such ledger entry.")))
    elif entry.corrects_id is not None:
        problems.append(
            FieldProblem(
                "entry_id",
                "is_correction",
                _("This row is a correction: correct the row it corrects instead."),
            )
        )
    _raise_if(problems)
    note = note.strip()

    def create() -> LedgerEntry:
        owed = entry.amount_fen + (
            entry.corrections.aggregate(total=Sum("amount_fen"))["total"] or 0
        )
        delta = amount_fen - owed
        if delta == 0:
            raise ValidationFailed.one(
                "amount_fen", "unchanged", _("The row already comes to this amount.")
            )
        correction = LedgerEntry.objects.create(
            operator_id=entry.operator_id,
            venue_id=entry.venue_id,
            corrects=entry,
            amount_fen=delta,
            swiped_at=entry.swiped_at,
            booked_on=clock.today(),
            note=note,
        )
        ledger_counted(correction.booked_on, correction.operator_id, correction.venue_id, delta)
        audit_record(
            actor=actor,
            action="ledger.correct",
            subject=correction,
            before={"entry": entry.pk, "owed_fen": owed},
            after={"entry": entry.pk, "owed_fen": amount_fen, "delta_fen": delta, "note": note},
        )
        return correction

    correction, _created = idempotent_create(
        actor=actor,
        operation="ledger.correct",
        key=idempotency_key,
        payload={"entry": entry.pk, "amount_fen": amount_fen, "note": note},
        model=LedgerEntry,
        create=create,
    )
    return correction
