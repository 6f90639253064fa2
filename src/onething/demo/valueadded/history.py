"""The value-added services' first half of 2025 (seed 000's "今年上半年"): the demo's
enterprises ask for the services they may ask for, the providers answer — most within
their promised working days, a few late, a few declined with the reason —, conclude with
what came of it (financing reached with its amount, consultations, patents filed,
candidates referred, training attended) and the enterprises rate them. Every step through
the services as of its day (core.clock), so the figures are counted from the records.
Nothing dated after now; made once (the requests carry the key ``demo-h1-<n>``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from onething.core import clock
from onething.core.models import Role, User
from onething.core.permissions import actor_for
from onething.valueadded.models import ServiceRequest, ValueAddedService
from onething.valueadded.selectors import eligible
from onething.valueadded.services.handling import (
    request_accept,
    request_conclude,
    request_decline,
)
from onething.valueadded.services.requests import request_rate, request_submit, request_withdraw

from ..timeline import H1_2025, at, live_now, workday_on_or_after, workdays_after
from . import data

KEY = "demo-h1-"
REQUESTERS = ("qiye.chengfeng", "qiye.delijia", "qiye.hudai", "qiye.zisha")
PER_MONTH = 7
SEED = 20250630


def provider_account(service: ValueAddedService) -> User:
    """The demo account that acts for the service's provider."""
    provider = service.provider
    if provider.department_id:
        rows = User.objects.filter(department_id=provider.department_id, role=Role.OFFICER)
    else:
        rows = User.objects.filter(enterprise_id=provider.enterprise_id, role=Role.APPLICANT)
    return rows.order_by("username").first()


def _story(rng: random.Random, category: str):
    return rng.choice(data.STORIES[category])


def _rating(rng: random.Random) -> int:
    return rng.choices([5, 4, 3, 2], weights=[62, 28, 8, 2])[0]


def one_request(rng: random.Random, *, n: int, user: User, service, day: dt.date, key: str):
    """A request submitted on ``day`` and taken as far as its story goes before now."""
    now = live_now()
    subject, details, kind, outcome, amount = _story(rng, service.category)
    submitted = at(day, rng.randrange(9, 16), rng.choice([0, 10, 25, 40, 55]))
    if submitted >= now:
        return None
    requester = actor_for(user)
    with clock.frozen(submitted):
        made, _created = request_submit(
            actor=requester,
            service_code=service.code,
            subject=subject,
            details=details,
            contact_name=user.person.name,
            idempotency_key=f"{key}{n}",
        )
    fate = rng.random()
    if fate < 0.03:  # withdrawn the next working day
        moment = at(workdays_after(day, 1), 10)
        if moment < now:
            with clock.frozen(moment):
                request_withdraw(actor=requester, number=made.number, reason="需求已自行解决。")
        return made
    provider = actor_for(provider_account(service))
    late = fate > 0.96  # a few answered a working day or two late
    delay = service.response_days + rng.choice([1, 2]) if late else rng.randrange(0, 2)
    answered = at(workdays_after(day, delay), rng.randrange(9, 17))
    answered = max(answered, submitted + dt.timedelta(minutes=rng.randrange(30, 180)))
    if answered >= now:
        return made
    with clock.frozen(answered):
        if 0.03 <= fate < 0.09:
            request_decline(actor=provider, number=made.number, reason=rng.choice(data.DECLINES))
            return made
        request_accept(actor=provider, number=made.number, note="已安排专人对接。")
    concluded = at(workdays_after(answered.date(), rng.randrange(3, 15)), rng.randrange(9, 17))
    if concluded >= now:
        return made
    with clock.frozen(concluded):
        request_conclude(
            actor=provider,
            number=made.number,
            outcome_kind=kind,
            outcome=outcome,
            amount_fen=amount * 1_000_000 if amount else None,  # 万元 → fen
        )
    rated = at(workdays_after(concluded.date(), rng.randrange(0, 4)), rng.randrange(9, 20))
    rated = max(rated, concluded + dt.timedelta(hours=2))
    if rated >= now or rng.random() < 0.1:  # a few never rate
        return made
    rating = _rating(rng)
    with clock.frozen(rated):
        request_rate(
            actor=requester,
            number=made.number,
            rating=rating,
            comment=rng.choice(data.RATING_COMMENTS[rating]),
        )
    return made


def _pairs() -> list[tuple[User, ValueAddedService]]:
    """Each requester with each service its enterprise may ask for."""
    users = list(
        User.objects.filter(username__in=REQUESTERS)
        .select_related("enterprise", "person")
        .order_by("username")
    )
    services = list(
        ValueAddedService.objects.filter(active=True).select_related("provider").order_by("code")
    )
    return [(u, s) for u in users for s in services if eligible(s, u.enterprise)]


def load_history(log: Callable[[str], None]) -> None:
    if ServiceRequest.objects.filter(request_key__startswith=KEY).exists():
        log("valueadded: the first half of 2025 is loaded already")
        return
    pairs = _pairs()
    if not pairs:
        log("valueadded: no requester may ask for a service: no history")
        return
    rng = random.Random(SEED)
    first, last = H1_2025
    made = 0
    n = 0
    for month in range(first.month, last.month + 1):
        for _ in range(PER_MONTH):
            day = workday_on_or_after(dt.date(first.year, month, rng.randrange(1, 27)))
            user, service = rng.choice(pairs)
            n += 1
            if one_request(rng, n=n, user=user, service=service, day=day, key=KEY):
                made += 1
    log(f"valueadded: {made} requests of the first half of 2025")
