"""A small streets world on the demo city's base: 旺庄街道 in 新吴区 and 清名桥街道 in 梁溪区;
新吴区城市管理局 (the city-management office of 新吴区), 梁溪区城市管理局 (of another
district) and 旺庄街道办事处 (managing 旺庄's streets) with an officer each; a supervisor of
滨湖区 (another district); three streets (春潮菜场支路 and 旺庄路北支巷 in 旺庄, 南长街支巷
in 清名桥) and the city's 2021 programme. Built inside each test's rolled-back transaction
(regions and departments looked up first: the demo may have made them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onething.citymgmt.models import RenovationProgramme, Street, StreetProject
from onething.citymgmt.services.streets import programme_create, project_create, street_register
from onething.core import clock
from onething.core.models import Department, Region, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.organisations import department_create, region_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2022, 1, 24, 10, tzinfo=SHANGHAI)  # the seed's day (a Monday)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


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


@dataclass
class Streets:
    city: object
    chunchao: Street  # 春潮菜场支路, 旺庄街道 (新吴区)
    wangzhuang: Street  # 旺庄路北支巷, 旺庄街道 (新吴区)
    nanchang: Street  # 南长街支巷, 清名桥街道 (梁溪区)
    programme: RenovationProgramme  # the city's 2021 programme
    office: Actor  # 新吴区城市管理局: the city-management office of 新吴区
    other_office: Actor  # 梁溪区城市管理局: of another district
    managing: Actor  # 旺庄街道办事处: manages 旺庄's streets
    stranger: Actor  # an officer of a market-regulation office (no street)
    supervisor: Actor  # the demo's supervisor of 无锡市
    other_supervisor: Actor  # a supervisor of 滨湖区

    def project(self, street: Street | None = None, **overrides) -> StreetProject:
        fields = {
            "actor": self.office,
            "street_code": (street or self.chunchao).code,
            "title": "春潮菜场支路环境综合整治",
            "items": ["road_repair", "railings", "shop_signs", "parking", "rain_canopy"],
            "budget_fen": 380_000_000,  # ¥380万
            "programme_code": self.programme.code,
        }
        return project_create(**(fields | overrides))


def build(city) -> Streets:
    _region("320214001", "旺庄街道", "town", "320214")
    _department("XW-CG", "新吴区城市管理局", "city_management", "320214")
    _department("LX-CG", "梁溪区城市管理局", "city_management", "320213")
    _department("XW-WZ-JD", "旺庄街道办事处", "town_office", "320214001")
    office = account("t.xw-cg", "officer", department="XW-CG")
    with clock.frozen(at("2021-01-04", 9)):
        programme = programme_create(
            actor=SYSTEM,
            code="WX-2021",
            name="2021年市区背街小巷环境综合治理",
            year=2021,
            region_code="320200",
        )
        chunchao = street_register(
            actor=office,
            code="XW-WZ-CCCC",
            name="春潮菜场支路",
            district_code="320214",
            street_office_code="320214001",
            category="branch_road",
            length_m=320,
            department_code="XW-WZ-JD",
            description="春潮农贸市场门前的支路。",
            latitude="31.560000",
            longitude="120.350000",
        )
        wangzhuang = street_register(
            actor=office,
            code="XW-WZ-WZBZ",
            name="旺庄路北支巷",
            district_code="320214",
            street_office_code="320214001",
            category="back_lane",
            length_m=180,
            department_code="XW-WZ-JD",
        )
        nanchang = street_register(
            actor=SYSTEM,
            code="LX-QMQ-NCJ",
            name="南长街支巷",
            district_code="320213",
            street_office_code="320213006",
            category="back_lane",
            length_m=240,
            department_code="LX-CG",
        )
    return Streets(
        city=city,
        chunchao=chunchao,
        wangzhuang=wangzhuang,
        nanchang=nanchang,
        programme=programme,
        office=office,
        other_office=account("t.lx-cg", "officer", department="LX-CG"),
        managing=account("t.wz-jd", "officer", department="XW-WZ-JD"),
        stranger=account("t.bh-scjg", "officer", department="BH-SCJG"),
        supervisor=city.actor("supervisor"),
        other_supervisor=account("t.sup-binhu", "supervisor", region="320211"),
    )


def fresh(project: StreetProject) -> StreetProject:
    return StreetProject.objects.get(pk=project.pk)


def user_of(actor: Actor) -> User:
    return User.objects.get(pk=actor.user_id)
