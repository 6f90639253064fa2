"""What the load needs, made through the city management services as the demo's
city-management office would: the streets with their scoring devices (each device's token
returned once), a shared car park with the seed's windows and its gates (each gate's
token); and wrk's data files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from citymgmt import DEVICES_PER_STREET, GATES, LOT, STREETS

OFFICE = "officer.chengguan"  # the demo's city-management office (无锡市城市管理局)
DISTRICT, OFFICE_REGION, BUREAU = "320214", "320214001", "XW-CG"  # 新吴区, 旺庄街道
WINDOWS = [
    ("早高峰家长接送", "parent", "school_days", "07:00", "08:30", 0),
    ("晚高峰家长接送", "parent", "school_days", "15:30", "17:30", 0),
    ("夜间居民停车", "resident", "every_day", "19:00", "07:00", 0),
    ("社会车辆", "public", "every_day", "00:00", "00:00", 500),
]


def build() -> tuple[list[str], list[str]]:
    """The streets, devices, car park and gates: (device tokens, gate tokens)."""
    from onething.citymgmt.services.parking import gate_register, lot_register, shared_parking_setup
    from onething.citymgmt.services.scoring import criteria_ensure_defaults, scoring_point_register
    from onething.citymgmt.services.streets import street_register
    from onething.core import clock
    from onething.core.models import User
    from onething.core.permissions import actor_for

    office = actor_for(User.objects.select_related("department__region").get(username=OFFICE))
    criteria_ensure_defaults()
    devices = []
    for s in range(STREETS):
        code = f"bench-{s:03d}"
        street_register(
            actor=office,
            code=code,
            name=f"评议测试巷{s:03d}",
            district_code=DISTRICT,
            street_office_code=OFFICE_REGION,
            category="back_lane",
            length_m=300,
            department_code=BUREAU,
        )
        for d in range(DEVICES_PER_STREET):
            _point, token = scoring_point_register(
                actor=office, street_code=code, code=f"{code}-d{d:02d}", kind="device"
            )
            devices.append(token)
    lot_register(
        actor=office,
        code=LOT,
        name="错时共享停车场 (bench)",
        kind="shared",
        district_code=DISTRICT,
        spaces=2000,
        opened_on=clock.today() - dt.timedelta(days=30),
    )
    shared_parking_setup(
        actor=office,
        lot_code=LOT,
        host="测试小学 (bench)",
        department_code=BUREAU,
        public_fee_fen_per_hour=500,
        windows=[
            {"name": n, "group": g, "days": d, "starts": a, "ends": b, "fee_fen_per_hour": f}
            for n, g, d, a, b, f in WINDOWS
        ],
    )
    gates = [
        gate_register(actor=office, lot_code=LOT, code=f"bench-gate-{g:02d}", name=f"道闸 {g}")[1]
        for g in range(GATES)
    ]
    return devices, gates


def write_data(path: Path, tokens: list[str]) -> None:
    """wrk's data file: the tokens on one line (space-separated)."""
    path.write_text(f"{' '.join(tokens)}\n", encoding="ascii")
