"""Reads for the union finance pages and the honoree's rides, on top of the ledger and
settlement selectors: the top-ups of a month, the ledger of a month, the choices of the
filters, a reconciliation's findings with each swipe's time and amounts, and the figures as
tables. Scoped like the rows they read (cards.scopes: the money is union staff's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.permissions import Actor, get_visible, visible

from ..models import FundedBy, LedgerEntry, PoolTopUp, Reconciliation, Settlement, Swipe, Venue
from ..rules.settlement import next_month
from . import figures, ledger, venues
from .settlement import statement_swipes


def month_span(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``month`` (any day of it)."""
    first = month.replace(day=1)
    return first, next_month(first) - dt.timedelta(days=1)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


# ---------------------------------------------------------------- the pool and the ledger


def top_ups_in(actor: Actor, *, month: dt.date | None = None) -> QuerySet[PoolTopUp]:
    """The pool's top-ups, newest first; ``month``: those made in it (local time)."""
    rows = ledger.top_ups_list(actor)
    if month is not None:
        first, last = month_span(month)
        rows = rows.filter(at__gte=_day_start(first), at__lt=_day_start(last + dt.timedelta(1)))
    return rows


def ledger_in(
    actor: Actor,
    *,
    operator: str = "",
    venue: str = "",
    month: dt.date | None = None,
    kind: str = "",
) -> QuerySet[LedgerEntry]:
    """The ledger, newest booking first; ``month``: the rows booked in it; ``kind``:
    ``swipes`` or ``corrections`` only."""
    booked_from = booked_to = None
    if month is not None:
        booked_from, booked_to = month_span(month)
    return ledger.ledger_list(
        actor,
        operator=operator,
        venue=venue,
        booked_from=booked_from,
        booked_to=booked_to,
        corrections={"swipes": False, "corrections": True}.get(kind),
    ).select_related("swipe__gate")


def operator_choices(actor: Actor) -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in venues.operators_list(actor).order_by("code")]


def venue_choices(actor: Actor) -> list[tuple[str, str]]:
    rows = visible(actor, Venue.objects.select_related("operator")).order_by("code")
    return [(v.code, f"{v.name} · {v.operator.name}") for v in rows]


# ---------------------------------------------------------------- reconciliation


def reconciliation_get(actor: Actor, settlement: Settlement, reconciliation_id: int):
    """One reconciliation of ``settlement`` (404 for another statement's)."""
    return get_visible(
        actor,
        Reconciliation.objects.select_related("by"),
        pk=reconciliation_id,
        settlement=settlement,
    )


def _split(key: str) -> tuple[str, str]:
    gate, _sep, swipe_id = key.partition(":")
    return gate, swipe_id


def _swipes_named(actor: Actor, keys: set[str]) -> dict[str, Swipe]:
    """Our swipes by ``<gate code>:<swipe id>`` (those we know of among ``keys``)."""
    if not keys:
        return {}
    pairs = {_split(k) for k in keys}
    rows = visible(
        actor,
        Swipe.objects.filter(
            gate__code__in={g for g, _s in pairs}, swipe_id__in={s for _g, s in pairs}
        ).select_related("gate", "venue"),
    )
    found = {f"{s.gate.code}:{s.swipe_id}": s for s in rows.iterator(chunk_size=2000)}
    return {k: v for k, v in found.items() if k in keys}


FINDINGS = (
    ("only_ours", gettext_lazy("Only in our statement")),
    ("only_theirs", gettext_lazy("Only in the operator's export")),
    ("amount_differs", gettext_lazy("Amounts differ")),
)


def reconciliation_findings(actor: Actor, reconciliation: Reconciliation) -> dict[str, list]:
    """Each finding as ``{key, gate, swipe_id, at, venue, ours, theirs, difference}``:
    the time and the venue of the swipes we know, our amount for the month (the swipe and
    its corrections booked in it), theirs when the comparison kept it. ``only_theirs``
    swipes we know of were booked in another month or denied; unknown ones have no time."""
    settlement = reconciliation.settlement
    ours = statement_swipes(actor, settlement.operator, settlement.month)
    differs = {row["swipe"]: row for row in reconciliation.amount_differs}
    keys = set(reconciliation.only_ours) | set(reconciliation.only_theirs) | set(differs)
    swipes = _swipes_named(actor, keys)

    def finding(key: str, theirs: int | None) -> dict[str, Any]:
        gate, swipe_id = _split(key)
        swipe = swipes.get(key)
        mine = differs[key]["ours"] if key in differs else ours.get(key)
        return {
            "key": key,
            "gate": gate,
            "swipe_id": swipe_id,
            "at": swipe.at if swipe else None,
            "venue": swipe.venue.name if swipe else "",
            "ours": mine,
            "theirs": theirs,
            "difference": (theirs - mine) if theirs is not None and mine is not None else None,
        }

    return {
        "only_ours": [finding(k, None) for k in reconciliation.only_ours],
        "only_theirs": [finding(k, None) for k in reconciliation.only_theirs],
        "amount_differs": [
            finding(row["swipe"], row["theirs"]) for row in reconciliation.amount_differs
        ],
    }


def findings_export(actor: Actor, reconciliation: Reconciliation) -> tuple[list[str], list[list]]:
    """Every finding of a reconciliation as one table (amounts in fen)."""
    found = reconciliation_findings(actor, reconciliation)
    headers = [
        _("Finding"),
        _("Gate"),
        _("Swipe id"),
        _("Swiped at"),
        _("Venue"),
        _("Ours (fen)"),
        _("Theirs (fen)"),
        _("Difference (fen)"),
    ]
    rows = [
        [
            str(label),
            f["gate"],
            f["swipe_id"],
            f["at"],
            f["venue"],
            f["ours"],
            f["theirs"],
            f["difference"],
        ]
        for kind, label in FINDINGS
        for f in found[kind]
    ]
    return headers, rows


# ---------------------------------------------------------------- figures

FIGURE_TABLES = ("totals", "venue", "operator", "month", "dining")


def figures_tables(actor: Actor) -> dict[str, Any]:
    """The internal figures (union staff) and, per table, its headers and rows in fen."""
    f = figures.figures_internal(actor)
    totals = [
        ["cards_issued", _("Cards issued"), f["cards_issued"], None],
        ["cards_active", _("Cards active"), f["cards_active"], None],
        ["honorees_active", _("Active honorees"), f["honorees_active"], None],
        ["swipes", _("Allowed swipes"), f["swipes"], None],
        [
            "hospital_visits",
            _("Hospital green channel visits (not charged)"),
            f["hospital_visits"],
            0,
        ],
        ["dining_visits", _("Dining offer visits"), f["dining_visits"], f["dining"]["bill_fen"]],
        ["dining_pool", _("Dining discounts paid by the pool"), None, f["dining"]["pool_fen"]],
        [
            "dining_merchant",
            _("Dining discounts at the merchants' cost"),
            None,
            f["dining"]["merchant_fen"],
        ],
        ["owed", _("Owed to operators (ledger)"), None, f["owed_fen"]],
        ["paid", _("Paid (paid statements)"), None, f["paid_fen"]],
        ["outstanding", _("Outstanding"), None, f["outstanding_fen"]],
        ["pool_top_ups", _("Pool top-ups"), None, f["pool_top_ups_fen"]],
        ["pool_balance", _("Pool balance"), None, f["pool_balance_fen"]],
    ]
    tables = {
        "totals": (
            [_("Figure"), _("Name"), _("Count"), _("Amount (fen)")],
            totals,
        ),
        "venue": (
            [_("Venue code"), _("Venue"), _("Operator"), _("Swipes"), _("Owed (fen)")],
            [
                [v["code"], v["name"], v["operator"], v["swipes"], v["owed_fen"]]
                for v in f["by_venue"]
            ],
        ),
        "operator": (
            [_("Operator code"), _("Operator"), _("Swipes"), _("Owed (fen)"), _("Paid (fen)")],
            [
                [o["code"], o["name"], o["swipes"], o["owed_fen"], o["paid_fen"]]
                for o in f["by_operator"]
            ],
        ),
        "month": (
            [_("Month"), _("Swipes"), _("Booked (fen)")],
            [[m["month"], m["swipes"], m["booked_fen"]] for m in f["by_month"]],
        ),
        "dining": (
            [
                _("Merchant code"),
                _("Merchant"),
                _("Business district"),
                _("Discount paid by"),
                _("Visits"),
                _("Bills (fen)"),
                _("Discounts (fen)"),
            ],
            [
                [
                    m["code"],
                    m["name"],
                    m["area"],
                    str(FundedBy(m["funded_by"] or "pool").label),
                    m["visits"],
                    m["bill_fen"],
                    m["discount_fen"],
                ]
                for m in f["dining"]["by_merchant"]
            ],
        ),
    }
    return {"figures": f, "tables": tables}
