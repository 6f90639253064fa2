"""How a cohort of the history filled its places, drawn (pure: no database): the
applications over the window, the withdrawn ones, the screening (初筛), two interviews for
each application that passed it, the ranking, the first round of offers (a few declined,
a few not answered in time), the waiting list moving up in a second round until every
place is taken, and the rest not selected when the class starts.

The people are indexes into the history's list of applicants (``Applicant``): most apply
once, a few apply again to a later cohort after not getting a place."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ..timeline import at
from . import data

STAFF, TEACHER = data.STAFF, data.TEACHER
REJECT_NOTES = (
    "专业方向与实训方向不对口",
    "成绩单未体现相关课程基础",
    "个人陈述与报名方向不符",
    "毕业年份不在招生范围",
)


@dataclass
class Applicant:
    """A person who applied (their first application registered them)."""

    university: str
    major: str
    degree: str
    graduation_year: int
    first_applied: dt.datetime
    account: str | None = None  # a demo account's username


@dataclass
class Planned:
    """One application as it ended (as of the class's first day)."""

    person: int  # index into the applicants
    first_track: str
    second_track: str | None
    submitted_at: dt.datetime
    status: str = "submitted"
    screened_at: dt.datetime | None = None
    screening_note: str = ""
    interviews: list[tuple[str, Decimal, dt.datetime]] = field(default_factory=list)
    score: Decimal | None = None
    track: str | None = None
    offered_at: dt.datetime | None = None
    offer_deadline: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    steps: list[tuple[str, str, dt.datetime, str | None, str]] = field(default_factory=list)
    enrolled: bool = False

    def step(
        self, action: str, status: str, when: dt.datetime, who: str | None = STAFF, note: str = ""
    ) -> None:
        self.status = status
        self.steps.append((action, status, when, who, note))


def _moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(max(seconds, 1)))


class Weighted:
    """Drawing one of a few names by weight, fast (the cumulative weights made once)."""

    def __init__(self, weights: dict[str, float]):
        self.names = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


def draw_applicant(
    rng: random.Random,
    plan: data.CohortPlan,
    track: str,
    universities: dict[str, float],
    when: dt.datetime,
) -> Applicant:
    degree = rng.choices(*zip(*data.DEGREE_SHARES, strict=True))[0]
    return Applicant(
        university=universities.draw(rng),
        major=rng.choice(data.MAJORS[track]),
        degree=degree,
        graduation_year=plan.starts_on.year + rng.randrange(4 if degree != "doctorate" else 3),
        first_applied=when,
    )


def plan_cohort(
    rng: random.Random,
    plan: data.CohortPlan,
    tracks: list[str],
    universities: dict[str, float],
    applicants: list[Applicant],
    again: list[int],
) -> list[Planned]:
    """The applications of ``plan``'s cohort, in the order submitted. New applicants are
    appended to ``applicants``; ``again`` holds those who may apply again (people not given
    a place), and is updated."""
    opens, closes = at(plan.opens, 9), at(plan.closes, 18)
    times = sorted(_moment(rng, opens, closes) for _ in range(plan.applications))
    weights = Weighted({t: (1.3 if t == "ai-chip" else 1.0) for t in tracks})
    where = Weighted(universities)
    eligible = [p for p in again if applicants[p].graduation_year >= plan.starts_on.year]
    rng.shuffle(eligible)
    reapply = eligible[: int(plan.applications * data.REAPPLY_SHARE)]
    reapplying = set(rng.sample(range(plan.applications), len(reapply)))
    pool = iter(reapply)
    planned: list[Planned] = []
    for n, when in enumerate(times):
        first = weights.draw(rng)
        others = [t for t in tracks if t != first]
        second = rng.choice(others) if others and rng.random() < 0.6 else None
        if n in reapplying:
            person = next(pool)
        else:
            applicants.append(draw_applicant(rng, plan, first, where, when))
            person = len(applicants) - 1
        app = Planned(person, first, second, when)
        account = applicants[person].account
        app.step("submit", "submitted", when, account, "")
        planned.append(app)
    taken = set(reapply)
    again[:] = [p for p in again if p not in taken]
    _screen(rng, plan, planned)
    ranked = _interview(rng, plan, planned)
    _offer(rng, plan, ranked)
    again += [a.person for a in planned if not a.enrolled]
    return planned


def _screen(rng: random.Random, plan: data.CohortPlan, planned: list[Planned]) -> None:
    closes = at(plan.closes, 18)
    for app in planned:
        draw = rng.random()
        if draw < data.WITHDRAWN_SHARE:
            when = min(app.submitted_at + dt.timedelta(hours=rng.randint(2, 96)), closes)
            app.step("withdraw", "withdrawn", when, None, "个人原因，放弃报名")
            continue
        when = min(app.submitted_at + dt.timedelta(hours=rng.randint(20, 120)), closes)
        app.screened_at = when
        if draw < data.WITHDRAWN_SHARE + data.REJECTED_SHARE:
            app.screening_note = rng.choice(REJECT_NOTES)
            app.step("reject", "rejected", when, STAFF, app.screening_note)
        else:
            app.step("screen", "screened", when, STAFF, "")


def _score(rng: random.Random, base: float) -> Decimal:
    value = min(99.0, max(40.0, rng.gauss(base, 4.0)))
    return Decimal(round(value * 2) / 2).quantize(Decimal("0.1"))


def _interview(rng: random.Random, plan: data.CohortPlan, planned: list[Planned]) -> list[Planned]:
    """Two interviews for each application that passed the screening; the ranking."""
    first_day = plan.closes + dt.timedelta(days=2)
    interviewed = [a for a in planned if a.status == "screened"]
    for app in interviewed:
        base = min(97.0, max(45.0, rng.gauss(74.0, 9.0)))
        day = first_day + dt.timedelta(days=rng.randrange(6))
        held = at(day, 9) + dt.timedelta(minutes=20 * rng.randrange(24))
        app.interviews = [
            (STAFF, _score(rng, base), held),
            (TEACHER, _score(rng, base), held),
        ]
        app.score = (sum(s for _w, s, _h in app.interviews) / 2).quantize(Decimal("0.01"))
        app.step("interview", "interviewed", held, STAFF, "")
    interviewed.sort(key=lambda a: (-a.score, a.submitted_at))
    return interviewed


def _answer(rng: random.Random, app: Planned, offered: dt.datetime, accept: bool) -> None:
    when = offered + dt.timedelta(hours=rng.randint(3, 24 * (data.OFFER_DAYS - 1)))
    app.answered_at = when
    if accept:
        app.step("accept", "accepted", when, None, "")
        app.enrolled = True
    else:
        app.step("decline", "declined", when, None, "已接受其他实习安排")


def _offer(rng: random.Random, plan: data.CohortPlan, ranked: list[Planned]) -> None:
    """The first round to the best ``capacity``, the waiting list, the second round filling
    the places declined or not answered, and the rest not selected."""
    first = at(plan.closes + dt.timedelta(days=12), 10)
    deadline = first + dt.timedelta(days=data.OFFER_DAYS)
    offered, waiting = ranked[: plan.capacity], ranked[plan.capacity :]
    missing = 0
    for app in offered:
        app.track, app.offered_at, app.offer_deadline = app.first_track, first, deadline
        app.step("offer", "offered", first)
        draw = rng.random()
        if draw < data.DECLINE_SHARE:
            _answer(rng, app, first, accept=False)
            missing += 1
        elif draw < data.DECLINE_SHARE + data.EXPIRE_SHARE:
            app.step("expire", "expired", deadline, None, "")
            missing += 1
        else:
            _answer(rng, app, first, accept=True)
    for rank, app in enumerate(waiting, 1):
        app.step("wait", "waiting", first, STAFF, f"候补第{rank}位")
    second = deadline + dt.timedelta(days=1)
    for app in waiting[:missing]:  # the waiting list moves up: every one accepts
        app.track, app.offered_at = app.first_track, second
        app.offer_deadline = second + dt.timedelta(days=data.OFFER_DAYS)
        app.step("offer", "offered", second)
        _answer(rng, app, second, accept=True)
    closing = at(plan.starts_on, 8, 30)
    for app in waiting[missing:]:
        app.step("close", "not_selected", closing, STAFF, "名额已满")
