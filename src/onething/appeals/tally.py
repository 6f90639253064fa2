"""What one appeal adds to the city's figures, pure (no database).

The figures are kept as roll-ups (``AppealTally``, ``AppealDueTally``) changed in the same
transaction as the appeal: the difference between what an appeal counted for before a
change and after it is added to the rows. An appeal counts in the month it was received
(local time), by the month it was closed in — so a period's completion is what was closed
by the period's end — its programme, type, channel, responsible department and region."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from onething.core.ratings import satisfied

from .rules import OPEN_STATUSES

NOT_CLOSED = dt.date(9999, 12, 1)
FIELDS = (
    "received_at",
    "programme_id",
    "type",
    "channel",
    "department_id",
    "region_id",
    "status",
    "closed_at",
    "first_replied_at",
    "replied_on_time",
    "reply_working_days",
    "rating",
    "due_date",
)
MEASURES = ("total", "closed", "replied", "on_time", "late", "rated", "satisfied", "reply_days")
# (month, closed month, programme, type, channel, department, region)
Key = tuple[dt.date, dt.date, int, str, str, int, int]
# (month, programme, type, channel, department, region, due date)
DueKey = tuple[dt.date, int, str, str, int, int, dt.date]
KEYS = (
    "month",
    "closed_month",
    "programme_key",
    "type",
    "channel",
    "department_key",
    "region_key",
)
DUE_KEYS = ("month", "programme_key", "type", "channel", "department_key", "region_key", "due_date")


@dataclass(frozen=True)
class AppealState:
    """The values of one appeal that its figures depend on."""

    received_at: dt.datetime
    programme_id: int | None
    type: str
    channel: str
    department_id: int | None
    region_id: int
    status: str
    closed_at: dt.datetime | None
    first_replied_at: dt.datetime | None
    replied_on_time: bool | None
    reply_working_days: int | None
    rating: int | None
    due_date: dt.date

    @classmethod
    def of(cls, appeal) -> AppealState:
        return cls(*(getattr(appeal, f) for f in FIELDS))


@dataclass
class Delta:
    months: dict[Key, Counter[str]]
    dues: Counter[DueKey]


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment).replace(day=1)


def key(state: AppealState) -> Key:
    closed = state.status == "closed" and state.closed_at is not None
    return (
        month_of(state.received_at),
        month_of(state.closed_at) if closed else NOT_CLOSED,
        state.programme_id or 0,
        state.type,
        state.channel,
        state.department_id or 0,
        state.region_id,
    )


def counts(state: AppealState) -> Counter[str]:
    replied = state.first_replied_at is not None
    return Counter(
        {
            "total": 1,
            "closed": int(state.status == "closed"),
            "replied": int(replied),
            "on_time": int(state.replied_on_time is True),
            "late": int(state.replied_on_time is False),
            "rated": int(state.rating is not None),
            "satisfied": int(state.rating is not None and satisfied(state.rating)),
            "reply_days": state.reply_working_days or 0 if replied else 0,
        }
    )


def due_key(state: AppealState) -> DueKey | None:
    if state.status not in OPEN_STATUSES:
        return None
    k = key(state)
    return (k[0], k[2], k[3], k[4], k[5], k[6], state.due_date)


def delta(before: AppealState | None, after: AppealState | None) -> Delta:
    """What the change from ``before`` to ``after`` adds (None: not there)."""
    months: dict[Key, Counter[str]] = {}
    dues: Counter[DueKey] = Counter()
    for state, sign in ((before, -1), (after, 1)):
        if state is None:
            continue
        row = months.setdefault(key(state), Counter())
        for measure, n in counts(state).items():
            row[measure] += sign * n
        due = due_key(state)
        if due is not None:
            dues[due] += sign
    months = {k: c for k, c in months.items() if any(c.values())}
    dues = Counter({k: n for k, n in dues.items() if n})
    return Delta(months, dues)
