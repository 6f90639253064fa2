"""The seed's next scenes in the demo's live layer: the visits at 市人民医院's green channel
(医院就诊绿色通道) and at the dining offers of the 南长街·清名桥 商圈 (餐饮商圈优惠), both in
force from ``directory.SCENES_START``, and a month of the pool-paid offers settled.

Planned (pure, seeded by the day) from the first day of the month two months before
yesterday's (never before SCENES_START) to yesterday: at the hospital's desk about one
honoree every other morning, each given one of the green channel's services, 钱宏进 among
them on the first working Tuesday of each month; at the four merchants' tills about two
visits a day at lunch or dinner, bills of 40 to 300 yuan, 陈锦坤 at 锡帮菜馆 on Fridays
now and then. The caps of the offers are kept (once a day per merchant; eight a month at
the pool-paid ones). Each visit is recorded by its desk's staff through the desk service
(``visit_record``) as of its moment.

Then the oldest month of the window, over and long past, is settled with the merchants
whose offer the pool pays: prepared, approved and paid in the first fortnight of the next
month, as the history settles June and July. The later months are left to union finance.
Made once (a desk with a visit is left alone); works whatever today is."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from onething.cards.models import Gate, LedgerEntry, Swipe
from onething.cards.services.desk import visit_record
from onething.core import clock
from onething.core.errors import Conflict
from onething.core.models import User
from onething.core.permissions import Actor, actor_for

from ...timeline import live_now
from . import directory
from .registry import CARD_HOLDERS
from .swipes import CITY_TZ, LOST

SERVICES = ("registration", "consultation", "examination", "escort")
SERVICE_WEIGHTS = (5, 3, 2, 1)
CHEN, QIAN = 1, 2  # the named honorees' card serials in the first batch


@dataclass(frozen=True)
class Visit:
    desk: str  # the desk's account
    venue: str
    card: str  # the transit number presented
    at: dt.datetime
    service: str = ""
    bill_fen: int | None = None

    @property
    def key(self) -> str:
        """The desk page's visit id: the visit's idempotency key."""
        return f"demo-{self.venue}-{self.at:%Y%m%d%H%M%S}-{self.card[-6:]}"


def window(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """(first, last): the first day of the month two months before yesterday's (never
    before SCENES_START) to yesterday. ``first`` may fall after ``last``: nothing then."""
    yesterday = now.date() - dt.timedelta(days=1)
    first = yesterday.replace(day=1)
    for _ in range(2):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return max(first, directory.SCENES_START), yesterday


def settled_month(now: dt.datetime) -> dt.date | None:
    """The month of the window settled with the pool-paid merchants, if the dates allow:
    the first of the window when it is a whole month of the scenes."""
    first, last = window(now)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if first.day != 1 or following > last:  # not a whole month, or not over
        return None
    return first


def _transit(serial: int) -> str:
    return directory.transit_number(directory.FIRST_BATCH[0], serial)


def _moment(day: dt.date, hour: int, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), CITY_TZ)


def _first_tuesday(day: dt.date) -> bool:
    return day.weekday() == 1 and day.day <= 7


def plan(now: dt.datetime) -> list[Visit]:
    """Every visit of the window, in time order (none after ``now``)."""
    rng = random.Random(f"scenes-{now.date()}")
    first, last = window(now)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    holders = [n for n in range(3, CARD_HOLDERS + 1) if n != LOST]
    merchants = [(row[0], row[3], row[6]) for row in directory.DINING]
    tills = {d[2]: d[3] for d in directory.DESKS}
    hospital = next(d for d in directory.DESKS if d[2] == "rmyy-green")
    used: set[tuple[int, str, dt.date]] = set()
    monthly: Counter[tuple[int, str, dt.date]] = Counter()
    visits: list[Visit] = []

    def dine(serial: int, venue: str, day: dt.date, hour: int, cap: int | None) -> None:
        month = day.replace(day=1)
        if (serial, venue, day) in used or (cap and monthly[(serial, venue, month)] >= cap):
            return
        used.add((serial, venue, day))
        monthly[(serial, venue, month)] += 1
        bill = rng.randrange(40, 300) * 100 + rng.choice((0, 50))
        visits.append(
            Visit(tills[venue], venue, _transit(serial), _moment(day, hour, rng), "", bill)
        )

    for day in days:
        if _first_tuesday(day):
            visits.append(
                Visit(
                    hospital[3], "rmyy-green", _transit(QIAN), _moment(day, 9, rng), "registration"
                )
            )
        if rng.random() < 0.5:
            service = rng.choices(SERVICES, weights=SERVICE_WEIGHTS)[0]
            serial = rng.choice(holders)
            visits.append(
                Visit(hospital[3], "rmyy-green", _transit(serial), _moment(day, 8, rng), service)
            )
        if day.weekday() == 4 and rng.random() < 0.6:
            dine(CHEN, "nc-xibang", day, 18, 8)
        for _n in range(rng.choice((1, 2, 2, 3))):
            venue, _funded_by, cap = rng.choice(merchants)
            dine(rng.choice(holders), venue, day, rng.choice((11, 12, 17, 18)), cap)
    return sorted((v for v in visits if v.at <= now), key=lambda v: (v.at, v.venue, v.card))


def make_visits(visits: list[Visit]) -> tuple[int, int]:
    """Each visit recorded by its desk as of its moment: (recorded, refused)."""
    desks = {
        u.username: actor_for(u) for u in User.objects.filter(username__in={v.desk for v in visits})
    }
    made = refused = 0
    for visit in visits:
        with clock.frozen(visit.at + dt.timedelta(seconds=30)):
            try:
                visit_record(
                    actor=desks[visit.desk],
                    venue_code=visit.venue,
                    card_number=visit.card,
                    service=visit.service or None,
                    bill_fen=visit.bill_fen,
                    idempotency_key=visit.key,
                )
            except Conflict:  # a card blocked or an honoree no longer active meanwhile
                refused += 1
            else:
                made += 1
    return made, refused


def settle(union: Actor, month: dt.date, now: dt.datetime) -> int:
    """The month's statements of the pool-paid merchants: prepared, approved and paid as
    the history settles a month (each step only once its day has come)."""
    from .history import settle_operators

    pool_paid = [row[0] for row in directory.DINING if row[3] == "pool"]
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    owed = set(
        LedgerEntry.objects.filter(
            operator__code__in=pool_paid, booked_on__gte=month, booked_on__lt=following
        ).values_list("operator__code", flat=True)
    )
    return settle_operators(union, month, sorted(owed), prefix="ZGH-CY", not_after=now)


def load_live(log: Callable[[str], None]) -> None:
    desks = [d[0] for d in directory.DESKS]
    if Swipe.objects.filter(gate__in=Gate.objects.filter(code__in=desks)).exists():
        log("desk visits: made before")
        return
    now = live_now()
    made, refused = make_visits(plan(now))
    log(f"desk visits (green channel, dining offers): {made} recorded, {refused} refused")
    month = settled_month(now)
    if month is not None:
        union = actor_for(User.objects.get(username="union"))
        log(f"dining statements of {month:%Y-%m}: {settle(union, month, now)} paid")
