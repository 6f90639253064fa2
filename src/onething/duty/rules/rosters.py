"""A duty roster (值班表) of a town or street for a month, pure: its lifecycle (draft →
published) and the rule that every leader (党政主要领导) stays overnight at the office at
least twice a week (每周至少2次住在办公驻地), checked when the roster is planned. The rule
warns; it does not refuse: a leader away on business still has a roster.

The weeks are ISO weeks (Monday to Sunday). A week partly outside the month is judged on
its days in the month: its requirement is prorated, ⌈2 × days / 7⌉ (one stay for a week
of one to three days in the month, two for four or more), and its stays in the next or
previous month's roster do not count here."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from onething.core.transitions import Lifecycle, Transition

STAYS_PER_WEEK = 2  # 每周至少2次

# -- the roster's lifecycle: planned as a draft (nights changed at will), then published
DRAFT, PUBLISHED = "draft", "published"
ROSTER_STATUSES = (DRAFT, PUBLISHED)
ROSTER_STATUS_LABELS = {
    DRAFT: pgettext_lazy("duty roster", "Draft"),
    PUBLISHED: pgettext_lazy("duty roster", "Published"),
}
PLAN, PUBLISH = "plan", "publish"
ROSTER_ACTION_LABELS = {
    PLAN: pgettext_lazy("duty roster", "change the nights"),
    PUBLISH: pgettext_lazy("duty roster", "publish the roster"),
}


def _label(labels):
    return lambda key: labels.get(key, key)


ROSTER_LIFECYCLE = Lifecycle(
    table={
        PLAN: Transition({DRAFT}, DRAFT),
        PUBLISH: Transition({DRAFT}, PUBLISHED),
    },
    status_refused=pgettext_lazy(
        "duty roster",
        "You cannot %(action)s: the roster is “%(status)s”, only a roster that is "
        "“%(allowed)s” allows it.",
    ),
    final_refused=pgettext_lazy(
        "duty roster",
        "The roster is published: its nights no longer change (a stay off the roster is "
        "recorded by checking in on the night).",
    ),
    unknown_refused=pgettext_lazy("duty roster", "A roster has no such move."),
    action_label=_label(ROSTER_ACTION_LABELS),
    status_label=_label(ROSTER_STATUS_LABELS),
)


# -- the month ---------------------------------------------------------------------------


def month_days(first: dt.date) -> list[dt.date]:
    """Every day of the month that starts on ``first``."""
    n = calendar.monthrange(first.year, first.month)[1]
    return [first.replace(day=d) for d in range(1, n + 1)]


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def parse_month(text: str) -> dt.date | None:
    """``YYYY-MM`` → the month's first day (None for anything else)."""
    try:
        year, month = (int(p) for p in str(text).split("-"))
        if len(str(text)) != 7 or not 2000 <= year <= 2100:
            return None
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None


# -- the weekly rule ---------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """An ISO week as far as it lies in the month."""

    year: int
    number: int
    first: dt.date  # its first day in the month
    last: dt.date  # its last day in the month
    days: int  # its days in the month (1–7)

    @property
    def partial(self) -> bool:
        return self.days < 7

    @property
    def required(self) -> int:
        """The stays the week requires: two, prorated for a week partly outside the month."""
        return min(STAYS_PER_WEEK, math.ceil(STAYS_PER_WEEK * self.days / 7))


def month_weeks(first: dt.date) -> list[Week]:
    """The ISO weeks of the month, each with its days in the month."""
    weeks: dict[tuple[int, int], list[dt.date]] = {}
    for day in month_days(first):
        iso = day.isocalendar()
        weeks.setdefault((iso.year, iso.week), []).append(day)
    return [Week(y, w, days[0], days[-1], len(days)) for (y, w), days in weeks.items()]


@dataclass(frozen=True)
class StayWarning:
    """A leader's week with fewer stays than the rule asks."""

    leader: Hashable
    week: Week
    stays: int

    @property
    def required(self) -> int:
        return self.week.required


def stay_warnings(
    first: dt.date, leaders: Iterable[Hashable], nights: Iterable[tuple[Hashable, dt.date]]
) -> list[StayWarning]:
    """The weeks of the month in which a leader has fewer than the required stays: every
    leader of ``leaders`` (a leader with no night at all is warned for every week), counting
    the ``nights`` (leader, day) that lie in the month. In the order of the leaders, then
    of the weeks."""
    days = set(month_days(first))
    counted = Counter((leader, day.isocalendar()[:2]) for leader, day in set(nights) if day in days)
    weeks = month_weeks(first)
    return [
        StayWarning(leader, week, counted[(leader, (week.year, week.number))])
        for leader in dict.fromkeys(leaders)
        for week in weeks
        if counted[(leader, (week.year, week.number))] < week.required
    ]


def week_stays(day: dt.date, nights: Iterable[dt.date]) -> tuple[int, int]:
    """(stays, required) of the whole ISO week of ``day`` (the leader's home page: this
    week's stays against the rule, whichever months the week spans)."""
    year, week, _ = day.isocalendar()
    stays = sum(1 for d in set(nights) if d.isocalendar()[:2] == (year, week))
    return stays, STAYS_PER_WEEK
