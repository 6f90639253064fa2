"""City-scale appeals, generated fast (``python -m onething generate --appeals N`` or
``--city``): the 12345 hotline's and the platforms' appeals over the last months, with
realistic shares of channels, types and programmes, seasons and growth, the departments
the routing table sends them to, replies in working days (a few late), follow-ups and
ratings; the latest still open, some overdue. Written by core's bulk writer (COPY on
PostgreSQL), numbered ``GA<run>-…`` so they never meet the services' numbers, without
personal data; the roll-ups are rebuilt at the end. Drawing is pure and seeded."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count

from onething.core import clock
from onething.core.bulk import checks_deferred, reserve_ids, settle, write_rows
from onething.core.models import Enterprise, Person, Region
from onething.core.selectors.calendar import official_calendar
from onething.core.services.numbering import next_in_sequence
from onething.core.workdays import WorkdayTable

from . import rules
from .models import Appeal, Category, Programme, Reply, RoutingRule
from .services.tallies import appeal_tallies_rebuild

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUN_SEQUENCE = "appeals:generator-run"
COLUMNS = tuple(f.attname for f in Appeal._meta.concrete_fields)
CHANNELS = {"hotline": 0.58, "platform": 0.14, "web": 0.16, "staff": 0.05, "open311": 0.07}
TYPES = {"demand": 0.68, "suggestion": 0.14, "inquiry": 0.12, "complaint": 0.06}
RATING_WEIGHTS = {5: 0.55, 4: 0.27, 3: 0.11, 2: 0.05, 1: 0.02}
SEASON = {1: 0.85, 2: 0.7, 3: 1.0, 4: 1.0, 5: 1.05, 6: 1.15, 7: 1.25, 8: 1.2, 9: 1.0}
SEASON |= {10: 0.9, 11: 0.95, 12: 1.0}
GROWTH_PER_YEAR = 0.12
LATE = 0.03
PUBLISHED = 0.85  # the requester lets the appeal go on the public board
PUBLIC_REPLY = 0.9  # the department's reply may be shown there
TITLE, TEXT = "城市管理问题", "（生成的诉求，用于容量测试）"
BOARD_TEXT = rules.board_search_text(TITLE, TEXT)
REPLY_TEXTS = (
    "已联系诉求人并现场核实，问题已处理完毕。",
    "经核查，相关情况已转交属地街道落实整改，感谢您的监督。",
    "已按政策规定答复诉求人，并告知后续办理渠道。",
    "问题已纳入近期维修计划，预计两周内完成。",
)
DEFAULTS = {  # the columns a generated appeal leaves blank (others: NULL)
    name: ""
    for name in (
        "address",
        "contact_name",
        "contact_phone_cipher",
        "contact_phone_digest",
        "contact_phone_masked",
        "contact_email",
    )
}
REPLY_COLUMNS = tuple(f.attname for f in Reply._meta.concrete_fields)
DEFER_CHECKS_FROM = 200_000


@dataclass
class AppealsReport:
    run: int = 0
    appeals: int = 0
    replies: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    tallies: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class World:
    """What generated appeals are made of, read once from the directory."""

    categories: list[int]
    programmes: dict[str, int]
    regions: list[int]
    departments: list[int]
    people: list[int]  # requesters (a sample of the registry)
    enterprises: list[int]


def world() -> World:
    categories = list(
        Category.objects.filter(children__isnull=True).values_list("pk", flat=True).distinct()
    )
    regions = list(Region.objects.filter(level__in=("town", "county")).values_list("pk", flat=True))
    departments = [
        r["department_id"]
        for r in RoutingRule.objects.values("department_id").annotate(n=Count("id"))
        if r["department_id"]
    ]
    if not (categories and regions and departments):
        raise ValueError("The appeals directory is missing: run `python -m onething demo` first.")
    programmes = dict(Programme.objects.values_list("code", "pk"))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:20_000])
    enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:5_000])
    return World(categories, programmes, regions, departments, people, enterprises)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


class Days:
    """The days appeals come in on over the last ``months``: seasonal, growing."""

    def __init__(self, today: dt.date, months: int):
        first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
        self.days = [first + dt.timedelta(days=n) for n in range((today - first).days)]
        weights = [
            SEASON[d.month] * (1 + GROWTH_PER_YEAR) ** (-(today - d).days / 365.25)
            for d in self.days
        ]
        self.cumulative = list(accumulate(weights))

    def draw(self, rng: random.Random) -> dt.date:
        return rng.choices(self.days, cum_weights=self.cumulative)[0]


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    minute = rng.randrange(7 * 60, 22 * 60)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), SHANGHAI)


def draw(
    rng: random.Random, n: int, start: int, run: int, w: World, days: Days, table, now
) -> list[tuple]:
    """``n`` appeal rows (in COLUMNS order, their ids left for the caller) and, for each,
    its reply (department, public, at) or None."""
    today = now.astimezone(SHANGHAI).date()
    rows: list[tuple] = []
    replies: list[tuple | None] = []
    for i in range(n):
        day = days.draw(rng)
        received = _moment(day, rng)
        channel = _weighted(rng, CHANNELS)
        type_ = _weighted(rng, TYPES)
        programme = None
        if channel == "platform":
            programme = w.programmes.get("wunanshi")
        elif rng.random() < 0.1:
            programme = w.programmes.get("weixingfu")
        limit = rules.limit_days(type_, "normal")
        due = table.add(day, limit)
        department = rng.choice(w.departments)
        age = (today - day).days
        status, first_replied, on_time, reply_days, closed, rating = (
            "handling",
            None,
            None,
            None,
            None,
            None,
        )
        roll = rng.random()
        if age <= 0 and roll < 0.5:
            status, department = "received", None
        elif age > 2 or roll < 0.5:
            late = rng.random() < LATE
            reply_days = (
                limit + rng.randrange(1, 6) if late else rng.randrange(1, max(2, limit + 1))
            )
            replied_day = table.add(day, reply_days).date
            if replied_day <= today:
                first_replied = _moment(replied_day, rng)
                on_time = replied_day <= due.date
                status = "replied"
                rated_day = table.add(replied_day, rng.randrange(1, 4)).date
                if rated_day <= today and rng.random() < 0.92:
                    status, rating = "closed", _weighted(rng, RATING_WEIGHTS)
                    closed = max(_moment(rated_day, rng), first_replied + dt.timedelta(minutes=5))
        enterprise = person = None
        if channel == "platform":
            enterprise = rng.choice(w.enterprises) if w.enterprises else None
        elif w.people and rng.random() < 0.7:
            person = rng.choice(w.people)
        publish = rng.random() < PUBLISHED
        public_reply = bool(first_replied) and rng.random() < PUBLIC_REPLY
        values = {
            "number": f"GA{run}-{day:%Y%m%d}-{start + i + 1:08d}",
            "type": type_,
            "channel": channel,
            "urgency": "normal",
            "programme_id": programme,
            "category_id": rng.choice(w.categories),
            "title": TITLE,
            "text": TEXT,
            "region_id": rng.choice(w.regions),
            "person_id": person,
            "enterprise_id": enterprise,
            "publish": publish,
            "on_board": publish and public_reply,
            "board_text": BOARD_TEXT if publish and public_reply else "",
            "department_id": department,
            "status": status,
            "received_at": received,
            "due_date": due.date,
            "due_provisional": due.provisional,
            "due_from": day,
            "due_days": limit,
            "round": 1,
            "first_replied_at": first_replied,
            "replied_at": first_replied,
            "replied_on_time": on_time,
            "reply_working_days": reply_days if first_replied else None,
            "closed_at": closed,
            "rating": rating,
            "updated_at": closed or first_replied or received,
        }
        unknown = set(values) - set(COLUMNS)
        if unknown:
            raise RuntimeError(f"not columns of an appeal: {sorted(unknown)}")
        rows.append(tuple(values.get(c, DEFAULTS.get(c)) for c in COLUMNS))
        replies.append((department, public_reply, first_replied) if first_replied else None)
    return rows, replies


def _reply_row(pk: int, appeal_id: int, reply: tuple, rng: random.Random) -> tuple:
    department, public, at = reply
    values = {
        "id": pk,
        "appeal_id": appeal_id,
        "round": 1,
        "department_id": department,
        "text": rng.choice(REPLY_TEXTS),
        "public": public,
        "by_id": None,
        "at": at,
    }
    return tuple(values[c] for c in REPLY_COLUMNS)


def appeals_generate(
    *,
    appeals: int,
    months: int = 36,
    seed: int | None = None,
    chunk: int = 50_000,
    log: Callable[[str], None] = lambda _m: None,
) -> AppealsReport:
    """Add ``appeals`` generated appeals over the last ``months`` months, then rebuild the
    roll-ups (and VACUUM ANALYZE on PostgreSQL)."""
    if appeals < 1 or not 1 <= months <= 120 or chunk < 1:
        raise ValueError("appeals ≥ 1, months from 1 to 120, chunk ≥ 1")
    if COLUMNS[0] != "id":
        raise RuntimeError("the generator writes the id first")
    rng = random.Random(seed)
    now = clock.now()
    today = clock.today()
    report = AppealsReport()
    with transaction.atomic():
        report.run = next_in_sequence(RUN_SEQUENCE)
        w = world()
        days = Days(today, months)
        table = WorkdayTable(days.days[0], today + dt.timedelta(days=120), official_calendar())
        started = time.perf_counter()
        with checks_deferred([Appeal, Reply] if appeals >= DEFER_CHECKS_FROM else []):
            while report.appeals < appeals:
                n = min(chunk, appeals - report.appeals)
                rows, replies = draw(rng, n, report.appeals, report.run, w, days, table, now)
                ids = reserve_ids(Appeal, n)
                rows = [(pk, *row[1:]) for pk, row in zip(ids, rows, strict=True)]
                for row in rows:
                    status = row[COLUMNS.index("status")]
                    report.statuses[status] = report.statuses.get(status, 0) + 1
                write_rows(Appeal, COLUMNS, rows)
                answered = [(pk, r) for pk, r in zip(ids, replies, strict=True) if r]
                reply_ids = reserve_ids(Reply, len(answered))
                write_rows(
                    Reply,
                    REPLY_COLUMNS,
                    [
                        _reply_row(rid, pk, reply, rng)
                        for rid, (pk, reply) in zip(reply_ids, answered, strict=True)
                    ],
                )
                report.replies += len(answered)
                report.appeals += n
                rate = report.appeals / (time.perf_counter() - started)
                log(f"  {report.appeals:,} of {appeals:,} appeals ({rate:,.0f} rows/s)")
        report.phases["appeals written"] = time.perf_counter() - started
        t0 = time.perf_counter()
        report.tallies = appeal_tallies_rebuild()
        report.phases["appeal roll-ups rebuilt"] = time.perf_counter() - t0
    settle(["appeals_appeal", "appeals_reply", "appeals_appealtally", "appeals_appealduetally"])
    return report
