"""Night duty's history: October to December 2021 in 申港街道, 胡埭镇, 清名桥街道 and 万石镇.
Each month's roster is planned by the town's party secretary a few days before the month
and published; every planned night is checked in on the evening (one in twenty missed)
and out the next morning; some leaders stay a night off the roster; the secretaries visit
a village or community on a night of most weeks, the heads every other week, and the
demands raised follow their appeal's flow to the answer. 陶郁峻's visit to 申浦村 on
7 December 2021 is the seed's story (``story``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.core import clock
from onething.duty.models import DutyRoster
from onething.duty.rules.rosters import month_days

from ..timeline import at
from . import data, story
from .common import checked_in, checked_out, demand_of, followed, roster_made, visited

SEED = 20211207  # the night of the seed's visit


def _missed(rng: random.Random, username: str, day: dt.date) -> bool:
    if (username, day) == (story.LEADER, story.DAY):
        return False
    return rng.random() < 0.05


def _month(town: data.Town, month: dt.date, rng: random.Random, counter: list[int]) -> None:
    fridays = [d for d in month_days(month) if d.weekday() == 4]
    roster = roster_made(town, month, at(month - dt.timedelta(days=6), 10))
    nights = sorted(roster.nights.select_related("leader"), key=lambda n: (n.date, n.leader_id))
    usernames = {p.username: p for p in town.leaders}
    by_id = {n.leader_id: n.leader.username for n in nights}
    visited_weeks: set[tuple[str, int]] = set()
    for night in nights:
        username = by_id[night.leader_id]
        if _missed(rng, username, night.date):
            continue
        checked_in(username, night.date, at(night.date, 18, rng.randint(20, 59)))
        week = night.date.isocalendar()[1]
        secretary = username == town.leaders[0].username
        wanted = secretary or week % 2 == 0
        if (username, night.date) == (story.LEADER, story.DAY):
            story.make(town)
        elif wanted and (username, week) not in visited_weeks:
            _visit(town, username, night.date, rng, counter)
        visited_weeks.add((username, week))
        checked_out(username, night.date, at(night.date + dt.timedelta(days=1), 7, 30))
    head = town.leaders[1].username  # a stay off the roster: the head, the second Friday
    if len(fridays) > 1 and head in usernames:
        day = fridays[1]
        if not roster.nights.filter(leader__username=head, date=day).exists():
            checked_in(head, day, at(day, 19, 5), off_roster=True)


def _visit(town: data.Town, username: str, day: dt.date, rng: random.Random, counter) -> None:
    moment = at(day, 19, rng.randint(30, 59))
    demands = [demand_of(rng, counter[0] + i) for i in range(rng.choice([0, 1, 1, 2]))]
    counter[0] += len(demands)
    visit = visited(
        username,
        moment,
        moment + dt.timedelta(minutes=100),
        place=rng.choice(town.places),
        met_names="村（居）民代表、网格员",
        met_count=rng.randint(3, 12),
        summary=rng.choice(data.SUMMARIES),
        demands=demands,
    )
    for demand in visit.demands.all():
        followed(demand.appeal_number, town.office, day, rng, until=clock.now())


def load(log: Callable[[str], None]) -> None:
    first = data.HISTORY_MONTHS[0]
    if clock.now() < at(story.LAST_STEP, 18):
        log("night duty: the clock is before the story's months: no history")
        return
    if DutyRoster.objects.filter(month__lte=data.HISTORY_MONTHS[-1], month__gte=first).exists():
        log("night duty history: made already")
        return
    rng = random.Random(SEED)
    counter = [0]
    for town in data.TOWNS:
        for month in data.HISTORY_MONTHS:
            _month(town, month, rng, counter)
    log(
        f"night duty history (2021 Q4): {DutyRoster.objects.count()} rosters, "
        f"{counter[0]} demands and the 申浦村 story"
    )
