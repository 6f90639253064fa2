"""What one appeal adds to the city's figures, pure (no database).

The figures are kept as roll-ups (``AppealTally``, ``AppealDueTally``) changed in the same
transaction as the appeal: the difference between what an appeal counted for before a
change and after it is added to the rows. An appeal counts in the month it was received
(local time), by the month it was closed in — so a period's completion is what was closed
by the period's end — its programme, type, channel, responsible department and region.
A closed appeal counts as concluded on time or late (按时办结, ``rules.concluded_in_time``)
in its month row; open ones by their due date, for the days they are overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from onething.core.ratings import satisfied

from . import rules
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
    "replied_at",
)
MEASURES = (
    "total",
    "closed",
    "replied",
    "on_time",
    "late",
    "rated",
    "satisfied",
    "reply_days",
    "concluded_on_time",
    "concluded_late",
)
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
    replied_at: dt.datetime | None  # the last round's reply: the concluding one once closed

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


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localdate(moment)


def counts(state: AppealState) -> Counter[str]:
    """What the appeal counts for in its month row. Of the on-time conclusion rate
    (``rules.conclusion``) only the closed part: an open appeal past its due date is late
    as of a day, so it is summed from the due-date rows (``due_key``) on the day asked."""
    replied = state.first_replied_at is not None
    in_time = None
    if state.status == "closed":
        in_time = rules.concluded_in_time(
            replied_on=_day(state.replied_at), closed_on=_day(state.closed_at), due=state.due_date
        )
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
            "concluded_on_time": int(in_time is True),
            "concluded_late": int(in_time is False),
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
