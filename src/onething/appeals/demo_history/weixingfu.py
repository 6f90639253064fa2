"""微幸福 (seed 003): 1,291 items posed by citizens through the 12345 微幸福 line (出题点菜),
routed by the table; over 95% answered and closed with a satisfied follow-up (a few only
after a reopening), the latest still being handled. Four numbered supervision batches
(第一批 … 第四批, the stairwell on the fourth) and a fifth open one; the two featured items
became projects (立项 → 招标 → 施工 → 完工) before their reply."""

from __future__ import annotations

import datetime as dt
import random

from onething.core import clock
from onething.core.generate import chinese_name, mobile
from onething.core.permissions import SYSTEM

from .. import demo_data as data
from ..models import Appeal, SupervisionBatch
from ..services.common import limit_for
from ..services.projects import milestone_record, project_create
from ..services.supervision import batch_add, batch_create
from .common import answer, at, handle, later, rate, reply_text, submit, workday_on_or_after

PROGRAMME = "weixingfu"
TOTAL, OPEN = 1291, 47  # 1,244 closed: 96.4% done
FIRST_DAY, LAST_CLOSED_DAY = dt.date(2024, 3, 4), dt.date(2026, 10, 23)
REGIONS = [
    "320211102",
    "320213006",
    "320206002",
    "320205102",
    "320281009",
    "320282107",
    "320213",
    "320206",
    "320211",
    "320214",
]
FEATURED_DAYS = [dt.date(2025, 9, 1), dt.date(2025, 4, 7)]
# number, title, the day it is set up, the span of reception days its items come from
BATCHES = [
    (1, "微幸福第一批督办事项", dt.date(2024, 6, 3)),
    (2, "微幸福第二批督办事项", dt.date(2024, 11, 4)),
    (3, "微幸福第三批督办事项", dt.date(2025, 2, 10)),
    (4, "微幸福第四批督办事项", dt.date(2025, 4, 14)),
]
PER_BATCH = 18


def _type(rng: random.Random) -> str:
    roll = rng.random()
    return "demand" if roll < 0.85 else "suggestion" if roll < 0.95 else "complaint"


def _received(index: int, today: dt.date) -> dt.date:
    if index < len(FEATURED_DAYS):
        return FEATURED_DAYS[index]
    closed = TOTAL - OPEN
    if index < closed:
        span = (LAST_CLOSED_DAY - FIRST_DAY).days
        return FIRST_DAY + dt.timedelta(days=span * index // closed)
    return today - dt.timedelta(days=(TOTAL - index) % 4)  # the latest: still being handled


def _featured(appeal: Appeal, index: int, rng: random.Random) -> None:
    spec = data.FEATURED_PROJECTS[index]
    milestones = [
        (s, dt.date.fromisoformat(p), d and dt.date.fromisoformat(d))
        for s, p, d in spec["milestones"]
    ]
    with clock.frozen(at(milestones[0][1], 10)):
        project = project_create(
            actor=SYSTEM,
            number=appeal.number,
            name=spec["project_name"],
            budget_fen=spec["budget_fen"],
            planned={s: p for s, p, _d in milestones},
        )
    approved = milestones[0][2]
    answer(
        appeal,
        at(approved, 17),
        f"您反映的问题已立项为“{spec['project_name']}”，计划{milestones[-1][1]:%m月%d日}前完工，"
        "进展可在本诉求页面查看。",
    )
    for stage, _planned, done in milestones:
        if done:
            with clock.frozen(at(done, 17, 30)):
                milestone_record(actor=SYSTEM, project_id=project.pk, stage=stage, done_on=done)
    finished = milestones[-1][2]
    rate(appeal, at(later(finished, 1), 10), 5, "效率很高，感谢！")


def _one(index: int, today: dt.date) -> Appeal:
    rng = random.Random(20_000 + index)
    if index < len(data.FEATURED_PROJECTS):
        spec = data.FEATURED_PROJECTS[index]
        title, text, category, region, type_ = (
            spec["title"],
            spec["text"],
            spec["category"],
            spec["region"],
            "demand",
        )
    else:
        items = data.CITIZEN_ITEMS[len(data.FEATURED_PROJECTS) :]
        title, text, category = items[index % len(items)]
        region, type_ = rng.choice(REGIONS), _type(rng)
    day = workday_on_or_after(_received(index, today))
    appeal = submit(
        at(day, rng.randint(8, 19), rng.randint(0, 59)),
        type=type_,
        channel="hotline",
        programme_code=PROGRAMME,
        category_code=category,
        title=title,
        text=text,
        region_code=region,
        contact_name=chinese_name(rng),
        contact_phone=mobile(rng),
    )
    if index >= TOTAL - OPEN:
        if index % 2 and day < today:
            handle(appeal, at(day, 17, 40))
        return appeal
    handle(appeal, at(later(day, 1) if day.weekday() < 5 else day, 9))
    if index < len(data.FEATURED_PROJECTS):
        _featured(appeal, index, rng)
        return appeal
    limit, _warning = limit_for(type_, "normal")
    replied_on = later(day, rng.randint(2, max(2, min(limit, 9))))
    answer(appeal, at(replied_on, rng.randint(9, 16)), reply_text(rng, type_, title))
    if index % 97 == 13:  # not satisfied at first: reopened, answered again, then satisfied
        rate(appeal, at(later(replied_on, 1), 10), 2, "问题没有彻底解决")
        again = later(replied_on, rng.randint(2, 4))
        answer(appeal, at(again, 15), reply_text(rng, type_, title))
        rate(appeal, at(later(again, 1), 10), 4, "复查后已解决")
    else:
        rate(appeal, at(later(replied_on, 1), 10), rng.choice([5, 5, 5, 5, 4, 4, 3]))
    return appeal


def _batches() -> None:
    for number, title, day in BATCHES:
        if SupervisionBatch.objects.filter(programme__code=PROGRAMME, number=number).exists():
            continue
        with clock.frozen(at(day, 9)):
            batch = batch_create(
                actor=SYSTEM,
                number=number,
                title=title,
                deadline=later(day, 20),
                programme_code=PROGRAMME,
                region_code="320200",
            )
            picked = list(
                Appeal.objects.filter(programme__code=PROGRAMME, received_at__lt=at(day, 0))
                .order_by("-received_at")
                .values_list("number", flat=True)[:PER_BATCH]
            )
            if number == 4:  # the stairwell of 新渎社区 (reported 2025-04-07)
                stairwell = Appeal.objects.get(
                    programme__code=PROGRAMME,
                    title=data.FEATURED_PROJECTS[1]["title"],
                    received_at__date=FEATURED_DAYS[1],
                ).number
                others = [n for n in picked if n != stairwell]
                picked = [stairwell, *others[: PER_BATCH - 1]]
            batch_add(actor=SYSTEM, batch_id=batch.pk, numbers=picked, note="请按期办结并回访")
    if not SupervisionBatch.objects.filter(programme__code=PROGRAMME, number=5).exists():
        today = clock.today()
        batch = batch_create(
            actor=SYSTEM,
            number=5,
            title="微幸福第五批督办事项",
            deadline=later(today, 20),
            programme_code=PROGRAMME,
            region_code="320200",
        )
        latest = Appeal.objects.filter(programme__code=PROGRAMME).order_by("-received_at")
        batch_add(
            actor=SYSTEM,
            batch_id=batch.pk,
            numbers=list(latest.values_list("number", flat=True)[:12]),
        )


def make() -> int:
    done = Appeal.objects.filter(programme__code=PROGRAMME).count()
    today = clock.today()
    for index in range(done, TOTAL):
        _one(index, today)
    _batches()
    return TOTAL - done
