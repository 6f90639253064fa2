"""Settlement rules: a statement's lifecycle (draft → approved → paid), a month's statement
by venue and day, and the reconciliation of our swipes with an operator's export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from onething.core.transitions import Lifecycle, Transition

from ..models.settlement import SettlementStatus

DRAFT, APPROVED, PAID = SettlementStatus.DRAFT, SettlementStatus.APPROVED, SettlementStatus.PAID


def _requested(status: str, action: str) -> dict:
    transition = SETTLEMENT_LIFECYCLE.table.get(action)
    return {"requested": transition.target} if transition else {}


# Who may approve or pay is the service's check (union finance).
SETTLEMENT_LIFECYCLE = Lifecycle(
    table={
        "approve": Transition({DRAFT}, APPROVED),
        "pay": Transition({APPROVED}, PAID),
    },
    status_refused=gettext_lazy("A %(before)s statement cannot become %(after)s."),
    status_label=lambda status: SettlementStatus(status).label,
    more_details=_requested,
)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Statement:
    swipes: int
    amount_fen: int
    lines: list[dict]  # [{venue, day, swipes, amount_fen}] by venue then day


def statement(rows: Iterable[tuple[str, dt.date, int, bool]]) -> Statement:
    """``rows``: (venue code, day, amount in fen, is a swipe — False for a correction)."""
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    swipes = total = 0
    for venue, day, amount, is_swipe in rows:
        group = groups[(venue, day)]
        group[0] += 1 if is_swipe else 0
        group[1] += amount
        swipes += 1 if is_swipe else 0
        total += amount
    lines = [
        {"venue": venue, "day": day.isoformat(), "swipes": n, "amount_fen": fen}
        for (venue, day), (n, fen) in sorted(groups.items())
    ]
    return Statement(swipes, total, lines)


@dataclass(frozen=True)
class Differences:
    only_ours: list[str]
    only_theirs: list[str]
    amount_differs: list[dict]  # [{swipe, ours, theirs}]

    @property
    def clean(self) -> bool:
        return not (self.only_ours or self.only_theirs or self.amount_differs)


def reconcile(ours: Mapping[str, int], theirs: Mapping[str, int]) -> Differences:
    """Swipes (by key) on one side only, and those whose amounts differ."""
    return Differences(
        only_ours=sorted(set(ours) - set(theirs)),
        only_theirs=sorted(set(theirs) - set(ours)),
        amount_differs=[
            {"swipe": key, "ours": ours[key], "theirs": theirs[key]}
            for key in sorted(set(ours) & set(theirs))
            if ours[key] != theirs[key]
        ],
    )
