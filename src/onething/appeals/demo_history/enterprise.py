"""无难事、悉心办 (seed 000): 307 messages of the city's enterprises — 245 demands and 62
suggestions — routed by the table, each answered within its time limit and rated. The
first is the agency's message that changed the registration process city-wide."""

from __future__ import annotations

import datetime as dt
import random

from onething.core.generate import credit_code
from onething.core.models import Enterprise
from onething.core.permissions import SYSTEM
from onething.core.services.parties import enterprise_register

from .. import demo_data as data
from ..models import Appeal, Category
from ..services.common import limit_for
from .common import answer, at, handle, later, rate, reply_text, submit, workday_on_or_after

PROGRAMME = "wunanshi"
DEMANDS, SUGGESTIONS = 245, 62
FIRST_DAY, LAST_DAY = dt.date(2025, 1, 6), dt.date(2026, 10, 30)
AGENT_REPLY = (
    "您好！您反映的代办账号一次只能办理一家企业登记的问题已收悉。市数据局会同市场监管部门已优化"
    "全市登记系统：代理记账机构经备案后，其代办人员可同时为多家企业提交登记申请，并可批量代领"
    "营业执照。该做法已在梁溪区试点后全市推开，感谢您的建议！"
)
# (place, trade words, industry, size): the enterprises the messages come from
PLACES = [
    ("320211102", "胡埭"),
    ("320213006", "清名桥"),
    ("320206002", "堰桥"),
    ("320205102", "东港"),
    ("320281009", "申港"),
    ("320282107", "万石"),
]
TRADES = [
    ("精工机械", "通用设备制造", "small"),
    ("新材料科技", "新材料制造", "medium"),
    ("电子科技", "电子元器件制造", "small"),
    ("纺织印染", "纺织业", "medium"),
    ("食品", "食品制造", "small"),
    ("物流", "道路货物运输", "small"),
    ("文化传媒", "文化旅游", "micro"),
    ("餐饮管理", "餐饮", "micro"),
    ("环保科技", "环保设备制造", "small"),
    ("智能装备", "专用设备制造", "medium"),
]
MORE_ENTERPRISES = 30


def _enterprises() -> list[Enterprise]:
    rng = random.Random(307)
    for index in range(MORE_ENTERPRISES):
        region, place = PLACES[index % len(PLACES)]
        trade, industry, size = TRADES[index % len(TRADES)]
        name = (
            f"无锡{place}{trade}有限公司"
            if index < len(TRADES) * 2
            else f"江苏{place}{trade}股份有限公司"
        )
        code = credit_code(rng, region[:6])
        if not Enterprise.objects.filter(name=name).exists():
            enterprise_register(
                actor=SYSTEM,
                name=name,
                credit_code=code,
                region_code=region,
                address=f"{place}工业园区{index + 1}号",
                industry=industry,
                size=size,
            )
    return list(
        Enterprise.objects.filter(region__path__startswith="/320000/320200/").order_by("id")
    )


def _category(codes: list[tuple[str, tuple[str, ...]]], text: str) -> str:
    for code, keywords in codes:
        if any(k and k in text for k in keywords):
            return code
    return "enterprise"


def _plan() -> list[str]:
    types = ["demand"] * DEMANDS + ["suggestion"] * SUGGESTIONS
    rest = types[1:]
    random.Random(2025).shuffle(rest)
    return ["demand", *rest]  # the agency's demand first


def make() -> int:
    plan = _plan()
    done = Appeal.objects.filter(programme__code=PROGRAMME).count()
    if done >= len(plan):
        return 0
    enterprises = _enterprises()
    categories = [
        (c.code, tuple(k.strip() for k in c.keywords.split(",")))
        for c in Category.objects.filter(path__startswith="/enterprise/").exclude(code="enterprise")
    ]
    span = (LAST_DAY - FIRST_DAY).days
    counters = {"demand": 0, "suggestion": 0}
    for index, type_ in enumerate(plan):
        rng = random.Random(10_000 + index)
        pool = data.ENTERPRISE_DEMANDS if type_ == "demand" else data.ENTERPRISE_SUGGESTIONS
        title, text = pool[counters[type_] % len(pool)]
        counters[type_] += 1
        if index < done:
            continue
        day = workday_on_or_after(FIRST_DAY + dt.timedelta(days=span * index // len(plan)))
        received = at(day, rng.randint(8, 16), rng.randint(0, 59))
        appeal = submit(
            received,
            type=type_,
            channel="platform",
            programme_code=PROGRAMME,
            category_code=_category(categories, title + text),
            title=title,
            text=text,
            enterprise_id=enterprises[0 if index == 0 else rng.randrange(len(enterprises))].pk,
        )
        limit, _warning = limit_for(type_, "normal")
        replied_on = later(day, rng.randint(1, max(1, min(limit, 6))))
        handle(appeal, at(day, 17, 30))
        reply = AGENT_REPLY if index == 0 else reply_text(rng, type_, title)
        answer(appeal, at(replied_on, rng.randint(9, 16)), reply)
        rate(appeal, at(later(replied_on, 1), 10), rng.choice([5, 5, 5, 4, 4, 3]))
    return len(plan) - done
