"""The last 30 days of 新街·吴韵 on 旺庄街道's streets (春潮菜场支路 first), through the scoring
service as of each moment: residents identified at the streets' devices, phones from the
QR signs, the resident of the demo from the platform's page; and the abuse its limits
hold: a second score the same day (refused), someone hammering a device with ones (its
first 30 flagged as outliers and rejected on review the next morning, the rest refused
over the device's rate), an outlier from a phone still waiting for review."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from onething.citymgmt.models import ScoringPoint, StreetScore
from onething.citymgmt.rules.scoring import DEFAULT_CRITERIA, FLAGGED
from onething.citymgmt.services.scoring import score_review, score_submit
from onething.core import clock
from onething.core.errors import DomainError
from onething.core.models import User
from onething.core.permissions import ANONYMOUS, actor_for

from ..timeline import LIVE_DAYS, SHANGHAI, at
from . import data

CRITERIA = [code for code, _name, _about, _order in DEFAULT_CRITERIA]
STREETS = 5  # of 旺庄街道's programme streets, 春潮菜场支路 first
LIKING = {data.CHUNCHAO_CODE: 4.8}
HAMMERED = 32  # scores sent by one device within a minute (its limit: 30)


def _marks(rng: random.Random, liking: float) -> dict[str, int]:
    return {c: max(1, min(5, round(rng.gauss(liking, 0.7)))) for c in CRITERIA}


def _try(outcomes: Counter, **kwargs) -> StreetScore | None:
    try:
        score = score_submit(**kwargs)
    except DomainError as refused:
        outcomes[f"refused: {refused.code}"] += 1
        return None
    outcomes[score.status] += 1
    return score


def load_live_scores(log: Callable[[str], None], now: dt.datetime) -> None:
    points = list(
        ScoringPoint.objects.filter(
            street__street_office__code=data.WANGZHUANG, code__startswith="sp-"
        )
        .select_related("street")
        .order_by("street__code", "code")
    )
    streets = sorted({p.street.code for p in points})[:STREETS]
    first = now.date() - dt.timedelta(days=LIVE_DAYS)
    if StreetScore.objects.filter(street__code=data.CHUNCHAO_CODE, day__gt=first).exists():
        log("city management: the last month's scores made already")
        return
    devices = {p.street.code: p for p in points if p.kind == "device"}
    signs = {p.street.code: p for p in points if p.kind == "qr"}
    resident = actor_for(User.objects.get(username=data.RESIDENT))
    office = actor_for(User.objects.get(username=data.OFFICE_OFFICER))
    outcomes: Counter = Counter()
    hammered_on = now.date() - dt.timedelta(days=9)
    hammered = []
    for offset in range(1, LIVE_DAYS + 1):
        day = first + dt.timedelta(days=offset)
        rng = random.Random(f"demo-live-scores-{day.isoformat()}")
        moments = []
        for n, code in enumerate(streets):
            liking = LIKING.get(code, 3.9 + 0.1 * n)
            for k in range(2 + rng.randrange(4)):
                moment = at(day, 7) + dt.timedelta(minutes=rng.randrange(14 * 60))
                moments.append((moment, code, liking, k))
        if offset % 7 == 3:  # the resident of the demo, from the street's page
            moments.append((at(day, 20, 15), "web", LIKING[data.CHUNCHAO_CODE], 0))
        for moment, code, liking, k in sorted(moments):
            if moment > now:
                continue
            with clock.frozen(moment):
                if code == "web":
                    _try(
                        outcomes,
                        actor=resident,
                        street_code=data.CHUNCHAO_CODE,
                        marks=_marks(rng, liking),
                        comment="菜场门口干净多了，停车也方便了",
                    )
                elif rng.random() < 0.7:
                    _try(
                        outcomes,
                        actor=ANONYMOUS,
                        point=devices[code],
                        voter=f"R{data.WANGZHUANG}{rng.randrange(900):04d}",
                        marks=_marks(rng, liking),
                    )
                else:
                    phone = f"demo-phone-{data.WANGZHUANG}-{rng.randrange(900)}"
                    kwargs = {
                        "actor": ANONYMOUS,
                        "point": signs[code],
                        "voter": phone,
                        "address": f"10.20.{rng.randrange(250)}.{rng.randrange(250)}",
                    }
                    _try(outcomes, marks=_marks(rng, liking), **kwargs)
                    if k == 0 and offset % 10 == 5:  # the same phone again that day: refused
                        _try(outcomes, marks=_marks(rng, liking), **kwargs)
        if day == hammered_on:  # someone pressing "1" on a device again and again
            street = streets[1]
            start = at(day, 22, 40)
            for n in range(HAMMERED):
                with clock.frozen(start + dt.timedelta(seconds=n)):
                    score = _try(
                        outcomes,
                        actor=ANONYMOUS,
                        point=devices[street],
                        marks=dict.fromkeys(CRITERIA, 1),
                    )
                if score is not None:
                    hammered.append(score)
    review_at = at(hammered_on + dt.timedelta(days=1), 9, 5)
    rejected = 0
    if review_at < now:
        with clock.frozen(review_at):
            for score in hammered:
                if score.status == FLAGGED:
                    score_review(
                        actor=office,
                        score_id=score.pk,
                        action="reject",
                        note="夜间同一设备连续提交，判定为恶意评分",
                    )
                    rejected += 1
    with clock.frozen(min(now, at(now.astimezone(SHANGHAI).date(), 7, 30))):
        _try(
            outcomes,
            actor=ANONYMOUS,
            point=signs[data.CHUNCHAO_CODE],
            voter="demo-phone-outlier",
            address="10.99.1.1",
            marks=dict.fromkeys(CRITERIA, 1),
        )
    log(
        f"city management: the last {LIVE_DAYS} days' scores: "
        + ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
        + f"; {rejected} rejected on review"
    )
