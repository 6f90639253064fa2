"""The figures of the honour cards, computed from the records each time.

Internal (union staff): cards issued and active, active honorees, allowed swipes by venue,
operator and month, amounts owed (the ledger) and paid (paid statements), the pool's
top-ups and balance (top-ups less every ledger amount). Public (no sign-in, for the
dashboard): cards issued, active honorees, rides by venue and by month — no money.

Months: ``swipes`` of a month count the rides made in it (the swipe's time, local);
``booked_fen`` of a month is what the ledger booked in it, i.e. what that month's
statements total (a late offline upload is booked when it arrives).

``swipes`` are the rides and entries (buses, metro, scenic spots…); the card's desk scenes
are counted apart as visits: ``hospital_visits`` at the green channel (医院就诊绿色通道,
never charged) and ``dining_visits`` at the dining offers (餐饮商圈优惠), whose discounts the
internal figures split by who pays (``dining``: the pool's share is in the ledger and the
statements, the merchants' own is recorded only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.models import Role
from onething.core.permissions import SYSTEM, Actor, require_role, visible

from ..models import (
    CardStatus,
    Honoree,
    HonoreeStatus,
    HonourCard,
    LedgerTally,
    Operator,
    PoolTopUp,
    RideTally,
    Settlement,
    SettlementStatus,
    SubsidyPool,
    Swipe,
    Venue,
)
from ..rules.visits import MERCHANT, POOL, VISIT_KINDS

Period = tuple[dt.date | None, dt.date | None]


def _month(value) -> str:
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime("%Y-%m")


def _counts(actor: Actor, until: dt.date | None = None) -> dict[str, int]:
    cards = visible(actor, HonourCard.objects.all())
    if until is not None:
        cards = cards.filter(issued_at__date__lte=until)
    return {
        "cards_issued": cards.count(),
        # model workers holding a card (a card replaced after a loss counts once)
        "card_holders": cards.values("honoree").distinct().count(),
        "cards_active": cards.filter(status=CardStatus.ACTIVE).count(),
        "honorees_active": visible(
            actor, Honoree.objects.filter(status=HonoreeStatus.ACTIVE)
        ).count(),
    }


def _rides(period: Period) -> QuerySet:
    """The ride roll-up's rows of the period (whole months: a ride counts in its month)."""
    rows = RideTally.objects.all()
    first, last = period
    if first is not None:
        rows = rows.filter(month__gte=first.replace(day=1))
    if last is not None:
        rows = rows.filter(month__lte=last.replace(day=1))
    return rows


def _rides_by_venue(actor: Actor, period: Period = (None, None)) -> dict[int, int]:
    rows = _rides(period).values("venue_id").annotate(n=Sum("rides")).order_by()
    return {row["venue_id"]: row["n"] for row in rows if row["n"]}


def _rides_by_month(
    actor: Actor, period: Period = (None, None), visits: tuple[int, ...] = ()
) -> dict[str, int]:
    """The rides by month, the visits at the venues ``visits`` left out."""
    rows = _rides(period).exclude(venue_id__in=visits).values("month")
    rows = rows.annotate(n=Sum("rides")).order_by()
    return {_month(row["month"]): row["n"] for row in rows if row["n"]}


def _venues() -> list[Venue]:
    return list(Venue.objects.select_related("operator").order_by("code"))


def _scenes(venues: list[Venue], uses: dict[int, int]) -> dict[str, Any]:
    """The uses split into rides (``swipes``) and the visits of the desk scenes, and the
    venues of those scenes (``visit_venues``, ids)."""
    kinds = {v.pk: v.operator.kind for v in venues}
    visit_venues = tuple(pk for pk, kind in kinds.items() if kind in VISIT_KINDS)

    def of(kind: str) -> int:
        return sum(n for pk, n in uses.items() if kinds.get(pk) == kind)

    return {
        "swipes": sum(n for pk, n in uses.items() if pk not in visit_venues),
        "hospital_visits": of("hospital"),
        "dining_visits": of("restaurant"),
        "visit_venues": visit_venues,
    }


def dining_figures(actor: Actor, period: Period = (None, None)) -> dict[str, Any]:
    """餐饮商圈优惠 (union staff): the dining visits, bills and discounts, by who pays the
    discount (the pool: owed to the merchant, in the ledger; the merchant: its own cost) and
    by merchant. Read from the visits themselves (the local day of the visit)."""
    rows = visible(actor, Swipe.objects.all()).filter(
        allowed=True, venue__operator__kind="restaurant"
    )
    first, last = period
    if first is not None:
        rows = rows.filter(at__date__gte=first)
    if last is not None:
        rows = rows.filter(at__date__lte=last)
    grouped = (
        rows.values("venue_id", "funded_by")
        .annotate(n=Count("id"), bill=Sum("bill_fen"), off=Sum("discount_fen"))
        .order_by()
    )
    venues = {v.pk: v for v in Venue.objects.select_related("operator")}
    by_merchant = []
    totals = {"visits": 0, "bill_fen": 0, "discount_fen": 0, POOL: 0, MERCHANT: 0}
    for row in grouped:
        venue = venues[row["venue_id"]]
        bill, off = row["bill"] or 0, row["off"] or 0
        totals["visits"] += row["n"]
        totals["bill_fen"] += bill
        totals["discount_fen"] += off
        totals[row["funded_by"] or POOL] = totals.get(row["funded_by"] or POOL, 0) + off
        by_merchant.append(
            {
                "code": venue.operator.code,
                "name": venue.operator.name,
                "venue": venue.code,
                "venue_name": venue.name,
                "area": venue.area,
                "funded_by": row["funded_by"],
                "visits": row["n"],
                "bill_fen": bill,
                "discount_fen": off,
            }
        )
    by_merchant.sort(key=lambda m: (m["area"], m["code"], m["venue"], m["funded_by"]))
    return {
        "visits": totals["visits"],
        "bill_fen": totals["bill_fen"],
        "discount_fen": totals["discount_fen"],
        "pool_fen": totals[POOL],
        "merchant_fen": totals[MERCHANT],
        "by_merchant": by_merchant,
    }


def figures_public(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """What anyone may see: aggregates only, no money, no person. With a period, the rides
    made in it and the cards issued by its end."""
    period = (date_from, date_to)
    rides = _rides_by_venue(SYSTEM, period)
    venues = _venues()
    scenes = _scenes(venues, rides)
    months = _rides_by_month(SYSTEM, period, scenes["visit_venues"])
    return {
        "generated_at": clock.now(),
        **{k: v for k, v in _counts(SYSTEM, date_to).items() if k != "cards_active"},
        "swipes": scenes["swipes"],
        "hospital_visits": scenes["hospital_visits"],
        "dining_visits": scenes["dining_visits"],
        "by_venue": [
            {"code": v.code, "name": v.name, "swipes": rides.get(v.pk, 0)} for v in venues
        ],
        "by_month": [{"month": m, "swipes": n} for m, n in sorted(months.items())],
    }


def figures_internal(actor: Actor) -> dict[str, Any]:
    """Every figure (union staff)."""
    require_role(actor, Role.UNION_STAFF)
    ledger = LedgerTally.objects.all()  # the ledger, rolled up by month, operator and venue
    rides = _rides_by_venue(actor)
    owed_by_venue = {
        row["venue_id"]: row["fen"]
        for row in ledger.values("venue_id").annotate(fen=Sum("amount_fen")).order_by()
    }  # every row, corrections included
    owed_by_operator = {
        row["operator_id"]: row["fen"]
        for row in ledger.values("operator_id").annotate(fen=Sum("amount_fen")).order_by()
    }
    paid = visible(actor, Settlement.objects.filter(status=SettlementStatus.PAID))
    paid_by_operator = {
        row["operator_id"]: row["fen"]
        for row in paid.values("operator_id").annotate(fen=Sum("amount_fen")).order_by()
    }
    venues = _venues()
    scenes = _scenes(venues, rides)
    operator_rides: dict[int, int] = {}
    for venue in venues:
        operator_rides[venue.operator_id] = operator_rides.get(venue.operator_id, 0) + rides.get(
            venue.pk, 0
        )
    months = _rides_by_month(actor, visits=scenes["visit_venues"])
    booked: dict[str, int] = {}
    for row in ledger.values("month").annotate(fen=Sum("amount_fen")).order_by():
        booked[_month(row["month"])] = booked.get(_month(row["month"]), 0) + row["fen"]
    owed = sum(owed_by_operator.values())
    paid_fen = sum(paid_by_operator.values())
    top_ups = visible(actor, PoolTopUp.objects.all()).aggregate(s=Sum("amount_fen"))["s"] or 0
    warn = visible(actor, SubsidyPool.objects.all()).aggregate(m=Max("warning_below_fen"))["m"]
    balance = top_ups - owed
    return {
        "generated_at": clock.now(),
        **_counts(actor),
        "swipes": scenes["swipes"],
        "hospital_visits": scenes["hospital_visits"],
        "dining_visits": scenes["dining_visits"],
        "dining": dining_figures(actor),
        "owed_fen": owed,
        "paid_fen": paid_fen,
        "outstanding_fen": owed - paid_fen,
        "pool_top_ups_fen": top_ups,
        "pool_balance_fen": balance,
        "pool_warning_below_fen": warn or 0,
        "pool_low": warn is not None and balance < warn,
        "by_venue": [
            {
                "code": v.code,
                "name": v.name,
                "operator": v.operator.code,
                "swipes": rides.get(v.pk, 0),
                "owed_fen": owed_by_venue.get(v.pk, 0),
            }
            for v in venues
        ],
        "by_operator": [
            {
                "code": o.code,
                "name": o.name,
                "swipes": operator_rides.get(o.pk, 0),
                "owed_fen": owed_by_operator.get(o.pk, 0),
                "paid_fen": paid_by_operator.get(o.pk, 0),
            }
            for o in Operator.objects.order_by("code")
        ],
        "by_month": [
            {"month": m, "swipes": months.get(m, 0), "booked_fen": booked.get(m, 0)}
            for m in sorted(set(months) | set(booked))
        ],
    }


EXPORT_HEADERS = [
    gettext_lazy("Figure"),
    gettext_lazy("Code"),
    gettext_lazy("Name"),
    gettext_lazy("Count"),
    gettext_lazy("Amount (fen)"),
]


def figures_export(actor: Actor) -> tuple[list[str], list[list[Any]]]:
    """The internal figures as one table: totals first, then by venue, operator, month."""
    f = figures_internal(actor)
    rows: list[list[Any]] = [
        ["cards_issued", "", "", f["cards_issued"], ""],
        ["cards_active", "", "", f["cards_active"], ""],
        ["honorees_active", "", "", f["honorees_active"], ""],
        ["swipes", "", "", f["swipes"], f["owed_fen"]],
        ["hospital_visits", "", "", f["hospital_visits"], 0],
        ["dining_visits", "", "", f["dining_visits"], f["dining"]["discount_fen"]],
        ["dining_discount_pool", "", "", "", f["dining"]["pool_fen"]],
        ["dining_discount_merchant", "", "", "", f["dining"]["merchant_fen"]],
        ["paid", "", "", "", f["paid_fen"]],
        ["outstanding", "", "", "", f["outstanding_fen"]],
        ["pool_top_ups", "", "", "", f["pool_top_ups_fen"]],
        ["pool_balance", "", "", "", f["pool_balance_fen"]],
    ]
    rows += [["venue", v["code"], v["name"], v["swipes"], v["owed_fen"]] for v in f["by_venue"]]
    rows += [
        ["operator", o["code"], o["name"], o["swipes"], o["owed_fen"]] for o in f["by_operator"]
    ]
    rows += [["operator_paid", o["code"], o["name"], "", o["paid_fen"]] for o in f["by_operator"]]
    rows += [["month", m["month"], "", m["swipes"], m["booked_fen"]] for m in f["by_month"]]
    rows += [
        [f"dining_{m['funded_by'] or 'pool'}", m["code"], m["name"], m["visits"], m["discount_fen"]]
        for m in f["dining"]["by_merchant"]
    ]
    return [str(h) for h in EXPORT_HEADERS], rows
