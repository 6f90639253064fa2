"""Night duty's live layer, relative to now: last month's and this month's rosters of the
four towns (a month that has one already is left as it is), every night checked in up to
now — one missed, and 陶郁峻's of today left for him to check in —, the secretaries'
visits of the last three weeks with a demand each, followed through their appeal's flow
as far as the days since allow (the newest still being handled). Made once, then it ages
like a real town's duty."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.duty.models import DutyRoster
from onething.duty.rules.rosters import month_of

from ..timeline import at, live_now, live_today
from . import data
from .common import checked_in, checked_out, demand_of, followed, roster_made, visited

SEED = 20260101
VISIT_DAYS = 21  # the visits of the last three weeks
TAO = data.TOWNS[0].leaders[0].username  # 陶郁峻


def _months(today: dt.date) -> list[dt.date]:
    this = month_of(today)
    return [month_of(this - dt.timedelta(days=1)), this]


def _town(town: data.Town, rng: random.Random, counter: list[int]) -> int:
    now = live_now()
    today = live_today()
    made = 0
    for month in _months(today):
        if DutyRoster.objects.filter(town__code=town.code, month=month).exists():
            continue
        planned = min(at(month - dt.timedelta(days=3), 10), now)
        extra = (
            [(TAO, today)] if town.leaders[0].username == TAO and month_of(today) == month else []
        )
        roster = roster_made(town, month, planned, extra)
        made += 1
        nights = sorted(roster.nights.select_related("leader"), key=lambda n: (n.date, n.leader_id))
        missed_one = False
        visited_weeks: set[tuple[str, int]] = set()
        for night in nights:
            username = night.leader.username
            moment = at(night.date, 18, rng.randint(20, 59))
            if moment >= now or (username == TAO and night.date == today):
                continue
            if (
                not missed_one
                and username == town.leaders[1].username
                and night.date < today - dt.timedelta(days=7)
            ):
                missed_one = True
                continue
            checked_in(username, night.date, moment)
            week = night.date.isocalendar()[1]
            if (
                username == town.leaders[0].username
                and (username, week) not in visited_weeks
                and night.date >= today - dt.timedelta(days=VISIT_DAYS)
            ):
                visited_weeks.add((username, week))
                _visit(town, username, night.date, rng, counter, now)
            morning = at(night.date + dt.timedelta(days=1), 7, 30)
            if morning < now:
                checked_out(username, night.date, morning)
    return made


def _visit(town, username, day, rng, counter, now) -> None:
    moment = at(day, 19, rng.randint(30, 59))
    recorded = min(moment + dt.timedelta(minutes=90), now)
    if recorded <= moment:
        return
    demand = demand_of(rng, counter[0])
    counter[0] += 1
    visit = visited(
        username,
        moment,
        recorded,
        place=rng.choice(town.places),
        met_names="村（居）民代表",
        met_count=rng.randint(3, 10),
        summary=rng.choice(data.SUMMARIES),
        demands=[demand],
    )
    for raised in visit.demands.all():
        followed(raised.appeal_number, town.office, day, rng, until=now)


def load(log: Callable[[str], None]) -> None:
    rng = random.Random(SEED)
    counter = [0]
    made = sum(_town(town, rng, counter) for town in data.TOWNS)
    log(f"live night duty: {made} new rosters, {counter[0]} demands of the last weeks")
