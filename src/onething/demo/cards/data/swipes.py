"""The demo's swipes, planned (pure, deterministic): "截至目前，'无锡劳模卡'已累计在公交、
地铁等场景刷卡3657人次" — exactly 3,657 allowed swipes from the programme's first day
(2025-06-01) to the day before the seed's report (2025-07-17), more as the weeks go by (the
cards were new), at the metro lines, on the buses and at the scenic spots (more at
weekends). 陈锦坤 rides metro line 1 to work and back on working days from 9 June; 钱宏进
visits the four scenic spots, and on 1 June tries 鼋头渚 a second time that day (denied:
once a day). One card is reported lost on 1 July and tried on a bus two days later
(denied: blocked); its replacement rides from 8 July.

The live layer (``plan_live``): the rides of the last days before the demo's today.

Metro and scenic gates ask online (one swipe at a time, at its moment); a bus stores its
day and uploads it at 22:30 (one offline batch per bus a day)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from onething.core.workdays import OfficialCalendar

from . import directory
from .registry import CARD_HOLDERS

CITY_TZ = ZoneInfo("Asia/Shanghai")
ALLOWED = 3657
FIRST_DAY, LAST_DAY = directory.PROGRAMME_START, dt.date(2025, 7, 17)
SEED = 3657
LIVE_DAYS, LIVE_RIDES = 10, 60
# gate code: weight among the other holders' swipes
GATE_WEIGHTS = {
    "metro-1-sygc-01": 18,
    "metro-2-wxdz-01": 13,
    "metro-3-wxz-01": 9,
    "metro-4-lxh-01": 5,
    "bus-1-01": 16,
    "bus-2-01": 14,
    "bus-88-01": 10,
    "ytz-south-01": 6,
    "huishan-01": 4,
    "liyuan-01": 3,
    "meiyuan-01": 2,
}
SCENIC_GATES = {"ytz-south-01", "liyuan-01", "meiyuan-01", "huishan-01"}
BUS_GATES = {"bus-1-01", "bus-2-01", "bus-88-01"}
UPLOAD_AT = dt.time(22, 30)
CHEN, QIAN, LOST = 1, 2, 100  # card serials in the first batch: the named two, the lost one
LOST_REPORTED = dt.datetime(2025, 7, 1, 10, 0, tzinfo=CITY_TZ)
BLOCKED_DAY = dt.date(2025, 7, 3)
REPLACED = dt.datetime(2025, 7, 8, 9, 30, tzinfo=CITY_TZ)
CHEN_FROM = dt.date(2025, 6, 9)
QIAN_VISITS = [  # day, gate, hour
    (dt.date(2025, 6, 1), "ytz-south-01", 9),
    (dt.date(2025, 6, 15), "liyuan-01", 10),
    (dt.date(2025, 7, 5), "meiyuan-01", 9),
    (dt.date(2025, 7, 12), "huishan-01", 14),
]
LOST_RIDES = [dt.date(2025, 6, 10), dt.date(2025, 6, 17), dt.date(2025, 6, 24)]
REPLACEMENT_RIDES = [dt.date(2025, 7, 10), dt.date(2025, 7, 15)]


@dataclass(frozen=True)
class Planned:
    gate: str
    card: str  # the transit number the gate reads
    at: dt.datetime
    allowed: bool  # what the plan expects the gate to answer
    swipe_id: str = ""


def _days(first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _moment(day: dt.date, hour: int, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), CITY_TZ)


def _transit(serial: int, batch: int = 1) -> str:
    return directory.transit_number(batch, serial)


def _named(rng: random.Random, calendar: OfficialCalendar) -> list[Planned]:
    planned = []
    for day in _days(CHEN_FROM):
        if calendar.is_workday(day):  # to work and back (not on holidays)
            for hour in (7, 18):
                planned.append(
                    Planned("metro-1-sygc-01", _transit(CHEN), _moment(day, hour, rng), True)
                )
    for day, gate, hour in QIAN_VISITS:
        planned.append(Planned("bus-88-01", _transit(QIAN), _moment(day, hour - 1, rng), True))
        planned.append(Planned(gate, _transit(QIAN), _moment(day, hour, rng), True))
    again = _moment(QIAN_VISITS[0][0], 15, rng)
    planned.append(Planned(QIAN_VISITS[0][1], _transit(QIAN), again, False))  # daily cap
    for day in LOST_RIDES:
        planned.append(Planned("bus-2-01", _transit(LOST), _moment(day, 8, rng), True))
    blocked = _moment(BLOCKED_DAY, 8, rng)
    planned.append(Planned("bus-2-01", _transit(LOST), blocked, False))  # card blocked
    for day in REPLACEMENT_RIDES:
        planned.append(Planned("bus-2-01", _transit(1, batch=2), _moment(day, 8, rng), True))
    return planned


def _weights(days: list[dt.date]) -> list[float]:
    """Uptake grows over the weeks; weekends a little busier."""
    return [(1 + n / 20) * (1.2 if day.weekday() >= 5 else 1.0) for n, day in enumerate(days)]


def _others(
    rng: random.Random, days: list[dt.date], count: int, planned: list[Planned]
) -> list[Planned]:
    """``count`` allowed rides of the other holders over ``days`` (scenic spots once a day
    per card), added to ``planned``, numbered, in time order."""
    gates, gate_weights = list(GATE_WEIGHTS), list(GATE_WEIGHTS.values())
    holders = [n for n in range(3, CARD_HOLDERS + 1) if n != LOST]
    visited: set[tuple[int, str, dt.date]] = set()
    planned = list(planned)
    for day in rng.choices(days, weights=_weights(days), k=count):
        gate = rng.choices(gates, weights=gate_weights)[0]
        serial = rng.choice(holders)
        while gate in SCENIC_GATES and (serial, gate, day) in visited:  # once a day
            serial = rng.choice(holders)
        visited.add((serial, gate, day))
        hour = rng.randrange(8, 17) if gate in SCENIC_GATES else rng.randrange(6, 22)
        planned.append(Planned(gate, _transit(serial), _moment(day, hour, rng), True))
    return _numbered(planned)


def _numbered(planned: list[Planned]) -> list[Planned]:
    planned = sorted(planned, key=lambda p: (p.at, p.gate, p.card))
    counters: dict[tuple[str, dt.date], int] = defaultdict(int)
    numbered = []
    for p in planned:
        day = p.at.date()
        counters[(p.gate, day)] += 1
        swipe_id = f"{p.gate}-{day:%Y%m%d}-{counters[(p.gate, day)]:04d}"
        numbered.append(Planned(p.gate, p.card, p.at, p.allowed, swipe_id))
    return numbered


def plan(calendar: OfficialCalendar | None = None) -> list[Planned]:
    """Every planned swipe of the history with its swipe id, in time order."""
    rng = random.Random(SEED)
    planned = _named(rng, calendar or OfficialCalendar())
    remaining = ALLOWED - sum(p.allowed for p in planned)
    return _others(rng, _days(), remaining, planned)


def plan_live(now: dt.datetime, calendar: OfficialCalendar | None = None) -> list[Planned]:
    """The rides of the last LIVE_DAYS days up to ``now``: 陈锦坤 to work and back, and
    other holders' (none after ``now``)."""
    calendar = calendar or OfficialCalendar()
    rng = random.Random(f"live-{now.date()}")
    days = _days(now.date() - dt.timedelta(days=LIVE_DAYS), now.date() - dt.timedelta(days=1))
    chen = [
        Planned("metro-1-sygc-01", _transit(CHEN), _moment(day, hour, rng), True)
        for day in days
        if calendar.is_workday(day)
        for hour in (7, 18)
    ]
    return [p for p in _others(rng, days, LIVE_RIDES, chen) if p.at <= now]
