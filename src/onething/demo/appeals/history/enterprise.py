"""无难事、悉心办 (seed 000): "上线至今，平台共收集总留言量307件，其中涉企诉求245件，62条惠企
建议，按时办结率100%" — the messages of the city's enterprises from the platform's launch
(April 2024) to the end of June 2025, routed by the table, each answered within its time
limit and rated. Among them, in March 2025, the 梁溪区 agency's message on agent accounts
that led to the 批量代领 pilot and, in the second quarter, the city-wide change.

The live layer: the messages of the last weeks before the demo's today, the older
answered and rated, the latest still being handled."""

from __future__ import annotations

import datetime as dt
import random

from onething.appeals.models import Appeal, Category
from onething.appeals.selectors.limits import limit_for
from onething.core.generate import credit_code
from onething.core.models import Enterprise
from onething.core.permissions import SYSTEM
from onething.core.services.parties import enterprise_register
from onething.demo.appeals import data

from ...timeline import at, live_now, workday_on_or_after, workdays_ago
from .common import answer, handle, later, rate, reply_text, submit

PROGRAMME = "wunanshi"
DEMANDS, SUGGESTIONS = 245, 62
FIRST_DAY, LAST_DAY = dt.date(2024, 4, 8), dt.date(2025, 6, 30)
AGENCY_DAY = dt.date(2025, 3, 11)  # before the pilot of the second quarter
LIVE_MESSAGES = 8
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


def _plan() -> list[tuple[dt.date, int, str]]:
    """(day, index, type) of the 307 messages in the order they came in; index 0 is the
    agency's demand."""
    types = ["demand"] * DEMANDS + ["suggestion"] * SUGGESTIONS
    rest = types[1:]
    random.Random(2025).shuffle(rest)
    types = ["demand", *rest]
    span = (LAST_DAY - FIRST_DAY).days
    days = [AGENCY_DAY] + [
        FIRST_DAY + dt.timedelta(days=span * n // (len(types) - 1)) for n in range(1, len(types))
    ]
    return sorted(
        (
            (workday_on_or_after(day), n, t)
            for n, (day, t) in enumerate(zip(days, types, strict=True))
        ),
        key=lambda entry: (entry[0], entry[1]),
    )


def _texts(plan: list[tuple[dt.date, int, str]]) -> dict[int, tuple[str, str]]:
    """Each message's title and text, drawn in index order from the pools."""
    counters = {"demand": 0, "suggestion": 0}
    texts = {}
    for _day, index, type_ in sorted(plan, key=lambda entry: entry[1]):
        pool = data.ENTERPRISE_DEMANDS if type_ == "demand" else data.ENTERPRISE_SUGGESTIONS
        texts[index] = pool[counters[type_] % len(pool)]
        counters[type_] += 1
    return texts


def _categories() -> list[tuple[str, tuple[str, ...]]]:
    return [
        (c.code, tuple(k.strip() for k in c.keywords.split(",")))
        for c in Category.objects.filter(path__startswith="/enterprise/").exclude(code="enterprise")
    ]


def _message(
    day: dt.date, index: int, type_: str, title: str, text: str, enterprise_id: int, categories
):
    rng = random.Random(10_000 + index)
    received = at(day, rng.randint(8, 16), rng.randint(0, 59))
    return submit(
        received,
        type=type_,
        channel="platform",
        programme_code=PROGRAMME,
        category_code=_category(categories, title + text),
        title=title,
        text=text,
        enterprise_id=enterprise_id,
    ), rng


def make_fixed() -> int:
    plan = _plan()
    end = at(LAST_DAY, 23, 59)
    done = Appeal.objects.filter(programme__code=PROGRAMME, received_at__lte=end).count()
    if done >= len(plan):
        return 0
    enterprises, categories, texts = _enterprises(), _categories(), _texts(plan)
    for position, (day, index, type_) in enumerate(plan):
        if position < done:
            continue
        title, text = texts[index]
        pick = random.Random(50_000 + index).randrange(len(enterprises))
        appeal, rng = _message(
            day, index, type_, title, text, enterprises[0 if index == 0 else pick].pk, categories
        )
        limit, _warning = limit_for(type_, "normal")
        replied_on = later(day, rng.randint(1, max(1, min(limit, 6))))
        handle(appeal, at(day, 17, 30))
        reply = AGENT_REPLY if index == 0 else reply_text(rng, type_, title)
        answer(appeal, at(replied_on, rng.randint(9, 16)), reply)
        rate(appeal, at(later(replied_on, 1), 10), rng.choice([5, 5, 5, 4, 4, 3]))
    return len(plan) - done


def make_live() -> int:
    """The live weeks' messages: the older answered and rated, the latest being handled
    (taken up, within their limits)."""
    if Appeal.objects.filter(
        programme__code=PROGRAMME, received_at__gt=at(LAST_DAY, 23, 59)
    ).exists():
        return 0  # made once, then it ages
    now = live_now()
    enterprises, categories = _enterprises(), _categories()
    for n in range(LIVE_MESSAGES):
        type_ = "suggestion" if n % 4 == 3 else "demand"
        pool = data.ENTERPRISE_DEMANDS if type_ == "demand" else data.ENTERPRISE_SUGGESTIONS
        title, text = pool[(n * 11 + 5) % len(pool)]
        latest = n >= LIVE_MESSAGES - 2
        day = workdays_ago(1 if latest else 3 * (LIVE_MESSAGES - n) - 2)
        appeal, rng = _message(
            day, 1_000 + n, type_, title, text, enterprises[n % len(enterprises)].pk, categories
        )
        if at(day, 17, 30) <= now:
            handle(appeal, at(day, 17, 30))
        if latest:
            continue  # the latest: being handled
        replied_on = later(day, 2)
        answer(appeal, at(replied_on, 11), reply_text(rng, type_, title))
        if at(later(replied_on, 1), 10) <= now:
            rate(appeal, at(later(replied_on, 1), 10), rng.choice([5, 5, 4]))
    return LIVE_MESSAGES
