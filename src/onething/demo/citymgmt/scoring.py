"""新街·吴韵 in 2021: the scoring points at the streets (a device at each of 新吴区's
programme streets, QR signs there and on many streets of the other districts), a year of
residents' scores (a few a street a day; each street better liked after its renovation,
春潮菜场支路 most of all; a few outliers rejected on review), the inspectors' checks twice a
month, and each month's street scores. Drawn with fixed seeds, written in bulk, made once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from onething.citymgmt.models import ScoringPoint, Street, StreetInspection, StreetScore
from onething.citymgmt.rules.scoring import COUNTED, DEFAULT_CRITERIA, DEVICE, QR_SIGN, REJECTED
from onething.citymgmt.services.scoring import scoring_point_register
from onething.core import clock
from onething.core.models import Region, Role, User
from onething.core.permissions import SYSTEM, actor_for
from onething.core.services.accounts import account_create

from ..base import DEMO_PASSWORD
from ..timeline import at
from . import data
from .streets import StreetPlan
from .tokens import address_digest, phone_digest, point_token, point_token_digest, resident_digest
from .writes import insert_rows, loaded

CRITERIA = [code for code, _name, _about, _order in DEFAULT_CRITERIA]
DAYS = [dt.date(2021, 1, 1) + dt.timedelta(days=n) for n in range(365)]
INSTALLED = dt.date(2021, 1, 4)
SLIDE_FROM = dt.date(2021, 5, 1)
QR_SHARE = 0.6  # of the other districts' programme streets, those with a QR sign
RATE_XINWU, RATE_OTHER = 3.0, 1.5  # scores a street a day, on average
VOTERS = 900  # residents who score, per street office
OUTLIERS = 0.002  # all-ones scores, rejected on review
CHUNK = 20_000
COMMENTS = (
    "路面干净多了",
    "车停得整齐了",
    "店招统一，好看",
    "早上菜场门口还是有点堵",
    "希望多装几个路灯",
    "垃圾桶满了没人清",
    "绿化不错",
    "雨棚很方便",
    "小广告又贴上了",
    "非机动车停放有序",
)


@dataclass
class Liking:
    """How well residents (and inspectors) like a street on a day of 2021 (1–5): before
    its renovation, after it (from its completion), and for the laggard a slide from May."""

    before: float
    after: float
    changed_on: dt.date
    slide: float = 0.0

    def on(self, day: dt.date) -> float:
        if day >= self.changed_on:
            return self.after
        return self.before - (self.slide if day >= SLIDE_FROM else 0.0)


@dataclass
class Scored:
    """A street scored in 2021: its points, how often it is scored, how it is liked."""

    plan: StreetPlan
    street_id: int
    device_id: int | None
    sign_id: int | None
    rate: float
    liking: Liking


def liking_of(rng: random.Random, plan: StreetPlan) -> Liking:
    if plan.code == data.CHUNCHAO_CODE:
        return Liking(2.7, 4.95, plan.project.completed)
    if plan.laggard:
        return Liking(2.0, 3.9, plan.project.completed, slide=0.2)
    before = 2.4 + rng.random()
    if plan.project is None:
        return Liking(before, before + rng.uniform(-0.2, 0.3), dt.date(2021, 7, 1))
    return Liking(before, 3.3 + rng.random(), plan.project.completed)


def points_plan(plans: list[StreetPlan]) -> list[tuple[StreetPlan, str, str, str]]:
    """(street, point code, kind, place): a device at every programme street of 新吴区, a QR
    sign too in 旺庄街道, a QR sign at most of the others' programme streets."""
    rng = random.Random("demo-citymgmt-points")
    points = []
    for plan in plans:
        if not plan.in_programme:
            continue
        if plan.district == data.XINWU:
            points.append((plan, f"sp-{plan.code}-d", DEVICE, f"{plan.name}路口"))
            if plan.office == data.WANGZHUANG:
                points.append((plan, f"sp-{plan.code}-q", QR_SIGN, f"{plan.name}公示牌"))
        elif rng.random() < QR_SHARE or plan.laggard:
            points.append((plan, f"sp-{plan.code}-q", QR_SIGN, f"{plan.name}公示牌"))
    return points


def _inspectors() -> dict[str, int]:
    """Region code → the inspector who checks its streets: 旺庄街道's own, and one for the
    rest of each district (an account made when missing)."""
    found = {data.WANGZHUANG: User.objects.get(username=data.INSPECTOR).pk}
    for district, (short, _b, _name, _o) in data.DISTRICTS.items():
        username = f"inspector.{short.lower()}-cg"
        user = User.objects.filter(username=username).first() or account_create(
            actor=SYSTEM,
            username=username,
            password=DEMO_PASSWORD,
            role=Role.INSPECTOR,
            region=Region.objects.get(code=district),
        )
        found[district] = user.pk
    return found


def load_scoring(log: Callable[[str], None], plans: list[StreetPlan]) -> None:
    if ScoringPoint.objects.filter(code__startswith="sp-").exists():
        log("city management: scoring points and 2021's scores made already")
        return
    streets = dict(
        Street.objects.filter(code__in=[p.code for p in plans]).values_list("code", "pk")
    )
    points = points_plan(plans)
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    with clock.frozen(at(INSTALLED, 9)):
        for plan, code, kind, where in points:
            scoring_point_register(
                actor=office,
                street_code=plan.code,
                code=code,
                kind=kind,
                place=where,
                installed_on=INSTALLED,
            )
    # each device's token derived from the server's secret (its issued one replaced)
    devices = list(ScoringPoint.objects.filter(code__startswith="sp-", kind=DEVICE))
    for point in devices:
        point.token_digest = point_token_digest(point_token(settings.SECRET_KEY, point.code))
    ScoringPoint.objects.bulk_update(devices, ["token_digest"], batch_size=500)
    ids = dict(ScoringPoint.objects.filter(code__startswith="sp-").values_list("code", "pk"))
    ids = [ids[code] for _plan, code, _kind, _where in points]
    rng = random.Random("demo-citymgmt-scores")
    by_street: dict[str, Scored] = {}
    for pk, (plan, _code, kind, _where) in zip(ids, points, strict=True):
        scored = by_street.get(plan.code)
        if scored is None:
            rate = RATE_XINWU if plan.district == data.XINWU else RATE_OTHER
            scored = by_street[plan.code] = Scored(
                plan,
                streets[plan.code],
                None,
                None,
                rate * (0.6 + 0.8 * rng.random()),
                liking_of(rng, plan),
            )
        if kind == DEVICE:
            scored.device_id = pk
        else:
            scored.sign_id = pk
    scores = _scores(rng, list(by_street.values()), office.user_id)
    inspections = _inspections(rng, plans, streets, by_street)
    loaded(
        ("citymgmt.scoringpoint", "2021"),
        "scores_load",
        {"points": len(points), "scores": scores, "inspections": inspections},
    )
    log(
        f"city management: {len(points)} scoring points, {scores} residents' scores in 2021, "
        f"{inspections} inspections"
    )


def _marks(rng: random.Random, liking: float) -> dict[str, int]:
    return {
        code: max(1, min(5, round(rng.gauss(liking + offset, 0.75))))
        for code, offset in zip(CRITERIA, (0.1, -0.2, 0.0, 0.1), strict=True)
    }


def _scores(rng: random.Random, streets: list[Scored], office: int) -> int:
    columns = (
        "street_id",
        "point_id",
        "channel",
        "day",
        "voter_digest",
        "address_digest",
        "marks",
        "average_centi",
        "comment",
        "photo",
        "photo_sha256",
        "status",
        "flag_reason",
        "reviewed_by_id",
        "reviewed_at",
        "created_at",
    )
    voters: dict[str, list[tuple[str, str]]] = {}
    addresses = [address_digest(f"10.{n // 250}.{n % 250}.7") for n in range(400)]
    rows: list[tuple] = []
    made = 0
    for day in DAYS:
        for s in streets:
            pool = voters.get(s.plan.office)
            if pool is None:
                pool = voters[s.plan.office] = [
                    (
                        resident_digest(f"R{s.plan.office}{n:04d}"),
                        phone_digest(f"demo-phone-{s.plan.office}-{n}"),
                    )
                    for n in range(VOTERS)
                ]
            count = int(rng.expovariate(1 / s.rate) + 0.5) if rng.random() < 0.97 else 0
            liking = s.liking.on(day)
            for at_device, on_phone in rng.sample(pool, min(count, 12)):
                device = s.device_id is not None and (s.sign_id is None or rng.random() < 0.7)
                minute = 7 * 60 + rng.randrange(14 * 60)
                created = at(day, minute // 60, minute % 60)
                status, reason, reviewer, reviewed = COUNTED, "", None, None
                if rng.random() < OUTLIERS:
                    marks = dict.fromkeys(CRITERIA, 1)
                    status, reason, reviewer = REJECTED, "与同期评分差异过大", office
                    reviewed = created + dt.timedelta(days=1, hours=2)
                else:
                    marks = _marks(rng, liking)
                average = round(sum(marks.values()) * 100 / len(marks))
                rows.append(
                    (
                        s.street_id,
                        s.device_id if device else s.sign_id,
                        DEVICE if device else QR_SIGN,
                        day,
                        at_device if device else on_phone,
                        "" if device else addresses[int(rng.random() * len(addresses))],
                        marks,
                        average,
                        COMMENTS[int(rng.random() * len(COMMENTS))] if rng.random() < 0.04 else "",
                        "",
                        "",
                        status,
                        reason,
                        reviewer,
                        reviewed,
                        created,
                    )
                )
        if len(rows) >= CHUNK:
            insert_rows(StreetScore, columns, rows)
            made, rows = made + len(rows), []
    insert_rows(StreetScore, columns, rows)
    return made + len(rows)


def _inspections(
    rng: random.Random, plans: list[StreetPlan], streets: dict[str, int], by_street: dict
) -> int:
    """Twice a month at every programme street, on working days of the month's halves."""
    inspectors = _inspectors()
    rows = []
    for plan in plans:
        if not plan.in_programme:
            continue
        scored = by_street.get(plan.code)
        liking_ = scored.liking if scored else liking_of(rng, plan)
        inspector = inspectors.get(plan.office) or inspectors[plan.district]
        for month in range(1, 13):
            for half in (0, 1):
                day = dt.date(2021, month, 2 + half * 14 + rng.randrange(12))
                while day.weekday() >= 5:
                    day -= dt.timedelta(days=1)
                liking = liking_.on(day)
                mark = max(40, min(99, round(25 + 15 * liking + rng.gauss(0, 4))))
                findings = (
                    ""
                    if mark >= 80
                    else rng.choice(
                        ("占道经营", "乱停车", "垃圾未及时清运", "店招破损", "路面破损")
                    )
                )
                rows.append(
                    (streets[plan.code], inspector, day, mark, findings, at(day, 10 + half * 4))
                )
    insert_rows(
        StreetInspection,
        ("street_id", "inspector_id", "day", "mark", "findings", "created_at"),
        rows,
    )
    return len(rows)
