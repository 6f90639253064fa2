"""The shape of the generated cases, pure (no database): when they are submitted (seasonal
months, working hours), through which channel, and what became of each by today.

A case's life is drawn as a timeline — submitted, accepted (or declined, or withdrawn
first), perhaps paused for a correction, concluded on time or late, perhaps rated — and
cut at ``now``: what lies in the future has not happened yet. So old cases are concluded
(a share late, some declined or withdrawn), recent ones are open: waiting for acceptance,
running (some already overdue or close to their due date), waiting for a correction."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from zoneinfo import ZoneInfo

from onething.core.ratings import satisfied
from onething.core.workdays import DueDate, WorkdayTable

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Relative weight of each calendar month (Spring Festival in February and the National Day
# week in October are quiet; March and September, after them, are busy).
SEASON = {1: 0.95, 2: 0.6, 3: 1.15, 4: 1.05, 5: 1.0, 6: 1.05, 7: 1.0, 8: 0.95, 9: 1.1, 10: 0.85}
SEASON |= {11: 1.05, 12: 1.1}
GROWTH_PER_YEAR = 0.15  # more applications each year (online service spreads)
# Hours of the day: windows open 9:00-17:00 with a lunch dip; online all day, peaks at
# mid-morning and in the evening.
WINDOW_HOURS = {9: 10, 10: 14, 11: 12, 12: 3, 13: 6, 14: 12, 15: 12, 16: 9}
ONLINE_HOURS = {7: 2, 8: 5, 9: 9, 10: 11, 11: 9, 12: 5, 13: 5, 14: 8, 15: 8, 16: 7, 17: 5}
ONLINE_HOURS |= {18: 4, 19: 6, 20: 8, 21: 7, 22: 4, 23: 2}
ONLINE_WEEKEND = 0.35  # a day off has this share of a working day's online applications

DECLINE_REASONS = ("申请材料不齐全，且不属于可容缺受理的情形。", "申请事项不属于本部门职责范围。")
CORRECTION_REASONS = ("身份证复印件不清晰，请重新上传。", "申请表缺少签名，请补充后重新提交。")
DENIAL_REASONS = ("经审查，申请人不符合办理条件。", "经核查，申请材料与实际情况不符。")
STREETS = ("人民路", "中山路", "解放路", "梁溪路", "太湖大道", "鸿翔路", "凤翔路", "金城路")
RECTIFICATION_RESULT = "已与申请人沟通，优化窗口排队引导。"
FOLLOW_UP_NOTE = "申请人表示认可整改结果。"


@dataclass(frozen=True)
class Shape:
    """The shares that shape the cases (defaults: a plausible city)."""

    online: float = 0.78  # of items that can be applied for both ways
    declined: float = 0.025
    withdrawn: float = 0.01
    correction: float = 0.08  # of accepted promised cases
    late: float = 0.07  # concluded after the due date
    stalled: float = 0.004  # concluded 10-60 working days late (open and overdue meanwhile)
    denied: float = 0.04
    rated: float = 0.4  # of concluded cases
    ratings: dict[int, int] = field(default_factory=lambda: {5: 60, 4: 24, 3: 11, 2: 3, 1: 2})
    enterprise_for_both: float = 0.25  # items for persons and enterprises

    def rating(self, r: float) -> int:
        """The rating drawn by ``r`` in [0, 1)."""
        total = sum(self.ratings.values())
        for rating, weight in self.ratings.items():
            r -= weight / total
            if r < 0:
                return rating
        return next(reversed(self.ratings))


@dataclass(frozen=True)
class Choice:
    """An item as applied for in one region: who handles it and where it is received."""

    item_id: int
    department_id: int
    center_id: int
    instant: bool
    promised_days: int
    online: bool
    at_window: bool
    audience: str


@dataclass(slots=True)
class Life:
    """What became of one case by ``now`` (the Case fields its lifecycle sets)."""

    channel: str
    delivery: str
    submitted_at: dt.datetime
    status: str = "submitted"
    accepted_at: dt.datetime | None = None
    due_date: dt.date | None = None
    due_provisional: bool = False
    paused_days: int = 0
    paused_since: dt.date | None = None
    correction_reason: str = ""
    declined_reason: str = ""
    concluded_at: dt.datetime | None = None
    outcome: str = ""
    outcome_reason: str = ""
    working_days_taken: int | None = None
    withdrawn_at: dt.datetime | None = None
    handed_over_at: dt.datetime | None = None
    tracking_number: str = ""
    rating: int | None = None
    rated_at: dt.datetime | None = None
    rectification_closed_at: dt.datetime | None = None  # a rectified bad rating
    rectification_due: DueDate | None = None


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first days of the last ``months`` months, ending with today's month."""
    year, month = today.year, today.month
    out = []
    for _ in range(months):
        out.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


class SubmissionDays:
    """Draws the day and time of a submission: the last ``months`` months up to yesterday,
    seasonal, growing; windows on working days only, online every day (less on days off)."""

    def __init__(self, today: dt.date, months: int, table: WorkdayTable):
        first = month_starts(today, months)[0]
        self.days: list[dt.date] = []
        online, window = [], []
        day = first
        while day < today:
            years_back = (today - day).days / 365.25
            weight = SEASON[day.month] * (1 + GROWTH_PER_YEAR) ** -years_back
            working = table.is_workday(day)
            self.days.append(day)
            online.append(weight * (1 if working else ONLINE_WEEKEND))
            window.append(weight if working else 0.0)
            day += dt.timedelta(days=1)
        if not self.days:
            raise ValueError("no day to submit on")
        self._online = list(accumulate(online))
        self._window = list(accumulate(window))
        self._hours = {
            "online": (list(ONLINE_HOURS), list(accumulate(ONLINE_HOURS.values()))),
            "window": (list(WINDOW_HOURS), list(accumulate(WINDOW_HOURS.values()))),
        }

    def draw(self, rng: random.Random, channel: str) -> dt.datetime:
        cum = self._online if channel == "online" else self._window
        day = self.days[bisect_right(cum, rng.random() * cum[-1])]
        hours, hour_cum = self._hours[channel]
        hour = hours[bisect_right(hour_cum, rng.random() * hour_cum[-1])]
        second = int(rng.random() * 3600)
        return dt.datetime(
            day.year, day.month, day.day, hour, second // 60, second % 60, tzinfo=SHANGHAI
        )


def _on(day: dt.date, rng: random.Random, first: int = 9, last: int = 17) -> dt.datetime:
    """A moment on ``day`` from ``first`` to ``last`` o'clock."""
    second = int(rng.random() * (last - first) * 3600)
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        first + second // 3600,
        second // 60 % 60,
        second % 60,
        tzinfo=SHANGHAI,
    )


def _after(moment: dt.datetime, rng: random.Random, low: int, high: int) -> dt.datetime:
    """A moment ``low`` to ``high`` minutes later."""
    return moment + dt.timedelta(seconds=60 * low + int(rng.random() * 60 * (high - low + 1)))


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.date()  # every moment drawn here is in Shanghai time


def _delivery(rng: random.Random, channel: str) -> str:
    r = rng.random()
    if channel == "window":
        return "window" if r < 0.8 else "electronic"
    return "electronic" if r < 0.7 else ("post" if r < 0.9 else "window")


def channel_of(rng: random.Random, choice: Choice, shape: Shape) -> str:
    if choice.online and choice.at_window:
        return "online" if rng.random() < shape.online else "window"
    return "online" if choice.online else "window"


def live(
    rng: random.Random,
    choice: Choice,
    channel: str,
    submitted_at: dt.datetime,
    now: dt.datetime,
    table: WorkdayTable,
    shape: Shape,
) -> Life:
    """Draw one case's life from its submission and cut it at ``now``."""
    life = Life(channel=channel, delivery=_delivery(rng, channel), submitted_at=submitted_at)
    day = _local_day(submitted_at)
    walk_in_instant = choice.instant and channel == "window"
    # acceptance (or the decision to decline): on the spot for an instant item at the
    # window, else the same or one of the next two working days
    if walk_in_instant:
        accepted = _after(submitted_at, rng, 3, 20)
    else:
        r = rng.random()
        lag = 0 if r < 0.5 else (1 if r < 0.85 else 2)
        if lag == 0 and (not table.is_workday(day) or submitted_at.hour >= 16):
            lag = 1
        if lag == 0:
            accepted = _after(submitted_at, rng, 10, 90)
        else:
            accepted = _on(table.add(day, lag).date, rng, 9, 17)
    r = rng.random()
    if not walk_in_instant and r < shape.declined:
        if accepted <= now:
            life.status, life.declined_reason = "declined", rng.choice(DECLINE_REASONS)
        return life
    if not walk_in_instant and r < shape.declined + shape.withdrawn:
        gap = (accepted - submitted_at).total_seconds()
        withdrawn = submitted_at + dt.timedelta(seconds=rng.random() * gap)
        if withdrawn <= now:
            life.status, life.withdrawn_at = "withdrawn", withdrawn
        return life
    if accepted > now:
        return life
    accept_day = _local_day(accepted)
    life.status, life.accepted_at = "accepted", accepted
    due = table.add(accept_day, choice.promised_days)
    life.due_date, life.due_provisional = due.date, due.provisional
    # a correction: requested on the day of acceptance, resubmitted 1-6 working days later
    last = accepted
    paused = 0
    if not choice.instant and rng.random() < shape.correction:
        requested = _after(accepted, rng, 30, 240)
        pause = 1 + int(rng.random() * 6)
        resumed = _on(table.add(accept_day, pause).date, rng, 9, 20)
        if requested > now:
            pass
        elif resumed > now:
            life.status = "correction_requested"
            life.paused_since = _local_day(requested)
            life.correction_reason = rng.choice(CORRECTION_REASONS)
            return life
        else:
            paused = table.between(_local_day(requested), _local_day(resumed))
            life.paused_days = paused
            life.correction_reason = rng.choice(CORRECTION_REASONS)
            due = table.add(accept_day, choice.promised_days + paused)
            life.due_date, life.due_provisional = due.date, due.provisional
            last = max(resumed, requested)
    # the conclusion: within the promised days, or a share late
    if walk_in_instant:
        concluded = _after(accepted, rng, 2, 25)
    else:
        r = rng.random()
        if r < shape.stalled:  # forgotten on a desk: long overdue while open
            taken = choice.promised_days + 10 + int(r / shape.stalled * 50)
        elif r < shape.stalled + shape.late:
            taken = choice.promised_days + 1 + int(rng.random() * 8)
        else:
            taken = int(choice.promised_days * rng.random() ** 1.5)
        concluded = _on(table.add(accept_day, taken + paused).date, rng, 9, 17)
        if concluded <= last:
            concluded = _after(last, rng, 20, 240)
    if concluded > now:
        return life
    life.status, life.concluded_at = "concluded", concluded
    life.working_days_taken = max(0, table.between(accept_day, _local_day(concluded)) - paused)
    if not walk_in_instant and rng.random() < shape.denied:
        life.outcome, life.outcome_reason = "denied", rng.choice(DENIAL_REASONS)
    else:
        life.outcome = "approved"
        if life.delivery != "electronic":
            handed = _after(concluded, rng, 5, 60 * 24 * 3)
            if handed <= now:
                life.handed_over_at = handed
                if life.delivery == "post":
                    life.tracking_number = f"SF{int(rng.random() * 10**12):012d}"
    if rng.random() < shape.rated:
        rated = _after(concluded, rng, 10, 60 * 24 * 3)
        if rated <= now:
            life.rating, life.rated_at = shape.rating(rng.random()), rated
            if not satisfied(life.rating):  # 不满意 or worse: a rectification, in 5 working days
                rated_day = _local_day(rated)
                life.rectification_due = table.add(rated_day, 5)
                closed = _on(table.add(rated_day, 1 + int(rng.random() * 5)).date, rng, 9, 17)
                if closed <= now:
                    life.rectification_closed_at = max(closed, _after(rated, rng, 30, 120))
    return life
