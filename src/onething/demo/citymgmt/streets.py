"""The register of streets and the 2021 programme (seed 003: "2021年，无锡市投入8.7亿元，对市区250条
…背街小巷开展环境综合治理"): 250 back streets of the urban districts renovated in 2021, whose
projects' spend adds up to exactly ¥8.7亿, 春潮菜场支路 among them with the seed's items; and
a few streets of the register outside the programme. Drawn with fixed seeds, made through
the streets services (the city-management office registering the streets; 春潮菜场支路's
project approved, started, paid and completed as of each day, with its photos), the other
projects with the same timelines written in bulk (one audit entry); made once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from onething.citymgmt.models import ProjectStep, RenovationProgramme, Street, StreetProject
from onething.citymgmt.rules.projects import (
    COMPLETE,
    COMPLETED,
    CREATE,
    ITEMS,
    PLANNED,
    SPEND,
    START,
    UNDER_WAY,
)
from onething.citymgmt.services.streets import programme_create, street_register
from onething.citymgmt.services.streets.projects import SERIES
from onething.core import clock
from onething.core.bulk import reserve_ids
from onething.core.models import Department, User
from onething.core.permissions import Actor, actor_for
from onething.core.services.numbering import next_in_sequence

from ..cityops.geo import place
from ..timeline import at
from . import data
from .chunchao import renovate
from .writes import insert_rows, loaded

_STEM_WORDS = (
    "槐古 书院 西溪 大成 棉花 小娄 南下塘 东河头 盛岸 北塘 仓浜 三里桥 "
    "丽新 汤巷 前名 后祁 塘泾 兴隆 映山河 吉祥 万安 永丰 惠农 同春 乐群 "
    "公益 复兴 青石 锡惠 芦庄 广丰 新生 金城 云薇 刘潭 五河 通扬 梅里 "
    "鸿声 新光 泰伯 华清 锦溪 桃园 柳塘 杨家 沈巷 谈渡 陆区 钱家 孙蒋 "
    "马鞍 荷花 莲蓉 丰乐 太平 南禅 迎龙 学士 槐树 梨花 竹场 银杏 春晖 "
    "朝阳 凤宾 惠钱 藕塘 堰新"
)
STEMS = tuple(_STEM_WORDS.split())
SUFFIXES = tuple("巷 弄 里 支路 浜 街 西巷 东弄 南里 新村路 一支路 后街".split())  # noqa: SIM905
FEN_STEP = 10_000  # spends are whole hundreds of yuan
LAGGARD_DISTRICT = "320213"  # the first programme street of 梁溪区 lags behind
LAGGARD_DATES = (dt.date(2021, 5, 10), dt.date(2021, 9, 27), dt.date(2021, 12, 16))


@dataclass
class StreetPlan:
    code: str
    name: str
    district: str
    office: str
    category: str
    length_m: int
    latitude: float
    longitude: float
    description: str = ""
    in_programme: bool = False
    laggard: bool = False  # worse and worse until its late renovation (the 未改善 story)
    project: ProjectPlan | None = None


@dataclass
class ProjectPlan:
    number: str
    items: list[str]
    spent_fen: int
    budget_fen: int
    approved: dt.date
    started: dt.date
    completed: dt.date
    spends: list[tuple[dt.date, int]] = field(default_factory=list)


def _category(suffix: str) -> str:
    if "支路" in suffix or suffix == "新村路":
        return "branch_road"
    return "commercial" if suffix in ("街", "后街") else "back_lane"


def _names(rng: random.Random, n: int, taken: set[str]) -> list[tuple[str, str]]:
    """``n`` street names (name, suffix) not taken yet."""
    pairs = [(s, x) for s in STEMS for x in SUFFIXES]
    rng.shuffle(pairs)
    found = []
    for stem, suffix in pairs:
        name = stem + suffix
        if name not in taken:
            taken.add(name)
            found.append((name, suffix))
            if len(found) == n:
                break
    return found


def _shares(rng: random.Random, weights: list[float], total_units: int) -> list[int]:
    """``total_units`` split by ``weights`` into whole units adding up exactly (the largest
    remainders rounded up)."""
    scale = total_units / sum(weights)
    raw = [w * scale for w in weights]
    units = [int(r) for r in raw]
    short = total_units - sum(units)
    for i in sorted(range(len(raw)), key=lambda i: (units[i] - raw[i], i))[:short]:
        units[i] += 1
    assert sum(units) == total_units
    return units


def _project(rng: random.Random, number: str, spent: int) -> ProjectPlan:
    approved = dt.date(2021, 1, 11) + dt.timedelta(days=rng.randrange(120))
    started = approved + dt.timedelta(days=14 + rng.randrange(35))
    completed = min(started + dt.timedelta(days=60 + rng.randrange(120)), dt.date(2021, 12, 20))
    codes = list(ITEMS)
    items = sorted(rng.sample(codes, 3 + rng.randrange(5)), key=codes.index)
    over = 1 + rng.randrange(0, 12) / 100
    budget = int(spent * over) // FEN_STEP * FEN_STEP
    return ProjectPlan(number, items, spent, max(budget, spent), approved, started, completed)


def _spends(plan: ProjectPlan) -> list[tuple[dt.date, int]]:
    """The progress payment (60%) at the middle of the works and the rest at completion."""
    first = plan.spent_fen * 6 // 10 // FEN_STEP * FEN_STEP
    middle = plan.started + (plan.completed - plan.started) / 2
    return [(middle, first), (plan.completed, plan.spent_fen - first)]


def street_plans() -> list[StreetPlan]:
    """Every demo street, the programme's first (春潮菜场支路 the very first), drawn with a
    fixed seed."""
    rng = random.Random("demo-citymgmt-streets")
    taken = {data.CHUNCHAO}
    plans: list[StreetPlan] = []
    serial: dict[str, int] = {}

    def code_for(office: str) -> str:
        serial[office] = serial.get(office, 0) + 1
        return f"{office}-{serial[office]:02d}"

    lat, lng = place(random.Random("demo-chunchao"), data.XINWU)
    chunchao = StreetPlan(
        code_for(data.WANGZHUANG),
        data.CHUNCHAO,
        data.XINWU,
        data.WANGZHUANG,
        "branch_road",
        420,
        lat,
        lng,
        data.CHUNCHAO_DESCRIPTION,
    )
    assert chunchao.code == data.CHUNCHAO_CODE
    plans.append(chunchao)
    for district, (_short, _bureau, _name, offices) in data.DISTRICTS.items():
        wanted = data.PROGRAMME_SHARE[district] - (district == data.XINWU)
        for n, (name, suffix) in enumerate(_names(rng, wanted + data.REGISTER_ONLY, taken)):
            office = offices[n % len(offices)][0]
            lat, lng = place(rng, district)
            plans.append(
                StreetPlan(
                    code_for(office),
                    name,
                    district,
                    office,
                    _category(suffix),
                    150 + 10 * rng.randrange(76),
                    lat,
                    lng,
                    in_programme=n < wanted,
                )
            )
    chunchao.in_programme = True
    programme = [p for p in plans if p.in_programme]
    assert len(programme) == data.PROGRAMME_STREETS
    others = programme[1:]
    weights = [p.length_m * (0.6 + rng.random()) for p in others]
    units = _shares(rng, weights, (data.PROGRAMME_FEN - data.CHUNCHAO_FEN) // FEN_STEP)
    for n, (plan, unit) in enumerate(zip(others, units, strict=True), 2):
        plan.project = _project(rng, f"BJXX-2021-{n:04d}", unit * FEN_STEP)
    approved, started, completed = data.CHUNCHAO_DATES
    chunchao.project = ProjectPlan(
        "BJXX-2021-0001",
        list(data.CHUNCHAO_ITEMS),
        data.CHUNCHAO_FEN,
        600_000_000,
        approved,
        started,
        completed,
    )
    laggard = next(p for p in programme if p.district == LAGGARD_DISTRICT)
    laggard.laggard = True
    laggard.project.approved, laggard.project.started, laggard.project.completed = LAGGARD_DATES
    for plan in programme:
        plan.project.spends = _spends(plan.project)
    assert sum(p.project.spent_fen for p in programme) == data.PROGRAMME_FEN
    return plans


def _title(plan: StreetPlan) -> str:
    return f"{plan.name}环境综合整治"


def _register(office: Actor, plans: list[StreetPlan]) -> None:
    """The programme and the register, by the city-management office."""
    bureaus = {district: bureau for district, (_s, bureau, _n, _o) in data.DISTRICTS.items()}
    with clock.frozen(at(dt.date(2021, 1, 4), 9)):
        programme_create(
            actor=office,
            code=data.PROGRAMME_CODE,
            name=data.PROGRAMME_NAME,
            year=data.YEAR,
            region_code=data.CITY,
            description="对市区基础设施缺损严重、市容环境问题频发的背街小巷开展环境综合治理。",
        )
        for p in plans:
            street_register(
                actor=office,
                code=p.code,
                name=p.name,
                district_code=p.district,
                street_office_code=p.office,
                category=p.category,
                length_m=p.length_m,
                department_code=bureaus[p.district],
                description=p.description,
                latitude=round(p.latitude, 6),
                longitude=round(p.longitude, 6),
            )


def _numbers(plans: list[StreetPlan]) -> dict[str, str]:
    """Each project's number as the projects service numbers it (``ZZ<district>-<day of
    approval>-<n>``, from core's counter of that district and day)."""
    by_key: dict[tuple[str, dt.date], list[StreetPlan]] = {}
    for plan in plans:
        by_key.setdefault((plan.district, plan.project.approved), []).append(plan)
    numbers = {}
    for (district, day), group in sorted(by_key.items()):
        last = next_in_sequence(f"{SERIES}:{district}:{day:%Y%m%d}", count=len(group))
        for n, plan in enumerate(group, last - len(group) + 1):
            numbers[plan.code] = f"ZZ{district}-{day:%Y%m%d}-{n:06d}"
    return numbers


def _projects(office: Actor, plans: list[StreetPlan]) -> int:
    """The programme's projects but 春潮菜场支路's, each completed with its timeline (approved,
    started, two payments, completed), written in bulk; how many."""
    streets = dict(
        Street.objects.filter(code__in=[p.code for p in plans]).values_list("code", "pk")
    )
    bureaus = dict(
        Department.objects.filter(
            code__in=[b for _s, b, _n, _o in data.DISTRICTS.values()]
        ).values_list("code", "pk")
    )
    programme = RenovationProgramme.objects.get(code=data.PROGRAMME_CODE)
    numbers = _numbers(plans)
    ids = reserve_ids(StreetProject, len(plans))
    insert_rows(
        StreetProject,
        (
            "id",
            "number",
            "street_id",
            "programme_id",
            "title",
            "items",
            "budget_fen",
            "spent_fen",
            "milestone",
            "approved_on",
            "started_on",
            "completed_on",
            "department_id",
            "created_at",
        ),
        [
            (
                pk,
                numbers[p.code],
                streets[p.code],
                programme.pk,
                _title(p),
                p.project.items,
                p.project.budget_fen,
                p.project.spent_fen,
                COMPLETED,
                p.project.approved,
                p.project.started,
                p.project.completed,
                bureaus[data.DISTRICTS[p.district][1]],
                at(p.project.approved, 10),
            )
            for pk, p in zip(ids, plans, strict=True)
        ],
    )
    steps = []
    for pk, p in zip(ids, plans, strict=True):
        plan = p.project
        (first, paid), (last, rest) = plan.spends
        steps += [
            (pk, CREATE, PLANNED, None, at(plan.approved, 10), ""),
            (pk, START, UNDER_WAY, None, at(plan.started, 9), "开工"),
            (pk, SPEND, UNDER_WAY, paid, at(first, 15), "进度款"),
            (pk, SPEND, UNDER_WAY, rest, at(last, 15), "结算款"),
            (pk, COMPLETE, COMPLETED, None, at(plan.completed, 16), "完工验收"),
        ]
    insert_rows(
        ProjectStep,
        ("project_id", "action", "milestone_after", "amount_fen", "at", "note", "actor_id"),
        [(*step, office.user_id) for step in steps],
    )
    loaded(programme, "projects_load", {"projects": len(plans), "steps": len(steps)})
    return len(plans)


def load_streets(log: Callable[[str], None]) -> list[StreetPlan]:
    plans = street_plans()
    if RenovationProgramme.objects.filter(code=data.PROGRAMME_CODE).exists():
        log("city management: streets and the 2021 programme made already")
        return plans
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    _register(office, plans)
    renovate(office, plans[0])
    made = 1 + _projects(office, [p for p in plans[1:] if p.project])
    log(
        f"city management: {len(plans)} streets, the 2021 programme's {made} projects "
        f"(¥{data.PROGRAMME_FEN / 100:,.0f} spent)"
    )
    return plans
