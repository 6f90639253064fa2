"""A small 红黑榜 world on the demo city's base: 旺庄街道 in 新吴区 with its street office
department (旺庄街道办事处, managing the streets), the city-management office's officer
(无锡市城市管理局), the office's managed officer and a resident; six streets (春潮菜场支路
among them) with closed months from July to September 2021; the category 背街小巷整治
(streets) and 农贸市场 (sites) with two markets. Built inside each test's rolled-back
transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onething.citymgmt.models import RankingCategory, RankingSite, Street, StreetMonth
from onething.citymgmt.services.ranking import category_define, site_register
from onething.core.models import Department, Region, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.organisations import department_create, region_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MONTHS = [dt.date(2021, 7, 1), dt.date(2021, 8, 1), dt.date(2021, 9, 1)]
# code, name, monthly scores (× 100) for July, August, September
STREETS = [
    ("XW-WZ-001", "春潮菜场支路", [9200, 9400, 9600]),
    ("XW-WZ-002", "旺庄路北支巷", [8800, 8900, 9000]),
    ("XW-WZ-003", "春丰路南巷", [7500, 7600, 7400]),
    ("XW-WZ-004", "锡勤路东巷", [7000, 7100, 7200]),
    ("XW-WZ-005", "长江北路小巷", [5600, 5500, 5400]),
    ("XW-WZ-006", "新华路西弄", [5000, 5200, 5100]),
]
STREET_CRITERIA = [
    {"name": "居民评议", "weight": 50},
    {"name": "巡查考评", "weight": 30},
    {"name": "12345投诉", "weight": 20},
]
MARKET_CRITERIA = [{"name": "环境卫生", "weight": 60}, {"name": "经营秩序", "weight": 40}]


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def account(username: str, role: str, **scope) -> Actor:
    if "department" in scope:
        scope["department"] = Department.objects.get(code=scope["department"])
    if "region" in scope:
        scope["region"] = Region.objects.get(code=scope["region"])
    user = User.objects.create(username=username, role=role, **scope)
    return actor_for(User.objects.select_related("department__region", "region").get(pk=user.pk))


@dataclass
class Ranking:
    city: object
    streets: dict[str, Street]
    back_lanes: RankingCategory
    markets: RankingCategory
    sites: dict[str, RankingSite]
    office: Actor  # 无锡市城市管理局's officer
    managing: Actor  # 旺庄街道办事处's officer (manages the streets and the markets)
    supervisor: Actor  # the demo's supervisor of 无锡市

    def actor(self, username: str) -> Actor:
        return actor_for(self.city.user(username))


def _region(code: str, name: str, level: str, parent: str) -> Region:
    found = Region.objects.filter(code=code).first()
    return found or region_create(
        actor=SYSTEM, code=code, name=name, level=level, parent_code=parent
    )


def street_months(street: Street, scores: list[int], months=MONTHS) -> None:
    for month, score in zip(months, scores, strict=True):
        StreetMonth.objects.create(
            street=street,
            month=month,
            resident_count=20,
            resident_centi=100 + (score - 1000) * 4 // 100 if score > 1000 else 100,
            inspection_count=2,
            inspection_mark=min(100, score // 100 + 2),
            complaint_count=max(0, (10000 - score) // 1500),
            weights={"residents": 50, "inspections": 30, "complaints": 20},
            score_centi=score,
            closed_at=at(f"{month + dt.timedelta(days=40):%Y-%m}-01"),
        )


def build(city, *, months: bool = True) -> Ranking:
    wangzhuang = _region("320214004", "旺庄街道", "town", "320214")
    department = Department.objects.filter(code="XW-WZ").first() or department_create(
        actor=SYSTEM,
        code="XW-WZ",
        name="新吴区旺庄街道办事处",
        kind="town_office",
        region_code=wangzhuang.code,
    )
    district = Region.objects.get(code="320214")
    streets = {}
    for code, name, scores in STREETS:
        street = Street.objects.create(
            code=code,
            name=name,
            district=district,
            street_office=wangzhuang,
            category="back_lane",
            length_m=300,
            department=department,
        )
        streets[code] = street
        if months:
            street_months(street, scores)
    office = account("rank.office", "officer", department="WX-CG")
    managing = account("rank.wangzhuang", "officer", department="XW-WZ")
    back_lanes = category_define(
        actor=office,
        code="back-lanes",
        name="背街小巷整治",
        subject="streets",
        criteria=STREET_CRITERIA,
        order=1,
    )
    markets = category_define(
        actor=office,
        code="markets",
        name="农贸市场",
        subject="sites",
        criteria=MARKET_CRITERIA,
        order=2,
    )
    sites = {
        code: site_register(
            actor=office,
            code=code,
            name=name,
            category_code="markets",
            district_code="320214",
            street_office_code="320214004",
            department_code="XW-WZ",
        )
        for code, name in (("M-WZ-01", "春潮农贸市场"), ("M-WZ-02", "旺庄农贸市场"))
    }
    return Ranking(
        city,
        streets,
        back_lanes,
        markets,
        sites,
        office,
        managing,
        city.actor("supervisor"),
    )


BATCH = {
    "year": 2021,
    "sequence": 3,
    "period_start": "2021-07",
    "period_end": "2021-09",
    "categories": ["back-lanes"],
    "rule": "top_bottom",
    "red_count": 2,
    "black_count": 2,
    "region_code": "320214",
}
