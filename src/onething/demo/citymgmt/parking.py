"""The city's parking register and 春星小学's shared car park (seed 003: "新建成停车位
2.4万个，完成24万个停车泊位数据联网"; "在春星小学试点错时共享车位，100个共享泊位在上下学高峰
免费提供给家长使用，夜间时段用于解决附近老旧小区的停车难题，其它时间作为公共车位向社会开放").

- The register: a few thousand car parks and stretches of on-street spaces in the
  districts; those opened in 2021 add up to exactly 24,000 spaces, and every lot whose
  data joined the network by the end of 2021 (春星小学's too) to exactly 240,000; others
  opened before or since, some networked only later. Drawn with a fixed seed and written
  in bulk (one audit entry): the register's thousands of rows are reference data.
- 春星小学: its car park registered, made a shared car park with its windows (parents on
  school days 07:00–08:30 and 15:30–17:30, free; residents every night 19:00–07:00, free;
  the public at every other time, paid), the school's terms from 2021 to the next school
  year, and its two plate-recognition gates, through the parking services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.conf import settings

from onething.citymgmt.models import LotKind, ParkingGate, ParkingLot, SchoolTerm
from onething.citymgmt.services.parking import (
    gate_register,
    lot_register,
    shared_parking_setup,
    term_add,
)
from onething.core import clock
from onething.core.bulk import write_rows
from onething.core.models import Region, User
from onething.core.permissions import actor_for

from ..cityops.geo import CENTRES, ROADS
from ..timeline import at, live_today
from . import data
from .streets import _shares
from .tokens import gate_token, gate_token_digest
from .writes import loaded

PREFIX = "P"  # the register's lots: P<district>-<n>
# share of each district's lots
DISTRICT_WEIGHTS = {
    "320213": 18,
    "320205": 12,
    "320206": 13,
    "320211": 15,
    "320214": 14,
    "320281": 15,
    "320282": 13,
}
# (how many lots, how many spaces, opened from, opened to, networked from, networked to)
BEFORE_NETWORKED = (2100, None, dt.date(2006, 1, 1), dt.date(2020, 12, 31))
BEFORE_LATER = (260, 16_500, dt.date(2006, 1, 1), dt.date(2020, 12, 31))
NEW_2021 = (420, data.NEW_SPACES, dt.date(2021, 1, 6), dt.date(2021, 12, 28))
SINCE = (540, 38_000, dt.date(2022, 2, 7), None)  # opened after the seed's look back
NETWORK_STARTED = dt.date(2019, 3, 1)
LATER_FROM = dt.date(2022, 3, 1)  # nothing joins the network between the seed's year and it
LOT_WORDS = {
    LotKind.ON_STREET: ("道路泊位",),
    LotKind.OFF_STREET: ("公共停车场", "地下停车场", "立体停车库", "小区共享停车场"),
}


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _sizes(rng: random.Random, n: int, total: int) -> tuple[list[str], list[int]]:
    """``n`` lots' kinds and spaces adding up to ``total`` exactly (on-street stretches
    small, car parks larger; every lot at least 6 spaces)."""
    kinds = [LotKind.ON_STREET if rng.random() < 0.4 else LotKind.OFF_STREET for _ in range(n)]
    weights = [
        rng.uniform(0.2, 1.2) if k == LotKind.ON_STREET else rng.lognormvariate(0.6, 0.7)
        for k in kinds
    ]
    extra = _shares(rng, weights, total - 6 * n)
    return kinds, [6 + e for e in extra]


def lot_rows(today: dt.date) -> list[tuple]:
    """Every lot of the register as its row (code, name, kind, district, address, spaces,
    opened on, networked on), drawn with a fixed seed; the lots opened since 2022 up to a
    month before ``today``."""
    rng = random.Random("demo-citymgmt-parking-lots")
    districts = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[d] for d in districts]
    networked_before = data.NETWORKED_SPACES - data.NEW_SPACES - data.LOT_SPACES
    rows = []
    serial: dict[str, int] = {}
    groups = [
        (BEFORE_NETWORKED[0], networked_before, BEFORE_NETWORKED[2:], "networked"),
        (BEFORE_LATER[0], BEFORE_LATER[1], BEFORE_LATER[2:], "later"),
        (NEW_2021[0], NEW_2021[1], NEW_2021[2:], "new"),
        (SINCE[0], SINCE[1], (SINCE[2], today - dt.timedelta(days=30)), "since"),
    ]
    for n, total, (first, last), how in groups:
        kinds, sizes = _sizes(rng, n, total)
        for kind, spaces in zip(kinds, sizes, strict=True):
            district = rng.choices(districts, weights)[0]
            serial[district] = serial.get(district, 0) + 1
            road = rng.choice(ROADS[district])
            word = rng.choice(LOT_WORDS[kind])
            number = rng.randint(1, 399)
            opened = _day(rng, first, max(first, last))
            if how == "networked":
                networked = _day(rng, max(opened, NETWORK_STARTED), dt.date(2021, 12, 31))
            elif how == "new":
                networked = min(
                    opened + dt.timedelta(days=rng.randrange(21)), dt.date(2021, 12, 31)
                )
            elif how == "later":
                networked = (
                    _day(rng, LATER_FROM, today - dt.timedelta(days=60))
                    if rng.random() < 0.6
                    else None
                )
            else:
                networked = opened + dt.timedelta(days=rng.randrange(30))
                networked = networked if networked < today else None
            name = f"{road}{number}号{word}" if kind == LotKind.OFF_STREET else f"{road}{word}"
            rows.append(
                (
                    f"{PREFIX}{district}-{serial[district]:05d}",
                    name,
                    kind,
                    district,
                    f"{CENTRES[district][0]}{road}{number}号",
                    spaces,
                    opened,
                    networked,
                )
            )
    return rows


def load_register(log: Callable[[str], None]) -> None:
    if ParkingLot.objects.filter(code__startswith=f"{PREFIX}320").exists():
        log("city management: the parking register made already")
        return
    regions = dict(Region.objects.filter(code__in=list(DISTRICT_WEIGHTS)).values_list("code", "pk"))
    rows = lot_rows(live_today())
    write_rows(
        ParkingLot,
        ("code", "name", "kind", "district_id", "address", "spaces", "opened_on", "networked_on"),
        [(c, n, k, regions[d], a, s, o, w) for c, n, k, d, a, s, o, w in rows],
    )
    new = sum(r[5] for r in rows if r[6] and r[6].year == data.YEAR)
    networked = sum(r[5] for r in rows if r[7] and r[7] <= dt.date(data.YEAR, 12, 31))
    loaded(("citymgmt.parkinglot", "register"), "parking_register_load", {"lots": len(rows)})
    log(
        f"city management: parking register of {len(rows)} lots; opened in 2021: {new} spaces, "
        f"networked by its end: {networked} (+ {data.SCHOOL}'s {data.LOT_SPACES})"
    )


def school_terms(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """春星小学's terms from spring 2021 to the next school year's (its autumn term from 1
    September to around 20 January, its spring term from around 20 February to 30 June)."""
    terms = [("2020—2021学年第二学期", dt.date(2021, 2, 22), dt.date(2021, 6, 30))]
    current = today.year if today.month >= 8 else today.year - 1
    for year in range(2021, current + 2):
        autumn_end = dt.date(year + 1, 1, 20 + (year % 3))
        spring_start = dt.date(year + 1, 2, 17 + (year % 5))
        terms.append((f"{year}—{year + 1}学年第一学期", dt.date(year, 9, 1), autumn_end))
        terms.append((f"{year}—{year + 1}学年第二学期", spring_start, dt.date(year + 1, 6, 30)))
    return terms


def load_school(log: Callable[[str], None]) -> None:
    """春星小学's car park shared, its terms (those missing) and its gates."""
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    bureau = actor_for(User.objects.get(username=data.XINWU_OFFICER))
    if not ParkingLot.objects.filter(code=data.LOT_CODE).exists():
        with clock.frozen(at(data.SHARED_SINCE, 9)):
            lot_register(
                actor=office,
                code=data.LOT_CODE,
                name=data.LOT_NAME,
                kind=LotKind.SHARED,
                district_code=data.XINWU,
                spaces=data.LOT_SPACES,
                address=data.LOT_ADDRESS,
                opened_on=data.LOT_OPENED,
                networked_on=data.SHARED_SINCE,
            )
            shared_parking_setup(
                actor=office,
                lot_code=data.LOT_CODE,
                host=data.SCHOOL,
                department_code=data.XINWU_BUREAU,
                public_fee_fen_per_hour=data.PUBLIC_FEE,
                street_code=data.CHUNCHAO_CODE,
                windows=[
                    {
                        "name": name,
                        "group": group,
                        "days": days,
                        "starts": starts,
                        "ends": ends,
                        "fee_fen_per_hour": fee,
                    }
                    for name, group, days, starts, ends, fee in data.WINDOWS
                ],
            )
            for code, name in data.GATES:
                gate_register(actor=office, lot_code=data.LOT_CODE, code=code, name=name)
        # each gate's token derived from the server's secret (its issued one replaced)
        for code, _name in data.GATES:
            ParkingGate.objects.filter(code=code).update(
                token_digest=gate_token_digest(gate_token(settings.SECRET_KEY, code))
            )
    known = set(
        SchoolTerm.objects.filter(parking__lot__code=data.LOT_CODE).values_list("name", flat=True)
    )
    made = 0
    for name, starts, ends in school_terms(live_today()):
        if name not in known:
            with clock.frozen(at(min(starts, live_today()) - dt.timedelta(days=20), 10)):
                term_add(
                    actor=bureau, lot_code=data.LOT_CODE, name=name, starts_on=starts, ends_on=ends
                )
            made += 1
    log(
        f"city management: {data.SCHOOL}'s shared car park ({data.LOT_SPACES} spaces, "
        f"{len(data.WINDOWS)} windows, {len(data.GATES)} gates), {made} new school terms"
    )
