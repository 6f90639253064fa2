"""The shape of the generated runs, pure (no database): on which working day and at what
time each is taken in (the months' seasonal shape, a one-thing's own season), and what
became of it — concluded within its promised working days, stopped by a denied step or
withdrawn — cut at ``now``.

A million runs are drawn for the demo, so moments are whole seconds since the epoch
(UTC) and days are indexes into the working days (``Timeline``): no datetime object is
made per run. Wuxi keeps one offset from UTC all year (no daylight saving)."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from zoneinfo import ZoneInfo

from onething.core.workdays import WorkdayTable

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = 86_400
# Relative weight of each calendar month, as the case generator's (the Spring Festival
# quiets February; March and September, after the holidays, are busy).
SEASON = {1: 0.95, 2: 0.6, 3: 1.15, 4: 1.05, 5: 1.0, 6: 1.05, 7: 1.0, 8: 0.95, 9: 1.1, 10: 0.85}
SEASON |= {11: 1.05, 12: 1.1}
# Hours a one-thing is applied for (online most of the day, the windows 9:00-17:00).
HOURS = {8: 3, 9: 9, 10: 12, 11: 10, 12: 4, 13: 5, 14: 10, 15: 10, 16: 8, 17: 5}
HOURS |= {18: 3, 19: 4, 20: 5, 21: 4, 22: 2}
OFFICE = (9 * 3600, 17 * 3600)  # when a department concludes or stops a run
STOP_REASONS = (
    "经审查，申请人不符合办理条件。",
    "经核查，申请材料与实际情况不符。",
    "申请事项不属于本部门职责范围。",
)
WITHDRAW_REASON = "申请人主动撤回申请。"
RUNNING, CONCLUDED, STOPPED, WITHDRAWN = "running", "concluded", "stopped", "withdrawn"


@dataclass(frozen=True)
class Shape:
    """The shares of the runs that do not conclude (defaults: a plausible city)."""

    stopped: float = 0.012  # a step denied: the run stops
    withdrawn: float = 0.008  # the applicant withdraws it


@dataclass(frozen=True, slots=True)
class Life:
    """What became of one run: its status and the moments its services would set (epoch
    seconds; None: not set)."""

    status: str
    concluded: int | None = None
    stopped: int | None = None
    reason: str = ""


def parallel_days(steps: Mapping[str, tuple[int, Sequence[str], Sequence[str]]]) -> int:
    """The promised working days of a one-thing run in parallel: ``steps`` maps each key
    to (its item's promised days, the keys it starts after, those it concludes after)."""
    finish: dict[str, int] = {}

    def done(key: str, trail: frozenset = frozenset()) -> int:
        if key in finish:
            return finish[key]
        if key in trail or key not in steps:
            return 0
        days, after, concludes_after = steps[key]
        trail = trail | {key}
        start = max((done(k, trail) for k in after), default=0)
        finish[key] = max([start + days, *(done(k, trail) for k in concludes_after)])
        return finish[key]

    return max((done(k) for k in steps), default=0)


class Timeline:
    """The working days of a WorkdayTable, each with the epoch second of its local
    midnight; day ``i + n`` is ``n`` working days after day ``i``."""

    def __init__(self, table: WorkdayTable):
        self.days: list[dt.date] = list(table.workdays)
        if not self.days:
            raise ValueError("no working day in the table")
        offsets = {SHANGHAI.utcoffset(dt.datetime(d.year, d.month, 1)) for d in self.days}
        if len(offsets) != 1:
            raise ValueError("the local offset from UTC changes within the table")
        self.offset = int(offsets.pop().total_seconds())
        epoch = dt.date(1970, 1, 1)
        self.midnight = [(d - epoch).days * DAY - self.offset for d in self.days]

    def local_date(self, moment: int) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(days=(moment + self.offset) // DAY)

    def day_after(self, i: int, n: int) -> int:
        """The index of the ``n``-th working day after day ``i`` (itself for 0)."""
        if i + n >= len(self.days):
            raise ValueError(f"{n} working days after {self.days[i]} is past the table")
        return i + n


class IntakeDays:
    """Draws the working day a run is taken in, among the timeline's days from ``first``
    to ``last``: each weighs its month's SEASON weight times the one-thing's own weight
    for that month (``profile``; 1 when not named); and the moment of that day."""

    def __init__(self, timeline: Timeline, first: dt.date, last: dt.date):
        self.timeline = timeline
        self.indexes = [i for i, d in enumerate(timeline.days) if first <= d <= last]
        if not self.indexes:
            raise ValueError("no working day in the period")
        self._cum: dict[tuple, list[float]] = {}
        self._hours = [h * 3600 for h in HOURS]
        self._hour_cum = list(accumulate(HOURS.values()))

    def _cumulative(self, profile: Mapping[int, float] | None) -> list[float]:
        key = tuple(sorted((profile or {}).items()))
        if key not in self._cum:
            days = self.timeline.days
            self._cum[key] = list(
                accumulate(
                    SEASON[days[i].month] * (profile or {}).get(days[i].month, 1.0)
                    for i in self.indexes
                )
            )
        return self._cum[key]

    def draw_day(self, rng: random.Random, profile: Mapping[int, float] | None = None) -> int:
        """The timeline index of the working day a run is taken in."""
        cum = self._cumulative(profile)
        return self.indexes[bisect_right(cum, rng.random() * cum[-1])]

    def moment_on(self, rng: random.Random, i: int) -> int:
        """The moment of day ``i`` it is taken in (the hours' weights)."""
        hour = self._hours[bisect_right(self._hour_cum, rng.random() * self._hour_cum[-1])]
        return self.timeline.midnight[i] + hour + int(rng.random() * 3600)


def live(
    rng: random.Random,
    timeline: Timeline,
    day: int,
    started: int,
    promised_days: int,
    now: int,
    shape: Shape,
) -> Life:
    """Draw what became of a run taken in at ``started`` on working day ``day`` (its
    one-thing promising ``promised_days`` working days in parallel), cut at ``now``: what
    lies after ``now`` has not happened yet and the run is still running."""
    r = rng.random()
    office_start, office_end = OFFICE
    if r < shape.withdrawn:  # within a day of applying
        ended = started + 1800 + int(rng.random() * 23 * 3600)
        return Life(RUNNING) if ended > now else Life(WITHDRAWN, None, ended, WITHDRAW_REASON)
    if r < shape.withdrawn + shape.stopped:  # a step denied on a later working day
        on = timeline.day_after(day, 1 + int(rng.random() * max(1, promised_days)))
        ended = (
            timeline.midnight[on] + office_start + int(rng.random() * (office_end - office_start))
        )
        reason = STOP_REASONS[int(rng.random() * len(STOP_REASONS))]
        return Life(RUNNING) if ended > now else Life(STOPPED, None, ended, reason)
    taken = int(promised_days * rng.random() ** 1.3)
    if taken == 0:  # the same working day, 20 minutes to 4 hours later
        concluded = started + 1200 + int(rng.random() * 13_200)
    else:
        on = timeline.day_after(day, taken)
        concluded = timeline.midnight[on] + office_start
        concluded += int(rng.random() * (office_end - office_start))
    return Life(RUNNING) if concluded > now else Life(CONCLUDED, concluded)
