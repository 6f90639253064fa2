"""What the history and the live layer share: the nights a month's roster plans (every
leader twice a week, on their own weekdays, a week partly in the month as the rule asks),
the roster planned and published, a night checked in and out, a night visit recorded with
its demands, and each demand's appeal followed through its flow — dispatched to the town's
office when no routing rule took it, accepted, answered, rated — every step by the real
services "as of" its moment, none after now."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

from onething.appeals.selectors import appeal_get
from onething.appeals.services.flow import appeal_accept, appeal_dispatch, appeal_reply
from onething.appeals.services.followup import appeal_follow_up
from onething.core import clock
from onething.core.generate import chinese_name, mobile
from onething.core.models import User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.duty.models import DutyNight, DutyRoster
from onething.duty.rules.rosters import month_days, month_weeks
from onething.duty.services.nights import night_check_in, night_check_out
from onething.duty.services.rosters import roster_plan, roster_publish
from onething.duty.services.visits import visit_record

from ..timeline import at, workdays_after
from . import data


@cache
def leader(username: str) -> Actor:
    return actor_for(User.objects.select_related("region").get(username=username))


def user_id(username: str) -> int:
    return leader(username).user_id


def planned_nights(town: data.Town, month: dt.date) -> list[tuple[str, dt.date]]:
    """(leader's username, day) of the month: each leader on their two weekdays, and in a
    week partly in the month on as many of its days as the rule asks (the earliest free)."""
    nights: list[tuple[str, dt.date]] = []
    for week in month_weeks(month):
        days = [d for d in month_days(month) if week.first <= d <= week.last]
        taken: set[dt.date] = set()
        for person in town.leaders:
            own = [d for d in days if d.weekday() in person.weekdays]
            for d in days:
                if len(own) >= week.required:
                    break
                if d not in own and d not in taken:
                    own.append(d)
            taken |= set(own)
            nights += [(person.username, d) for d in own]
    return sorted(nights, key=lambda n: (n[1], n[0]))


def roster_made(town: data.Town, month: dt.date, planned: dt.datetime, extra=()) -> DutyRoster:
    """The town's roster of the month planned (by its first leader) and published an hour
    later, with ``extra`` (username, day) nights besides the usual ones."""
    first = town.leaders[0].username
    nights = sorted(set(planned_nights(town, month)) | set(extra), key=lambda n: (n[1], n[0]))
    rows = [{"leader": user_id(u), "date": d} for u, d in nights]
    with clock.frozen(planned):
        roster = roster_plan(actor=leader(first), month=month, nights=rows).roster
    with clock.frozen(min(planned + dt.timedelta(hours=1), clock.now())):
        roster_publish(actor=leader(first), roster_id=roster.pk)
    return roster


def checked_in(username: str, day: dt.date, moment: dt.datetime, *, off_roster=False) -> None:
    night = None if off_roster else DutyNight.objects.get(leader_id=user_id(username), date=day)
    with clock.frozen(moment):
        night_check_in(
            actor=leader(username), night_id=night.pk if night else None, place_note="办公驻地"
        )


def checked_out(username: str, day: dt.date, moment: dt.datetime) -> None:
    night = DutyNight.objects.get(leader_id=user_id(username), date=day)
    with clock.frozen(moment):
        night_check_out(actor=leader(username), night_id=night.pk)


def demand_of(rng: random.Random, n: int) -> dict:
    title, text, category = data.DEMANDS[n % len(data.DEMANDS)]
    return {
        "type": "demand",
        "category": category,
        "title": title,
        "text": text,
        "contact_name": chinese_name(rng),
        "contact_phone": mobile(rng),
    }


def visited(username: str, moment: dt.datetime, recorded: dt.datetime, **fields):
    with clock.frozen(recorded):
        return visit_record(actor=leader(username), at=moment, **fields)


def followed(
    number: str, office: str, received: dt.date, rng: random.Random, *, until: dt.datetime
) -> None:
    """The appeal's flow after the visit, each step as of its moment up to ``until``:
    dispatched the next working day to the town's office (unless a rule took it),
    accepted, answered within a few working days, rated by the dispatcher after a call."""
    steps = [
        (at(workdays_after(received, 1), 9, 10), "dispatch"),
        (at(workdays_after(received, 1), 10, 30), "accept"),
        (at(workdays_after(received, rng.randint(3, 8)), 15, rng.randint(0, 59)), "reply"),
    ]
    steps.append((at(workdays_after(steps[-1][0].date(), 1), 10), "rate"))
    for moment, step in steps:
        if moment > until:
            return
        with clock.frozen(moment):
            appeal = appeal_get(SYSTEM, number)
            if step == "dispatch" and appeal.status == "received":
                appeal_dispatch(actor=SYSTEM, number=number, department_code=office)
            elif step == "accept" and appeal.status == "dispatched":
                appeal_accept(actor=SYSTEM, number=number)
            elif step == "reply" and appeal.status in ("dispatched", "handling"):
                text = rng.choice(data.REPLIES).format(title=appeal.title)
                appeal_reply(actor=SYSTEM, number=number, text=text)
            elif step == "rate" and appeal.status == "replied":
                appeal_follow_up(actor=SYSTEM, number=number, rating=rng.choice([5, 5, 5, 4]))
