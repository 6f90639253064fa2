"""The schedule of the demo city's case history, pure (no database): which residents apply
for which items when, online or at a town's window, and the time of every step that
follows (acceptance, a correction, the conclusion, the result handed over, the rating, the
rectification closed). Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from onething.cases.rules import due_date, elapsed_working_days
from onething.core.generate import chinese_name, item_by_category, resident_id
from onething.core.ratings import satisfied
from onething.core.workdays import OfficialCalendar, add_working_days

SHANGHAI = ZoneInfo("Asia/Shanghai")
HUDAI, XUEYAN, WANSHI = "320211102", "320412114", "320282107"
TOWNS = {HUDAI: ("hd", 1.0), XUEYAN: ("xy", 0.9), WANSHI: ("ws", 0.7)}  # short name, weight
PER_TOWN = 40  # residents of each town who apply (some again and again)
# Born elsewhere than the other demo people (their birth counties differ), so no ID number
# of this history can meet one of theirs.
BIRTH_COUNTIES = ["320402", "320404", "320102", "320106"]

# Cases submitted per month of the first half of 2025 (the Spring Festival falls in late
# January and early February); the live month before the demo's today has LIVE_CASES. A
# case costs the demo load some 45 ms of services.
MONTHS_2025 = {1: 30, 2: 21, 3: 35, 4: 35, 5: 34, 6: 37}
LIVE_CASES = 40
CATEGORY_WEIGHT = {
    "business": 0.9,
    "social-security": 1.4,
    "medical-insurance": 1.3,
    "tax": 0.5,
    "livelihood": 0.7,
}
ONLINE_DELIVERY = {"electronic": 0.72, "post": 0.22, "window": 0.06}
WINDOW_DELIVERY = {"window": 0.7, "electronic": 0.2, "post": 0.1}
WITHDRAWN, DECLINED, CORRECTED, DENIED, LATE = 0.015, 0.02, 0.06, 0.025, 0.035
RATED = 0.6
RATINGS = {5: 0.56, 4: 0.31, 3: 0.07, 2: 0.04, 1: 0.02}
RATINGS_DENIED = {5: 0.1, 4: 0.2, 3: 0.3, 2: 0.25, 1: 0.15}
RECTIFIED = 0.75  # of the rectifications the city's supervisor can see
# The demo's own late 社会保障卡 application (cases.demo) stays the only open one of its item.
KEEP_CLOSED_NEAR_END = {"320200-SB-004"}
LOOKBACK = dt.timedelta(days=30)
TODAY_ARRIVALS = 3  # online applications of the demo's today, before noon


@dataclass(frozen=True)
class ItemFacts:
    """What the schedule needs to know of an item (read from the catalogue)."""

    code: str
    category: str
    instant: bool
    promised_days: int


@dataclass(frozen=True)
class Resident:
    index: int
    town: str
    username: str
    name: str
    id_number: str


@dataclass
class CaseSpec:
    seq: int
    key: str
    item: str
    channel: str  # online / window
    town: str
    resident: int
    delivery: str
    outcome: str = "approved"  # approved, denied, declined, withdrawn
    rating: int | None = None  # if the applicant rates
    correction: bool = False
    events: list[tuple[dt.datetime, str]] = field(default_factory=list)
    open_at: str = ""  # the first step not taken (a case held open on the demo's today)

    def when(self, step: str) -> dt.datetime | None:
        return next((at for at, name in self.events if name == step), None)

    def submitted(self) -> dt.datetime:
        return self.events[0][0]

    def taken(self, cutoff: dt.datetime) -> list[tuple[dt.datetime, str]]:
        """The steps taken by ``cutoff`` (none if the case had not come in by then)."""
        steps = [name for _at, name in self.events]
        stop = steps.index(self.open_at) if self.open_at in steps else len(steps)
        return [(at, name) for at, name in self.events[:stop] if at <= cutoff]


def residents(seed: int) -> list[Resident]:
    rng = random.Random(f"{seed}-residents")
    people, seen = [], set()
    for town, (short, _weight) in TOWNS.items():
        for n in range(PER_TOWN):
            number = resident_id(rng, BIRTH_COUNTIES)
            while number in seen:
                number = resident_id(rng, BIRTH_COUNTIES)
            seen.add(number)
            people.append(
                Resident(
                    len(people), town, f"citizen.{short}{n + 1:03d}", chinese_name(rng), number
                )
            )
    return people


# --- times ---------------------------------------------------------------------------------


def at_minute(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + dt.timedelta(
        minutes=minutes
    )


def _office_minute(rng: random.Random) -> int:
    """8:40–11:40 or 13:30–16:40."""
    if rng.random() < 0.6:
        return rng.randrange(8 * 60 + 40, 11 * 60 + 40)
    return rng.randrange(13 * 60 + 30, 16 * 60 + 40)


def _online_minute(rng: random.Random) -> int:
    """Online applications come from 7:00 to 23:30, most in the evening and at lunch."""
    slot = rng.choices([(7, 12), (12, 14), (14, 19), (19, 23)], [0.25, 0.2, 0.25, 0.3])[0]
    return rng.randrange(slot[0] * 60, slot[1] * 60 + 30)


class Clock:
    """Working-day arithmetic on the official calendar."""

    def __init__(self, cal: OfficialCalendar):
        self.cal = cal  # its answers are set lookups: nothing to remember

    def add(self, day: dt.date, n: int) -> dt.date:
        return add_working_days(day, n, self.cal).date

    def workday(self, day: dt.date) -> bool:
        return self.cal.is_workday(day)

    def between(self, a: dt.date, b: dt.date) -> int:
        return elapsed_working_days(a, b, self.cal)

    def due(self, accepted: dt.date, promised: int, paused: int) -> dt.date:
        return due_date(accepted, promised, paused, self.cal).date

    def next_office(self, moment: dt.datetime, rng: random.Random) -> dt.datetime:
        """When an office takes up what arrived at ``moment``: within two hours on a
        working day before 15:30, else the next working morning."""
        day, minute = moment.date(), moment.hour * 60 + moment.minute
        if self.workday(day) and 8 * 60 + 30 <= minute < 15 * 60 + 30:
            return moment + dt.timedelta(minutes=rng.randrange(20, 120))
        if self.workday(day) and minute < 8 * 60 + 30:
            return at_minute(day, 8 * 60 + 40 + rng.randrange(90))
        return at_minute(self.add(day, 1), 8 * 60 + 40 + rng.randrange(150))


# --- the schedule --------------------------------------------------------------------------


Period = tuple[list[dt.date], int]  # the days cases come in on, and how many


def months(year: int, counts: dict[int, int]) -> list[Period]:
    """A period per month of ``year``: its days and its count of cases."""
    periods = []
    for month, count in counts.items():
        day, days = dt.date(year, month, 1), []
        while day.month == month:
            days.append(day)
            day += dt.timedelta(days=1)
        periods.append((days, count))
    return periods


def window(last: dt.date, days: int, count: int) -> list[Period]:
    """One period: the ``days`` days up to ``last``, with ``count`` cases."""
    return [([last - dt.timedelta(days=n) for n in range(days - 1, -1, -1)], count)]


def _choose(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), list(weights.values()))[0]


def _choose_item(rng: random.Random, items: dict[str, ItemFacts], exclude: set[str]) -> str:
    codes = [c for c in items if c not in exclude]
    return item_by_category(rng, codes, {c: items[c].category for c in codes}, CATEGORY_WEIGHT)


def schedule(
    items: dict[str, ItemFacts],
    people: list[Resident],
    seed: int,
    periods: list[Period],
    cutoff: dt.datetime,
    *,
    key_prefix: str = "cdh-",
    live: bool = False,
    cal: OfficialCalendar | None = None,
) -> list[CaseSpec]:
    """Every case of the history with the times of its steps, in the order they came in.
    A ``live`` schedule ends at ``cutoff`` (the demo's now): the morning's applications
    are not taken up yet, and the items kept closed near the end are not drawn."""
    clock = Clock(cal or OfficialCalendar())
    rng = random.Random(seed)
    by_town = {t: [p for p in people if p.town == t] for t in TOWNS}
    towns, town_weights = list(TOWNS), [w for _s, w in TOWNS.values()]
    near_end = (cutoff - LOOKBACK).date() if live else dt.date.max
    specs: list[CaseSpec] = []
    for days, count in periods:
        days = [d for d in days if d <= cutoff.date()]
        if not days:
            continue
        workdays = [d for d in days if clock.workday(d)] or days
        online_share = 0.85 + 0.007 * days[0].month
        arrivals = []
        for _ in range(count):
            online = rng.random() < online_share
            if online:  # any day, fewer at weekends and holidays
                day = rng.choices(days, [1.0 if clock.workday(d) else 0.55 for d in days])[0]
                at = at_minute(day, _online_minute(rng))
            else:
                at = at_minute(rng.choice(workdays), _office_minute(rng))
            arrivals.append((at, online))
        arrivals = sorted(a for a in arrivals if a[0] <= cutoff)
        if live and days[-1] == cutoff.date():  # the morning's: not taken up yet
            mornings = [
                at_minute(cutoff.date(), 7 * 60 + 30 + 70 * n) for n in range(TODAY_ARRIVALS)
            ]
            arrivals += [
                (at + dt.timedelta(minutes=rng.randrange(40)), True)
                for at in mornings
                if at + dt.timedelta(minutes=40) <= cutoff
            ]
        for at, online in arrivals:
            town = rng.choices(towns, town_weights)[0]
            pool = by_town[town]
            person = rng.choices(pool, [1 / (i + 1) ** 0.6 for i in range(len(pool))])[0]
            code = _choose_item(
                rng, items, KEEP_CLOSED_NEAR_END if at.date() >= near_end else set()
            )
            facts = items[code]
            delivery = _choose(rng, ONLINE_DELIVERY if online else WINDOW_DELIVERY)
            if online and facts.category == "tax":
                delivery = "electronic"  # the district tax bureau's centre has no pickup
            spec = CaseSpec(
                seq=len(specs) + 1,
                key=f"{key_prefix}{len(specs) + 1:04d}",
                item=code,
                channel="online" if online else "window",
                town=town,
                resident=person.index,
                delivery=delivery,
            )
            _fill(rng, clock, spec, facts, at)
            if live and at.date() == cutoff.date() and online:
                spec.open_at, spec.rating = "accept", None
            specs.append(spec)
    return specs


def _fill(
    rng: random.Random, clock: Clock, spec: CaseSpec, facts: ItemFacts, at: dt.datetime
) -> None:
    """The steps of one case, from its submission."""
    add = spec.events.append
    if spec.channel == "window" and facts.instant:  # accepted and concluded on the spot
        add((at, "walk_in"))
        done = at
        if spec.delivery == "window":  # handed over at once
            done = at + dt.timedelta(minutes=rng.randrange(1, 4))
            add((done, "hand_over"))
        elif spec.delivery == "post":  # posted that afternoon
            done = max(
                at + dt.timedelta(minutes=10), at_minute(at.date(), 16 * 60 + rng.randrange(40))
            )
            add((done, "hand_over"))
        _rate(rng, clock, spec, done + dt.timedelta(minutes=rng.randrange(1, 5)), False)
        return
    add((at, "submit" if spec.channel == "online" else "walk_in"))
    taken_up = clock.next_office(at, rng)
    roll = rng.random()
    if spec.channel == "online" and roll < WITHDRAWN:
        spec.outcome = "withdrawn"
        add((at + (taken_up - at) * rng.uniform(0.2, 0.8), "withdraw"))
        return
    if roll < WITHDRAWN + DECLINED:
        spec.outcome = "declined"
        add((taken_up, "decline"))
        return
    add((taken_up, "accept"))
    accepted = taken_up.date()
    promised = 0 if facts.instant else facts.promised_days
    ready, paused = taken_up, 0
    if not facts.instant and rng.random() < CORRECTED:
        spec.correction = True
        asked = at_minute(clock.add(accepted, rng.choice([0, 1])), 10 * 60 + rng.randrange(360))
        asked = max(asked, taken_up + dt.timedelta(minutes=30))
        back_day = clock.add(asked.date(), rng.randrange(1, 5))
        minute = _online_minute(rng) if spec.channel == "online" else _office_minute(rng)
        back = at_minute(back_day, minute)
        add((asked, "request_correction"))
        add((back, "submit_correction"))
        paused = clock.between(asked.date(), back_day)
        ready = back
    due = clock.due(accepted, promised, paused)
    start = clock.next_office(ready, rng).date() if ready is not taken_up else accepted
    if facts.instant:
        close_day = accepted
    elif rng.random() < LATE:
        close_day = clock.add(max(due, start), rng.randrange(1, 4))
    else:
        span = max(0, clock.between(start, due)) if start <= due else 0
        close_day = clock.add(start, min(span, int(rng.betavariate(1.3, 2.2) * (span + 1))))
    if close_day == ready.date():
        concluded = ready + dt.timedelta(minutes=rng.randrange(15, 90))
    else:
        concluded = at_minute(close_day, _office_minute(rng))
    spec.outcome = "denied" if rng.random() < DENIED else "approved"
    add((concluded, "conclude"))
    done = concluded
    if spec.outcome == "approved" and spec.delivery in ("window", "post"):
        if spec.delivery == "post":
            done = at_minute(clock.add(close_day, rng.choice([0, 1])), 16 * 60 + rng.randrange(40))
        else:
            done = at_minute(clock.add(close_day, rng.randrange(1, 5)), _office_minute(rng))
        done = max(done, concluded + dt.timedelta(minutes=10))
        add((done, "hand_over"))
    rated = done + dt.timedelta(minutes=rng.randrange(10, 60 * 48))
    if rated.hour < 7:  # not in the small hours
        rated += dt.timedelta(hours=8)
    _rate(rng, clock, spec, rated, spec.outcome == "denied")


def _rate(rng: random.Random, clock: Clock, spec: CaseSpec, at: dt.datetime, denied: bool):
    """About six in ten rate; a rating below 3 opens a rectification, most of which the
    city's supervisor closes a few days later (雪堰镇's departments are Changzhou's)."""
    if rng.random() >= RATED:
        return
    spec.rating = _choose(rng, RATINGS_DENIED if denied else RATINGS)
    spec.events.append((at, "rate"))
    if not satisfied(spec.rating) and spec.town != XUEYAN and rng.random() < RECTIFIED:
        day = clock.add(at.date(), rng.randrange(2, 6))
        spec.events.append((at_minute(day, 15 * 60 + rng.randrange(90)), "close_rectification"))
