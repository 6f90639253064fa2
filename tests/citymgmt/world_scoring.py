"""A small scoring world on the demo city's base: 旺庄街道 in 新吴区 with two streets
(春潮菜场支路, 旺庄路北支巷) and 胡埭镇 in 滨湖区 with one (胡埭老街); the city-management
offices of 新吴区 (XW-CG), of 滨湖区 (BH-CG, another district) and of the city (WX-CG)
with an officer each; 旺庄街道办事处 managing 旺庄's streets; a grid inspector of 旺庄; the
four published criteria; a scoring device (its token) and a QR sign at 春潮菜场支路. Built
inside each test's rolled-back transaction (regions and departments looked up first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onething.citymgmt.models import ScoringPoint, Street, StreetScore
from onething.citymgmt.rules.scoring import COUNTED, average_centi
from onething.citymgmt.services.scoring import criteria_ensure_defaults, scoring_point_register
from onething.core import clock
from onething.core.models import Department, Region, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.organisations import department_create, region_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
GOOD = {"sanitation": 4, "traffic_order": 5, "facilities": 4, "shop_signs": 4}


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def account(username: str, role: str, **scope) -> Actor:
    if "department" in scope:
        scope["department"] = Department.objects.get(code=scope["department"])
    if "region" in scope:
        scope["region"] = Region.objects.get(code=scope["region"])
    user = User.objects.create(username=username, role=role, **scope)
    return actor_for(User.objects.select_related("department__region", "region").get(pk=user.pk))


def _region(code: str, name: str, level: str, parent: str) -> Region:
    found = Region.objects.filter(code=code).first()
    return found or region_create(
        actor=SYSTEM, code=code, name=name, level=level, parent_code=parent
    )


def _department(code: str, name: str, kind: str, region: str) -> Department:
    found = Department.objects.filter(code=code).first()
    return found or department_create(
        actor=SYSTEM, code=code, name=name, kind=kind, region_code=region
    )


def _street(code: str, name: str, district: str, office: str, department: str) -> Street:
    return Street.objects.create(
        code=code,
        name=name,
        district=Region.objects.get(code=district),
        street_office=Region.objects.get(code=office),
        category="back_lane",
        length_m=300,
        department=Department.objects.get(code=department),
    )


@dataclass
class Scoring:
    city: object
    chunchao: Street  # 春潮菜场支路 (新吴区 旺庄街道)
    wangzhuang: Street  # 旺庄路北支巷 (新吴区 旺庄街道)
    hudai: Street  # 胡埭老街 (滨湖区 胡埭镇)
    device: ScoringPoint  # at 春潮菜场支路
    token: str  # the device's token
    sign: ScoringPoint  # a QR sign at 春潮菜场支路
    office: Actor  # 新吴区城市管理局
    other_office: Actor  # 滨湖区城市管理局
    city_office: Actor  # 无锡市城市管理局
    managing: Actor  # 旺庄街道办事处
    inspector: Actor  # grid inspector of 旺庄街道
    resident: Actor  # zhangwei, a signed-in resident

    def user(self, actor: Actor) -> User:
        return User.objects.get(pk=actor.user_id)


def build(city) -> Scoring:
    _region("320214001", "旺庄街道", "town", "320214")
    _department("XW-CG", "新吴区城市管理局", "city_management", "320214")
    _department("BH-CG", "滨湖区城市管理局", "city_management", "320211")
    _department("XW-WZ-JD", "旺庄街道办事处", "town_office", "320214001")
    criteria_ensure_defaults()
    chunchao = _street("T-XW-CCCC", "春潮菜场支路", "320214", "320214001", "XW-WZ-JD")
    wangzhuang = _street("T-XW-WZBZ", "旺庄路北支巷", "320214", "320214001", "XW-WZ-JD")
    hudai = _street("T-BH-HDLJ", "胡埭老街", "320211", "320211102", "BH-CG")
    office = account("t.s.xw-cg", "officer", department="XW-CG")
    device, token = scoring_point_register(
        actor=office, street_code=chunchao.code, code="SP-CCCC-01", kind="device", place="菜场入口"
    )
    sign, _none = scoring_point_register(
        actor=office, street_code=chunchao.code, code="QR-CCCC-01", kind="qr", place="北口路牌"
    )
    return Scoring(
        city=city,
        chunchao=chunchao,
        wangzhuang=wangzhuang,
        hudai=hudai,
        device=device,
        token=token,
        sign=sign,
        office=office,
        other_office=account("t.s.bh-cg", "officer", department="BH-CG"),
        city_office=account("t.s.wx-cg", "officer", department="WX-CG"),
        managing=account("t.s.wz-jd", "officer", department="XW-WZ-JD"),
        inspector=account("t.s.grid", "inspector", region="320214001"),
        resident=city.actor("zhangwei"),
    )


def history(street: Street, day: dt.date, marks: list[int], *, first_voter: int = 0) -> None:
    """Counted scores of ``street`` on ``day`` (each score's four marks all ``mark``),
    written directly: the yardstick the outlier rule reads."""
    for n, mark in enumerate(marks):
        StreetScore.objects.create(
            street=street,
            channel="device",
            day=day,
            voter_digest=f"history-{first_voter + n}",
            marks=dict.fromkeys(GOOD, mark),
            average_centi=average_centi(dict.fromkeys(GOOD, mark)),
            status=COUNTED,
            created_at=clock.now(),
        )
