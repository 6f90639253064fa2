"""City management's last month, up to the moment the demo is loaded, through the real
services (made once, then it ages like the city's own):

- 春星小学's plates: parents' and nearby residents' registrations with their proof,
  approved by 新吴区城管局 (a resident of 旺庄街道 registered her own car from her account),
  a few waiting for review, one refused;
- 30 days at its gates: parents dropping off and picking up on school days, residents
  parking overnight, the public in the day, each entry and exit taken in by the gate
  service as of its moment (so the stays, fees, overstays and the use per window and
  group are the service's); exits still to come are not sent, so cars are in now;
- 30 days of residents' scores on 旺庄街道's streets through the scoring service, at the
  devices and from phones, the resident's own from the platform; a few abusive ones
  refused by its limits (a second score the same day, a device over its rate) and an
  outlier flagged for review. The current month is open."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from onething.citymgmt.models import ParkingEvent, PlateRegistration, SharedParking
from onething.citymgmt.selectors.parking import gate_signing_in, parking_setting
from onething.citymgmt.services.parking import (
    gate_event,
    overstays_flag,
    plate_register,
    registration_review,
)
from onething.core import clock
from onething.core.errors import DomainError
from onething.core.generate import chinese_name, mobile
from onething.core.models import User
from onething.core.permissions import SYSTEM, actor_for

from ..runner import scan
from ..timeline import LIVE_DAYS, SHANGHAI, at, workdays_after
from . import data
from .tokens import gate_token

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# cars a day at 春星小学 (each entry and exit goes through the gate service: about 1,500
# events in the month, a few seconds of the demo's build)
PARENTS_A_RUSH = 8  # at the morning drop-off, and again at the afternoon pick-up, on school days
RESIDENTS_A_NIGHT = 7  # overnight
PUBLIC_A_DAY = {False: 4, True: 7}  # in the day, on weekdays and at weekends


def plates(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct Wuxi plates (苏B…), some new-energy ones."""
    found: list[str] = []
    while len(found) < n:
        if rng.random() < 0.18:  # new energy: D or F, a letter or digit, 4 digits
            serial = rng.choice("DF") + rng.choice(LETTERS + "0123456789")
            serial += "".join(rng.choice("0123456789") for _ in range(4))
        else:
            serial = rng.choice(LETTERS) + "".join(
                rng.choice(LETTERS + "0123456789" * 3) for _ in range(4)
            )
        plate = f"苏B{serial}"
        if plate not in found:
            found.append(plate)
    return found


@dataclass
class Holders:
    parents: list[str]
    residents: list[str]
    public: list[str]


def _year_end(today: dt.date) -> dt.date:
    """The last day of the current school year (30 June)."""
    return dt.date(today.year + 1 if today.month >= 8 else today.year, 6, 30)


def load_registrations(log: Callable[[str], None], now: dt.datetime) -> Holders:
    rng = random.Random("demo-citymgmt-plates")
    pool = plates(rng, data.PARENTS + data.RESIDENTS + 160)
    parents = pool[: data.PARENTS]
    residents = pool[data.PARENTS : data.PARENTS + data.RESIDENTS]
    extra = pool[data.PARENTS + data.RESIDENTS : data.PARENTS + data.RESIDENTS + 6]
    public = pool[data.PARENTS + data.RESIDENTS + 6 :]
    holders = Holders(parents, residents, public)
    parking = SharedParking.objects.get(lot__code=data.LOT_CODE)
    if PlateRegistration.objects.filter(parking=parking).exists():
        log(f"city management: {data.SCHOOL}'s registrations made already")
        return holders
    today = now.date()
    bureau = actor_for(User.objects.get(username=data.XINWU_OFFICER))
    resident = actor_for(User.objects.get(username=data.RESIDENT))
    year_end = _year_end(today)
    # (plate, group, days ago, decision, who): the resident's own car first
    rows = [(residents[0], "resident", 70, "approve", resident)]
    rows += [(p, "parent", 40 + rng.randrange(60), "approve", SYSTEM) for p in parents]
    rows += [(p, "resident", 36 + rng.randrange(300), "approve", SYSTEM) for p in residents[1:]]
    rows += [(extra[0], "parent", 2, None, SYSTEM), (extra[1], "parent", 1, None, SYSTEM)]
    rows += [(extra[2], "resident", 3, None, SYSTEM), (extra[3], "resident", 0, None, SYSTEM)]
    rows += [
        (extra[4], "parent", 20, "refuse", SYSTEM),
        (extra[5], "resident", 12, "refuse", SYSTEM),
    ]
    made = 0
    for n, (plate, group, ago, decision, who) in enumerate(rows):
        day = today - dt.timedelta(days=ago)
        when = min(
            at(day, 8) + dt.timedelta(minutes=rng.randrange(600)), now - dt.timedelta(minutes=30)
        )
        name = data.RESIDENT_NAME if who is resident else chinese_name(rng)
        note = (
            f"{data.SCHOOL}{rng.randint(1, 6)}年级学生家长"
            if group == "parent"
            else f"{data.OLD_ESTATE}{rng.randint(1, 32)}幢"
        )
        with clock.frozen(when):
            registration, _new = plate_register(
                actor=who,
                lot_code=data.LOT_CODE,
                plate=plate,
                group=group,
                holder_name=name,
                holder_phone=mobile(rng),
                proof_name="证明材料.pdf",
                proof_data=scan(),
                proof_note=note,
                idempotency_key=f"demo-plate-{n}",
            )
        made += 1
        if decision is None:
            continue
        reviewed = at(workdays_after(when.astimezone(SHANGHAI).date(), 1), 10)
        with clock.frozen(min(reviewed, now - dt.timedelta(minutes=10))):
            if decision == "approve":
                valid = year_end if group == "parent" else day + dt.timedelta(days=365)
                registration_review(
                    actor=bureau,
                    registration_id=registration.pk,
                    decision="approve",
                    valid_until=valid,
                )
            else:
                registration_review(
                    actor=bureau,
                    registration_id=registration.pk,
                    decision="refuse",
                    reason="证明材料无法辨认，请上传清晰的入学证明或住址证明。",
                )
    log(f"city management: {made} plate registrations at {data.SCHOOL}")
    return holders


@dataclass(frozen=True)
class Visit:
    plate: str
    enters: dt.datetime
    leaves: dt.datetime


def visits(holders: Holders, now: dt.datetime) -> list[Visit]:
    """The month's visits to 春星小学's car park, drawn day by day with a fixed seed per
    day (the same day looks the same on every load)."""
    parking = SharedParking.objects.get(lot__code=data.LOT_CODE)
    plan = parking_setting(parking.pk).plan()
    found = []
    first = now.date() - dt.timedelta(days=LIVE_DAYS)
    for offset in range(LIVE_DAYS + 1):
        day = first + dt.timedelta(days=offset)
        rng = random.Random(f"demo-chunxing-{day.isoformat()}")
        school = plan.school_day(day).school

        def visit(plate: str, hour: int, minute: int, stay: int, on: dt.date = day) -> None:
            enters = at(on, hour) + dt.timedelta(minutes=minute)
            found.append(Visit(plate, enters, enters + dt.timedelta(minutes=stay)))

        if school:
            for plate in rng.sample(holders.parents, PARENTS_A_RUSH):  # the morning drop-off
                visit(plate, 7, rng.randrange(80), 3 + rng.randrange(18))
            for plate in rng.sample(holders.parents, PARENTS_A_RUSH):  # the afternoon pick-up
                visit(plate, 15, 30 + rng.randrange(95), 5 + rng.randrange(25))
            late = rng.choice(holders.parents)  # waiting past the window: an overstay
            visit(late, 17, 5 + rng.randrange(15), 50 + rng.randrange(20))
        elif day.weekday() < 5:  # no school that weekday: a few parents still come (the
            for plate in rng.sample(holders.parents, 3):  # holiday class), as the public
                visit(plate, 8, rng.randrange(40), 60 + rng.randrange(60))
        weekend = day.weekday() >= 5
        for plate in rng.sample(holders.public[:-2], PUBLIC_A_DAY[weekend]):
            if school:  # gone before the afternoon pick-up, mostly
                visit(plate, 8, 40 + rng.randrange(300), 20 + rng.randrange(100))
            else:
                visit(plate, 8, 40 + rng.randrange(540), 25 + rng.randrange(200))
        for plate in rng.sample(holders.residents, RESIDENTS_A_NIGHT):  # overnight
            hour = 18 if rng.random() < 0.04 else 19 + rng.randrange(4)
            enters = at(day, hour) + dt.timedelta(minutes=rng.randrange(60))
            leaves = at(day + dt.timedelta(days=1), 6) + dt.timedelta(minutes=rng.randrange(80))
            found.append(Visit(plate, enters, leaves))
    rng = random.Random(f"demo-chunxing-now-{now.date().isoformat()}")
    for plate, minutes in zip(holders.public[-2:], (35, 95), strict=True):  # in now, whatever
        enters = now - dt.timedelta(minutes=minutes + rng.randrange(20))  # the hour
        found.append(Visit(plate, enters, now + dt.timedelta(hours=2)))
    return sorted(found, key=lambda v: (v.enters, v.plate))


def load_gates(log: Callable[[str], None], holders: Holders, now: dt.datetime) -> None:
    parking = SharedParking.objects.get(lot__code=data.LOT_CODE)
    if ParkingEvent.objects.filter(parking=parking).exists():
        log(f"city management: {data.SCHOOL}'s gates' month made already")
        return
    entrance = gate_signing_in(gate_token(settings.SECRET_KEY, data.GATES[0][0]))
    way_out = gate_signing_in(gate_token(settings.SECRET_KEY, data.GATES[1][0]))
    moves = []
    for n, v in enumerate(visits(holders, now)):
        moves.append((v.enters, n, "entry", v.plate))
        moves.append((v.leaves, n, "exit", v.plate))
    moves = [m for m in moves if m[0] <= now - dt.timedelta(minutes=1)]
    moves.sort()
    inside: set[str] = set()
    sent = refused = 0
    for when, n, kind, plate in moves:
        if kind == "entry" and plate in inside:
            continue  # the same car cannot come in twice (drawn visits may overlap)
        if kind == "exit" and plate not in inside:
            continue
        gate = entrance if kind == "entry" else way_out
        with clock.frozen(when + dt.timedelta(seconds=2)):
            try:
                gate_event(
                    gate=gate,
                    event_id=f"{when.astimezone(SHANGHAI):%Y%m%d%H%M}-{n:05d}-{kind[:2]}",
                    kind=kind,
                    plate=plate,
                    at=when,
                )
            except DomainError:
                refused += 1
                continue
        sent += 1
        (inside.add if kind == "entry" else inside.discard)(plate)
    with clock.frozen(now):
        flagged = overstays_flag(now=now)
    parking.refresh_from_db()
    log(
        f"city management: {sent} gate events at {data.SCHOOL} in the last {LIVE_DAYS} days "
        f"({refused} refused), {parking.occupied} cars in now, {flagged} open overstays flagged"
    )
