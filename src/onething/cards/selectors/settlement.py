"""Reads of the monthly settlement (结算): statements, their lines, the ledger rows a
statement is made of, reconciliations and the export of a statement. Union staff only (the
scope rules of Settlement, Reconciliation and LedgerEntry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, get_visible, visible

from ..models import LedgerEntry, Operator, Reconciliation, Settlement, SettlementStatus, Venue
from ..rules.settlement import month_of, next_month

FIRST_YEAR, LAST_YEAR = 1900, 9998


def parse_month(value: Any, field: str = "month") -> dt.date:
    """A month as its first day: a date (any day of it) or the text ``YYYY-MM``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        month = month_of(value)
    else:
        text = str(value or "").strip()
        try:
            if len(text) != 7:
                raise ValueError(text)
            month = dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            problem = (
                FieldProblem(field, "required", _("This field is required."))
                if not text
                else FieldProblem(field, "format", _("A month is written YYYY-MM."))
            )
            raise ValidationFailed([problem]) from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise ValidationFailed.one(
            field,
            "range",
            _("A month from %(a)s to %(b)s.") % {"a": f"{FIRST_YEAR}-01", "b": f"{LAST_YEAR}-12"},
        )
    return month


def month_ledger(actor: Actor, operator: Operator, month: dt.date) -> QuerySet[LedgerEntry]:
    """The ledger rows of ``operator`` booked in ``month`` (swipes and corrections): what its
    statement for that month is made of. A row is booked on the day it was recorded, so it
    belongs to exactly one month."""
    start = month_of(month)
    return visible(
        actor,
        LedgerEntry.objects.filter(
            operator=operator, booked_on__gte=start, booked_on__lt=next_month(start)
        ),
    ).order_by("booked_on", "id")


def statement_rows(actor: Actor, operator: Operator, month: dt.date) -> Iterator[tuple]:
    """(venue code, day booked, amount in fen, is a swipe) of every row of the month, as
    :func:`onething.cards.rules.settlement.statement` takes them."""
    rows = month_ledger(actor, operator, month).values_list(
        "venue__code", "booked_on", "amount_fen", "swipe_id"
    )
    for venue, day, amount, swipe_id in rows.iterator(chunk_size=5000):
        yield venue, day, amount, swipe_id is not None


def swipe_key(gate_code: str, swipe_id: str) -> str:
    """How a swipe is named in a reconciliation: ``<gate code>:<swipe id>``, what the gate
    sent (a swipe id is unique per gate only)."""
    return f"{gate_code}:{swipe_id}"


def statement_swipes(actor: Actor, operator: Operator, month: dt.date) -> dict[str, int]:
    """Our side of a reconciliation: ``{<gate code>:<swipe id>: amount in fen}`` of every
    swipe booked in the month, with the corrections booked in the same month added to the
    swipe they correct. (A correction booked this month of a swipe settled in an earlier
    month is in this month's total but names no swipe of this month: it is left out here.)"""
    rows = month_ledger(actor, operator, month).values_list(
        "id", "swipe__gate__code", "swipe__swipe_id", "corrects_id", "amount_fen"
    )
    keys: dict[int, str] = {}
    amounts: dict[str, int] = {}
    corrections: list[tuple[int, int]] = []
    for entry_id, gate, swipe_id, corrects_id, amount in rows.iterator(chunk_size=5000):
        if swipe_id is not None:
            key = swipe_key(gate, swipe_id)
            keys[entry_id] = key
            amounts[key] = amounts.get(key, 0) + amount
        elif corrects_id is not None:
            corrections.append((corrects_id, amount))
    for corrects_id, amount in corrections:
        key = keys.get(corrects_id)
        if key is not None:
            amounts[key] += amount
    return amounts


def settlements_list(
    actor: Actor, *, operator: str = "", month: str = "", status: str = ""
) -> QuerySet[Settlement]:
    """Statements, newest month first; filters: operator code, month (YYYY-MM), status."""
    qs = visible(actor, Settlement.objects.select_related("operator"))
    if status:
        if status not in SettlementStatus.values:
            raise ValidationFailed.one(
                "status",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(SettlementStatus.values)},
            )
        qs = qs.filter(status=status)
    if operator:
        qs = qs.filter(operator__code=operator)
    if month:
        qs = qs.filter(month=parse_month(month))
    return qs.order_by("-month", "operator__code")


def settlement_get(actor: Actor, settlement_id: int) -> Settlement:
    return get_visible(
        actor,
        Settlement.objects.select_related("operator", "approved_by", "paid_by"),
        pk=settlement_id,
    )


def statement_lines(settlement: Settlement) -> list[dict[str, Any]]:
    """The stored lines with each venue's name."""
    names = dict(
        Venue.objects.filter(code__in={line["venue"] for line in settlement.lines}).values_list(
            "code", "name"
        )
    )
    return [{**line, "venue_name": names.get(line["venue"], "")} for line in settlement.lines]


def reconciliations_list(actor: Actor, settlement: Settlement) -> QuerySet[Reconciliation]:
    return visible(actor, settlement.reconciliations.select_related("by")).order_by("-at", "-id")


EXPORT_HEADERS = [
    gettext_lazy("Operator"),
    gettext_lazy("Month"),
    gettext_lazy("Venue code"),
    gettext_lazy("Venue"),
    gettext_lazy("Day"),
    gettext_lazy("Swipes"),
    gettext_lazy("Amount (fen)"),
]


def statement_export(actor: Actor, settlement_id: int) -> tuple[list[str], list[list[Any]]]:
    """The statement's lines (by venue, then day) and a total row, for CSV / .xlsx."""
    settlement = settlement_get(actor, settlement_id)
    operator, month = settlement.operator.name, settlement.month.strftime("%Y-%m")
    rows: list[list[Any]] = [
        [
            operator,
            month,
            line["venue"],
            line["venue_name"],
            line["day"],
            line["swipes"],
            line["amount_fen"],
        ]
        for line in statement_lines(settlement)
    ]
    rows.append([operator, month, "", _("Total"), "", settlement.swipes, settlement.amount_fen])
    return [str(h) for h in EXPORT_HEADERS], rows
