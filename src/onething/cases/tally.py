"""What one case adds to the city's figures, pure (no database).

The figures are kept as roll-ups (``CaseTally``, ``CaseDueTally``) changed in the same
transaction as the case: the difference between what a case counted for before a change
and after it is added to the roll-up rows. These functions say what a case counts for;
``services/tallies.py`` applies the difference, and recounts from the cases to prove it.

A case counts in the month it was submitted (local time), for its handling department, its
item and the service centre that took it in (0: none, an online application). "Without a
visit" (不见面): submitted online and the result not fetched at a window. "On time":
concluded on or before the due date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from onething.core.ratings import satisfied

from .models import OPEN_STATUSES, CaseStatus, Channel, Delivery

# The Case fields a case's figures depend on (a change to any other field changes none).
FIELDS = (
    "submitted_at",
    "department_id",
    "item_id",
    "channel",
    "delivery",
    "status",
    "due_date",
    "concluded_at",
    "working_days_taken",
    "center_id",
)
# The counters of a month row, in the roll-up's column order.
MEASURES = (
    "cases",
    "online",
    "no_visit",
    "open",
    "concluded",
    "on_time",
    "timed",
    "working_days",
    "ratings",
    "satisfied",
)

MonthKey = tuple[dt.date, int, int, int]  # (month, department_id, item_id, centre or 0)
DueKey = tuple[dt.date, int, dt.date]  # (month, department_id, due_date)


@dataclass(frozen=True)
class CaseState:
    """The values of one case that its figures depend on."""

    submitted_at: dt.datetime
    department_id: int
    item_id: int
    channel: str
    delivery: str
    status: str
    due_date: dt.date | None
    concluded_at: dt.datetime | None
    working_days_taken: int | None
    center_id: int | None = None

    @classmethod
    def of(cls, case) -> CaseState:
        return cls(*(getattr(case, f) for f in FIELDS))


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment).replace(day=1)


def month_key(state: CaseState) -> MonthKey:
    return (month_of(state.submitted_at), state.department_id, state.item_id, state.center_id or 0)


def month_counts(state: CaseState) -> Counter[str]:
    """What a case adds to its month row (ratings come from its evaluation)."""
    online = state.channel == Channel.ONLINE
    concluded = state.status == CaseStatus.CONCLUDED
    on_time = (
        concluded
        and state.due_date is not None
        and state.concluded_at is not None
        and timezone.localdate(state.concluded_at) <= state.due_date
    )
    timed = concluded and state.working_days_taken is not None
    return Counter(
        {
            "cases": 1,
            "online": int(online),
            "no_visit": int(online and state.delivery != Delivery.WINDOW),
            "open": int(state.status in OPEN_STATUSES),
            "concluded": int(concluded),
            "on_time": int(on_time),
            "timed": int(timed),
            "working_days": state.working_days_taken if timed else 0,
        }
    )


def due_key(state: CaseState) -> DueKey | None:
    """A running case (accepted, not paused for a correction) counts on its due date."""
    if state.status != CaseStatus.ACCEPTED or state.due_date is None:
        return None
    return (month_of(state.submitted_at), state.department_id, state.due_date)


def rating_counts(rating: int) -> Counter[str]:
    return Counter({"ratings": 1, "satisfied": int(satisfied(rating))})


@dataclass
class Delta:
    """Changes to add to the roll-ups: month rows and due-date rows."""

    months: dict[MonthKey, Counter[str]]
    dues: Counter[DueKey]

    def __bool__(self) -> bool:
        return bool(self.dues) or any(self.months.values())


def case_delta(before: CaseState | None, after: CaseState | None) -> Delta:
    """What a change from ``before`` to ``after`` (None: no case) adds to the roll-ups."""
    months: dict[MonthKey, Counter[str]] = {}
    dues: Counter[DueKey] = Counter()
    for state, sign in ((before, -1), (after, 1)):
        if state is None:
            continue
        row = months.setdefault(month_key(state), Counter())
        for name, n in month_counts(state).items():
            row[name] += sign * n
        key = due_key(state)
        if key is not None:
            dues[key] += sign
    months = {k: Counter({m: n for m, n in c.items() if n}) for k, c in months.items()}
    return Delta(
        months={k: c for k, c in months.items() if c},
        dues=Counter({k: n for k, n in dues.items() if n}),
    )
