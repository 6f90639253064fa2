"""A small shared-parking world on the demo city's base: 春星小学's 100 spaces in 新吴区,
managed by 新吴区城市管理局 (XW-CG, a city-management department), with the seed's windows
(parents 07:00–08:30 and 15:30–17:30 on school days, residents 19:00–07:00 every day, the
public at other times at ¥5 an hour), the school's terms, two gates with their tokens, a
registered parent and a registered resident; and another district's city-management
office (滨湖区, BH-CG) that must not see its records. Built by each test that needs it
(inside its rolled-back transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onething.citymgmt.models import SharedParking
from onething.citymgmt.rules.parking import (
    EVERY_DAY,
    PARENT,
    PUBLIC,
    RESIDENT,
    SCHOOL_DAYS,
)
from onething.citymgmt.services.parking import (
    gate_register,
    lot_register,
    plate_register,
    registration_review,
    shared_parking_setup,
    term_add,
)
from onething.core import clock
from onething.core.models import Department, Region, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from tests.files import pdf

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
LOT = "XW-PK-CX01"
PARENT_PLATE = "苏B12345"
RESIDENT_PLATE = "苏BD23456"
PUBLIC_PLATE = "浙A9K876"
WINDOWS = [
    {
        "name": "家长早高峰",
        "group": PARENT,
        "days": SCHOOL_DAYS,
        "starts": "07:00",
        "ends": "08:30",
        "fee_fen_per_hour": 0,
    },
    {
        "name": "家长晚高峰",
        "group": PARENT,
        "days": SCHOOL_DAYS,
        "starts": "15:30",
        "ends": "17:30",
        "fee_fen_per_hour": 0,
    },
    {
        "name": "居民夜间",
        "group": RESIDENT,
        "days": EVERY_DAY,
        "starts": "19:00",
        "ends": "07:00",
        "fee_fen_per_hour": 0,
    },
    {
        "name": "社会车辆",
        "group": PUBLIC,
        "days": EVERY_DAY,
        "starts": "00:00",
        "ends": "00:00",
        "fee_fen_per_hour": 500,
    },
]


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    """An aware moment on ``day`` (YYYY-MM-DD), Shanghai time."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def account(username: str, role: str, **scope) -> Actor:
    if "department" in scope:
        scope["department"] = Department.objects.get(code=scope["department"])
    if "region" in scope:
        scope["region"] = Region.objects.get(code=scope["region"])
    user = User.objects.create(username=username, role=role, **scope)
    return actor_for(User.objects.select_related("department__region", "region").get(pk=user.pk))


@dataclass
class Parking:
    city: object
    parking: SharedParking
    office: Actor  # 新吴区城市管理局: manages the car park, reviews registrations
    other_office: Actor  # 滨湖区城市管理局: another district's office
    citizen: Actor  # zhangwei (a signed-in citizen)
    entry_token: str
    exit_token: str

    def fresh(self) -> SharedParking:
        return SharedParking.objects.get(pk=self.parking.pk)


def build(city, *, registered: bool = True) -> Parking:
    for code, name, region in (
        ("XW-CG", "新吴区城市管理局", "320214"),
        ("BH-CG", "滨湖区城市管理局", "320211"),
    ):
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": "city_management", "region": city.region(region)},
        )
    office = account("officer.xwcg", Role.OFFICER, department="XW-CG")
    other = account("officer.bhcg", Role.OFFICER, department="BH-CG")
    with clock.frozen(at("2025-08-25", 9)):
        lot_register(
            actor=office,
            code=LOT,
            name="春星小学错时共享停车场",
            kind="shared",
            district_code="320214",
            spaces=100,
            address="新吴区旺庄街道春星路",
            opened_on=dt.date(2021, 9, 1),
            networked_on=dt.date(2021, 9, 1),
        )
        parking = shared_parking_setup(
            actor=office,
            lot_code=LOT,
            host="春星小学",
            department_code="XW-CG",
            public_fee_fen_per_hour=500,
            grace_minutes=15,
            windows=WINDOWS,
        )
        term_add(
            actor=office,
            lot_code=LOT,
            name="2025秋季学期",
            starts_on=dt.date(2025, 9, 1),
            ends_on=dt.date(2026, 1, 23),
        )
        _gate_in, entry_token = gate_register(
            actor=office, lot_code=LOT, code="cx-gate-in", name="春星小学东门入口"
        )
        _gate_out, exit_token = gate_register(
            actor=office, lot_code=LOT, code="cx-gate-out", name="春星小学东门出口"
        )
        citizen = city.actor("zhangwei")
        if registered:
            for plate, group in ((PARENT_PLATE, PARENT), (RESIDENT_PLATE, RESIDENT)):
                registration, _created = plate_register(
                    actor=citizen,
                    lot_code=LOT,
                    plate=plate,
                    group=group,
                    holder_name="张伟",
                    holder_phone="13812345678",
                    proof_name="proof.pdf",
                    proof_data=pdf(),
                )
                registration_review(
                    actor=office,
                    registration_id=registration.pk,
                    decision="approve",
                    valid_until=dt.date(2026, 8, 31),
                )
    return Parking(city, parking, office, other, citizen, entry_token, exit_token)


__all__ = ["SYSTEM", "build"]
