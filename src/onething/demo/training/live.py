"""The institute's live layer, relative to now (made once, then it ages like the
institute's own work): the early batch (提前批: ten places, six more added later) of
the next class — the first summer or winter class starting at least 45 days from now —
open for applications since a month ago until a month before it starts, an early round
selected and its waiting list closed, so that its applications are in every state: just
submitted, screened, not passed the screening, interviewed, offered (answer due in the
coming days), on the waiting list, accepted, declined, expired, withdrawn and not
selected. ``student.new`` has not applied yet. And 药明合联's and 先导智能's openings for the
students, open, with a few applications from students of the last finished class
(``live_jobs``).

Every step through the services (application, screening, interviews, selection, offers,
expiry; openings and job applications), each as of its moment; the applicants are
students registered for it, with accounts (no password: they do not sign in)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import AbstractContextManager

from onething.core import clock
from onething.core.generate import chinese_name, resident_id
from onething.core.models import Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.accounts import account_create
from onething.core.services.parties import person_register
from onething.training.models import Cohort, University
from onething.training.services import applications as apply_services
from onething.training.services import interviews, offers, selection
from onething.training.services.catalogue import cohort_create, cohort_move, cohort_update

from ..runner import scan
from ..timeline import SHANGHAI, live_now
from . import data
from .catalogue import find_catalogue, taught
from .live_jobs import load_openings
from .universities import NO_AGREEMENT, UNIVERSITIES

SEED = 20260101
EARLY, LATER = 16, 20  # applications in the early round and since
USERNAME = "student.live{:02d}"
LIVE_CAPACITY, MORE_PLACES = 10, 6  # the early batch's (提前批) places, and those added


def next_class(now: dt.datetime) -> tuple[str, str, dt.date, dt.date]:
    """The early batch (提前批) of the first class starting 45 days from now or later:
    (code, name, start, end) — summer classes start on July's second Monday, winter ones
    on January's."""
    year = now.year
    while True:
        for month in (1, 7):
            first = dt.date(year, month, 1)
            start = first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7)
            if start >= now.date() + dt.timedelta(days=45):
                summer = month == 7
                code = f"{year}{'S' if summer else 'W'}-T"
                name = f"{year}年{'暑期' if summer else '寒假'}实训班（提前批）"
                return code, name, start, start + dt.timedelta(days=61 if summer else 46)
        year += 1


def _student(rng: random.Random, n: int) -> Actor:
    username = USERNAME.format(n)
    user = User.objects.filter(username=username).first()
    if user is None:
        person = person_register(
            actor=SYSTEM,
            name=chinese_name(rng),
            id_number=resident_id(random.Random(f"demo-training-live-{n}")),
            region_code=data.DISTRICT,
        )
        user = account_create(
            actor=SYSTEM, username=username, password=None, role=Role.APPLICANT, person=person
        )
    return actor_for(user)


def _apply(rng: random.Random, student: Actor, code: str, tracks: list[str], n: int) -> str:
    first = rng.choice(tracks)
    universities = [u.name for u in UNIVERSITIES]
    university = NO_AGREEMENT if n == 3 else rng.choice(universities)
    application, _new = apply_services.application_submit(
        actor=student,
        cohort_code=code,
        university=University.objects.get(name=university).pk,
        major=rng.choice(data.MAJORS[first]),
        degree=rng.choice(("undergraduate", "undergraduate", "master")),
        graduation_year=clock.now().year + 1,
        first_track=first,
        second_track="",
        statement="希望在产业一线积累项目经验。",
        transcript=("成绩单.pdf", scan()),
        cv=("个人简历.pdf", scan()),
        idempotency_key=f"demo-live-application-{n}",
    )
    return application.number


class Round:
    """The steps of the live cohort, each as of its moment (hours before now)."""

    def __init__(self, now: dt.datetime, staff: Actor, teacher: Actor, code: str):
        self.now, self.staff, self.teacher, self.code = now, staff, teacher, code

    def at(self, hours_ago: float) -> AbstractContextManager:
        return clock.frozen(self.now - dt.timedelta(hours=hours_ago))

    def screen(self, hours_ago: float, numbers: list[str], rejected: list[str]) -> None:
        with self.at(hours_ago):
            for number in numbers:
                if number in rejected:
                    apply_services.application_reject(
                        actor=self.staff, number=number, note="专业方向与实训方向不对口"
                    )
                else:
                    apply_services.application_screen(actor=self.staff, number=number)

    def interview(self, hours_ago: float, numbers: list[str], rng: random.Random) -> None:
        with self.at(hours_ago):
            for number in numbers:
                base = rng.uniform(62, 94)
                for who in (self.staff, self.teacher):
                    score = round(base + rng.uniform(-3, 3), 1)
                    interviews.interview_record(actor=who, number=number, score=score)

    def select(self, hours_ago: float, places: int | None) -> None:
        with self.at(hours_ago):
            selection.selection_run(actor=self.staff, cohort_code=self.code, places=places)


def _offered(code: str) -> list:
    return list(
        Cohort.objects.get(code=code)
        .applications.filter(status="offered")
        .order_by("offered_at", "-score")
        .values_list("number", "account_id")
    )


def _answer(rnd: Round, hours_ago: float, number: str, account: int, accept: bool) -> None:
    student = actor_for(User.objects.get(pk=account))
    with rnd.at(hours_ago):
        if accept:
            offers.offer_accept(actor=student, number=number)
        else:
            offers.offer_decline(actor=student, number=number, reason="已接受其他实习安排")


def _cohort(rnd: Round, name: str, starts: dt.date, ends: dt.date) -> None:
    opens = rnd.now - dt.timedelta(days=30)
    closes = dt.datetime.combine(starts - dt.timedelta(days=30), dt.time(18), SHANGHAI)
    with rnd.at(30 * 24 + 2):
        cohort_create(
            actor=rnd.staff,
            programme_code=data.PROGRAMME,
            code=rnd.code,
            name=name,
            starts_on=starts,
            ends_on=ends,
            capacity=LIVE_CAPACITY,
            applications_open_at=opens,
            applications_close_at=closes,
            tracks=taught(data.CURRENT),
            offer_days=data.OFFER_DAYS,
        )
    with clock.frozen(opens):
        cohort_move(actor=rnd.staff, code=rnd.code, action="open")


def _submitted(rnd: Round, rng: random.Random, first: int, count: int, hours: tuple) -> list:
    """``count`` students applying one after the other between ``hours`` (hours ago, the
    first and the last): (number, student), in the order they applied."""
    tracks = taught(data.CURRENT)
    start, end = hours
    slot = (start - end) / count
    made = []
    for i, n in enumerate(range(first, first + count)):
        student = _student(rng, n)
        with rnd.at(start - slot * (i + rng.uniform(0.1, 0.6))):
            made.append((_apply(rng, student, rnd.code, tracks, n), student))
    return made


def _early_round(rnd: Round, rng: random.Random) -> None:
    """The first applicants: screened, interviewed, every place offered (one declines,
    one lets the offer expire: the waiting list moves up twice, and the others accept),
    the rest of the waiting list closed: not selected."""
    early = _submitted(rnd, rng, 1, EARLY, (29 * 24, 22 * 24))
    numbers = [number for number, _s in early]
    with rnd.at(24 * 24):
        apply_services.application_withdraw(
            actor=early[0][1], number=numbers[0], reason="时间冲突，无法参加"
        )
    rnd.screen(21 * 24, numbers[1:], rejected=numbers[1:3])
    rnd.interview(20 * 24, numbers[3:], rng)
    rnd.select(19 * 24, places=None)
    first = _offered(rnd.code)
    for n, (number, account) in enumerate(first[:-1]):
        _answer(rnd, (17 - n / 5) * 24, number, account, accept=n != 4)
    with rnd.at(11 * 24):
        offers.offers_expire()  # the last, unanswered: the list moves up again
    for number, account in _offered(rnd.code):
        _answer(rnd, 10.5 * 24, number, account, accept=True)
    with rnd.at(10 * 24):
        selection.waiting_list_close(actor=rnd.staff, cohort_code=rnd.code)


def _later_round(rnd: Round, rng: random.Random) -> None:
    """Applications since: screened and interviewed, the free places offered five days
    ago (one accepted, one declined: the list moved up), the others waiting; the latest
    just screened, interviewed or submitted; one withdrawn."""
    later = _submitted(rnd, rng, EARLY + 1, LATER, (15 * 24, 2))
    numbers = [number for number, _s in later]
    with rnd.at(8.5 * 24):  # more places for the early batch (追加名额)
        cohort_update(actor=rnd.staff, code=rnd.code, capacity=LIVE_CAPACITY + MORE_PLACES)
    rnd.screen(8 * 24, numbers[:9], rejected=numbers[:1])
    rnd.interview(6 * 24, numbers[1:9], rng)
    rnd.select(5 * 24, places=None)
    offered = _offered(rnd.code)
    _answer(rnd, 3 * 24, *offered[0], accept=True)
    _answer(rnd, 3 * 24 - 1, *offered[1], accept=False)
    rnd.screen(2 * 24, numbers[9:14], rejected=[])
    rnd.interview(1 * 24, numbers[9:11], rng)
    with rnd.at(20):
        apply_services.application_withdraw(
            actor=later[13][1], number=numbers[13], reason="已参加学校安排的实习"
        )


def load_live(log: Callable[[str], None]) -> None:
    now = live_now()
    cat = find_catalogue()
    if cat is None:
        log("training: no institute (no history loaded): no live layer")
        return
    _load_class(log, cat, now)
    load_openings(log, cat, now)


def _load_class(log: Callable[[str], None], cat, now: dt.datetime) -> None:
    code, name, starts, ends = next_class(now)
    if Cohort.objects.filter(
        programme__institute=cat.institute, starts_on__gt=data.SEED_DAY
    ).exists():
        log("training: the next class's early batch made already")
        return
    staff = actor_for(cat.users[data.STAFF])
    teacher = actor_for(cat.users[data.TEACHER])
    rnd = Round(now, staff, teacher, code)
    rng = random.Random(SEED)
    _cohort(rnd, name, starts, ends)
    _early_round(rnd, rng)
    _later_round(rnd, rng)
    cohort = Cohort.objects.get(code=code)
    states = sorted(set(cohort.applications.values_list("status", flat=True)))
    log(
        f"training: {name} ({code}) open for applications, "
        f"{cohort.applications.count()} applications ({', '.join(states)})"
    )
