"""微幸福 (seed 003): the items citizens posed through the 12345 微幸福 line (出题点菜).

The history, as of the seed ("截至2021年12月 … 征集民生事项1291件，超95%事项已办结，满意率
100%"): 1,291 items from the programme's start in October 2020 to the end of 2021, routed by
the table; 1,244 of them closed by the end of 2021 with a satisfied follow-up (a few only
after a reopening), the 47 of the last weeks closed in January 2022. The seed's stories
each once, in their place (``data.STORIES``), made small projects; six numbered supervision
batches (第一批 … 第六批, the stairwell of 新渎社区 on the fourth).

The live layer: the items of the last three weeks before the demo's today — some answered
and rated, the rest being handled (due soon, overdue, waiting for dispatch) — on a
supervision batch of their own."""

from __future__ import annotations

import datetime as dt
import random

from onething.appeals.models import Appeal, SupervisionBatch
from onething.appeals.selectors.limits import limit_for
from onething.appeals.services.projects import milestone_record, project_create
from onething.appeals.services.supervision import batch_add, batch_create
from onething.core import clock
from onething.core.generate import chinese_name, mobile
from onething.core.permissions import SYSTEM

from ...timeline import at, live_now, workday_on_or_after, workdays_ago
from .. import data
from .common import answer, handle, later, rate, reply_text, submit

PROGRAMME = "weixingfu"
TOTAL, OPEN_AT_END = 1291, 47  # 1,244 closed by the end of 2021: 96.4% done
FIRST_DAY, LAST_DAY = dt.date(2020, 10, 12), dt.date(2021, 12, 31)
LAST_CLOSED_DAY = dt.date(2021, 12, 3)  # the items received after it were closed in 2022
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
# number, the day it is set up
BATCHES = [
    (1, dt.date(2020, 12, 7)),
    (2, dt.date(2021, 1, 25)),
    (3, dt.date(2021, 3, 8)),
    (4, dt.date(2021, 4, 19)),
    (5, dt.date(2021, 7, 12)),
    (6, dt.date(2021, 10, 11)),
]
PER_BATCH = 18
LIVE_ITEMS = 14
SEQUENCE = "一二三四五六七八九十"


def _type(rng: random.Random) -> str:
    roll = rng.random()
    return "demand" if roll < 0.85 else "suggestion" if roll < 0.95 else "complaint"


def _batch_title(number: int) -> str:
    name = SEQUENCE[number - 1] if number <= len(SEQUENCE) else str(number)
    return f"微幸福第{name}批督办事项"


# --- the plan (pure) -------------------------------------------------------------------


def plan() -> list[tuple[dt.date, str, dict]]:
    """(day received, kind, what) of the 1,291 items in the order they came in: kind is
    ``story`` (data.STORIES[i]), ``placed`` (data.PLACED[i]) or ``item`` (a generic one)."""
    stories = [
        (dt.date.fromisoformat(s["received"]), "story", {"i": i})
        for i, s in enumerate(data.STORIES)
    ]
    placed = [
        (dt.date(2021, 3, 15) + dt.timedelta(days=97 * i), "placed", {"i": i})
        for i in range(len(data.PLACED))
    ]
    generic = TOTAL - len(stories) - len(placed)
    closed = generic - OPEN_AT_END
    span = (LAST_CLOSED_DAY - FIRST_DAY).days
    items = [
        (FIRST_DAY + dt.timedelta(days=span * n // closed), "item", {"i": n}) for n in range(closed)
    ]
    late = (LAST_DAY - LAST_CLOSED_DAY).days
    items += [
        (
            LAST_CLOSED_DAY + dt.timedelta(days=1 + late * n // OPEN_AT_END),
            "item",
            {"i": closed + n},
        )
        for n in range(OPEN_AT_END)
    ]
    return sorted(stories + placed + items, key=lambda entry: (entry[0], entry[1], entry[2]["i"]))


# --- the history -----------------------------------------------------------------------


def _story(spec: data.Story, rng: random.Random) -> Appeal:
    day = dt.date.fromisoformat(spec["received"])
    appeal = submit(
        at(day, 9, 30),
        type="demand",
        channel="hotline",
        programme_code=PROGRAMME,
        category_code=spec["category"],
        title=spec["title"],
        text=spec["text"],
        region_code=spec["region"],
        contact_name=spec["contact"],
        contact_phone=mobile(rng),
    )
    handle(appeal, at(later(day, 1), 9))
    milestones = [
        (stage, dt.date.fromisoformat(p), dt.date.fromisoformat(d))
        for stage, p, d in spec["milestones"]
    ]
    with clock.frozen(at(milestones[0][1], 10)):
        project = project_create(
            actor=SYSTEM,
            number=appeal.number,
            name=spec["project_name"],
            budget_fen=spec["budget_fen"],
            planned={s: p for s, p, _d in milestones},
        )
    answer(
        appeal,
        at(milestones[0][2], 17),
        f"您反映的问题已立项为“{spec['project_name']}”，计划{milestones[-1][1]:%m月%d日}前完工，"
        "进展可在本诉求页面查看。",
    )
    for stage, _planned, done in milestones:
        with clock.frozen(at(done, 17, 30)):
            milestone_record(actor=SYSTEM, project_id=project.pk, stage=stage, done_on=done)
    rate(appeal, at(later(milestones[-1][2], 1), 10), 5, "效率很高，感谢！")
    return appeal


def _item(day: dt.date, title: str, text: str, category: str, region: str, n: int) -> Appeal:
    """One item's whole life: received, accepted, answered, followed up (closed in time
    unless it came in after LAST_CLOSED_DAY, then early in 2022)."""
    rng = random.Random(20_000 + n)
    type_ = _type(rng)
    day = workday_on_or_after(day)
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
    handle(appeal, at(later(day, 1), 9))
    limit, _warning = limit_for(type_, "normal")
    if day > LAST_CLOSED_DAY:  # answered after the new year
        replied_on = workday_on_or_after(LAST_DAY + dt.timedelta(days=4 + n % 12))
    else:
        replied_on = later(day, rng.randint(2, max(2, min(limit, 9))))
    answer(appeal, at(replied_on, rng.randint(9, 16)), reply_text(rng, type_, title))
    if n % 97 == 13 and day <= LAST_CLOSED_DAY:  # not satisfied at first: reopened
        rate(appeal, at(later(replied_on, 1), 10), 2, "问题没有彻底解决")
        again = later(replied_on, rng.randint(2, 4))
        answer(appeal, at(again, 15), reply_text(rng, type_, title))
        rate(appeal, at(later(again, 1), 10), 4, "复查后已解决")
    else:
        rate(appeal, at(later(replied_on, 1), 10), rng.choice([5, 5, 5, 5, 4, 4, 3]))
    return appeal


def _batches() -> None:
    stairwell = data.STORIES[0]
    for number, day in BATCHES:
        if SupervisionBatch.objects.filter(programme__code=PROGRAMME, number=number).exists():
            continue
        with clock.frozen(at(day, 9)):
            batch = batch_create(
                actor=SYSTEM,
                number=number,
                title=_batch_title(number),
                deadline=later(day, 20),
                programme_code=PROGRAMME,
                region_code="320200",
            )
            picked = list(
                Appeal.objects.filter(programme__code=PROGRAMME, received_at__lt=at(day, 0))
                .order_by("-received_at")
                .values_list("number", flat=True)[:PER_BATCH]
            )
            if stairwell["batch"] == number:  # the stairwell of 新渎社区
                own = Appeal.objects.get(
                    programme__code=PROGRAMME,
                    title=stairwell["title"],
                    received_at__date=dt.date.fromisoformat(stairwell["received"]),
                ).number
                picked = [own, *[n for n in picked if n != own][: PER_BATCH - 1]]
            batch_add(actor=SYSTEM, batch_id=batch.pk, numbers=picked, note="请按期办结并回访")


def make_fixed() -> int:
    """The items of 2020–2021 not made yet (counted by their day), then the batches."""
    end = at(LAST_DAY, 23, 59)
    done = Appeal.objects.filter(programme__code=PROGRAMME, received_at__lte=end).count()
    entries = plan()
    generic = data.CITIZEN_ITEMS
    for n, (day, kind, what) in enumerate(entries):
        if n < done:
            continue
        rng = random.Random(30_000 + n)
        if kind == "story":
            _story(data.STORIES[what["i"]], rng)
        elif kind == "placed":
            title, text, category, region = data.PLACED[what["i"]]
            _item(day, title, text, category, region, n)
        else:
            title, text, category = generic[what["i"] % len(generic)]
            _item(day, title, text, category, rng.choice(REGIONS), n)
    _batches()
    return len(entries) - done


# --- the live layer --------------------------------------------------------------------


def make_live() -> int:
    """The last three weeks' items: the older answered and rated, the rest being handled
    (some due soon or overdue, the newest dispatched and not taken up yet); a batch of its
    own."""
    now = live_now()
    later_ones = Appeal.objects.filter(
        programme__code=PROGRAMME, received_at__gt=at(LAST_DAY, 23, 59)
    )
    if later_ones.exists():
        return 0  # made once, then it ages
    made = []
    generic = data.CITIZEN_ITEMS
    for n in range(LIVE_ITEMS):
        rng = random.Random(40_000 + n)
        day = workdays_ago(LIVE_ITEMS + 1 - n)
        title, text, category = generic[(n * 7) % len(generic)]
        type_ = _type(rng)
        received = at(day, 9 + n % 8, rng.randint(0, 59))
        appeal = submit(
            received,
            type=type_,
            channel="hotline",
            programme_code=PROGRAMME,
            category_code=category,
            title=title,
            text=text,
            region_code=rng.choice(REGIONS),
            contact_name=chinese_name(rng),
            contact_phone=mobile(rng),
        )
        made.append(appeal.number)
        if n < 5:  # answered and rated
            handle(appeal, at(later(day, 1), 9))
            replied = later(day, 3)
            answer(appeal, at(replied, 15), reply_text(rng, type_, title))
            if at(later(replied, 1), 10) <= now:
                rate(appeal, at(later(replied, 1), 10), rng.choice([5, 5, 4]))
        elif n < LIVE_ITEMS - 2:  # being handled: the older overdue, the newer due soon
            handle(appeal, at(later(day, 1), 9) if later(day, 1) < now.date() else received)
    number = (SupervisionBatch.objects.filter(programme__code=PROGRAMME).count() or 0) + 1
    with clock.frozen(at(workdays_ago(2), 9)):
        batch = batch_create(
            actor=SYSTEM,
            number=number,
            title=_batch_title(number),
            deadline=later(workdays_ago(2), 20),
            programme_code=PROGRAMME,
            region_code="320200",
        )
        open_ones = list(
            Appeal.objects.filter(number__in=made, status__in=("dispatched", "handling"))
            .order_by("received_at")
            .values_list("number", flat=True)
        )
        batch_add(actor=SYSTEM, batch_id=batch.pk, numbers=open_ones, note="请按期办结并回访")
    return len(made)
