"""Every read of 新街·吴韵 scoring: the published criteria (cached reference data), the
scoring point behind a device's token or a QR sign, a street's trailing mean (the outlier
rule's yardstick, cached for the day), the scores, refusals and inspections as the actor
may see them, and the closed months (public)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.crypto import keyring
from onething.core.errors import NotFound, ValidationFailed
from onething.core.models import Region, Role
from onething.core.permissions import Actor, get_visible, visible

from ..models import (
    ScoreRefusal,
    ScoringCriterion,
    ScoringMonth,
    ScoringPoint,
    Street,
    StreetInspection,
    StreetMonth,
    StreetScore,
)
from ..rules.scoring import (
    COUNTED,
    DEVICE,
    FLAGGED,
    QR_SIGN,
    REFUSAL_REASONS,
    SCORE_STATUSES,
    TRAILING_DAYS,
    month_after,
    month_start,
)
from ..scopes import is_city_management_office

TOKEN_PREFIX = "sp_"
TOKEN_LABEL = "citymgmt.scoring_point_token"  # the keyed hash's label (core's blind index)
TRAILING_SECONDS = 3600  # a street's trailing mean is read again at most hourly
POINT_CACHE_TTL = 30  # seconds a device's token look-up is kept (forgotten on any change)


# ---------------------------------------------------------------- criteria and points


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    description: str


def _criteria() -> list[Criterion]:
    return [
        Criterion(c.code, c.name, c.description)
        for c in ScoringCriterion.objects.filter(is_active=True).order_by("order", "code")
    ]


def criteria_active() -> list[Criterion]:
    """The published criteria in their order (cached reference data; none published yet
    is read again each time, so that the first ones count at once)."""
    return refdata.cached("citymgmt:criteria", _criteria) or _criteria()


def point_token_digest(token: str) -> str:
    """What is kept of a scoring device's token, and what it is looked up by: core's keyed
    hash, so a copy of the table alone cannot test guesses."""
    return keyring().digest(token, TOKEN_LABEL)


def point_signing_in(token: str) -> ScoringPoint | None:
    """The scoring device whose token ``token`` is, in service or not (None: no such
    token); with its street. Kept in the cache for ``POINT_CACHE_TTL`` seconds under the
    reference data's version, which every change of a point, its token or a street bumps
    (as the parking gates' tokens are); an unknown token is looked up every time."""
    if not token or not token.startswith(TOKEN_PREFIX) or "\x00" in token:
        return None
    digest = point_token_digest(token)
    key = f"citymgmt:point:{refdata.version()}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found
    found = (
        ScoringPoint.objects.select_related("street")
        .filter(token_digest=digest, kind=DEVICE)
        .first()
    )
    if found is not None:
        cache.set(key, found, POINT_CACHE_TTL)
    return found


def point_for_page(code: str) -> ScoringPoint:
    """The scoring point in service whose sign leads to the phone page (404 otherwise)."""
    point = (
        ScoringPoint.objects.select_related("street", "street__district", "street__street_office")
        .filter(code=code or "", kind=QR_SIGN, is_active=True, street__is_active=True)
        .first()
    )
    if point is None:
        raise NotFound(_("This scoring sign is not in service."))
    return point


def street_for_scoring(code: str) -> Street | None:
    """The street of the register residents may score (None: no such street)."""
    return (
        Street.objects.select_related("district", "street_office")
        .filter(code=code or "", is_active=True)
        .first()
    )


def trailing_stats(street_id: int, day: dt.date) -> tuple[int, int]:
    """(how many, the sum of their means × 100) of the street's counted scores of the 30
    days before ``day``: the outlier rule's yardstick, read through the index of a street's
    scores by day and cached for the hour (those days do not change, but for a review)."""
    key = f"citymgmt:trailing:{street_id}:{day.isoformat()}"
    found = cache.get(key)
    if found is None:
        totals = StreetScore.objects.filter(
            street_id=street_id,
            day__gte=day - dt.timedelta(days=TRAILING_DAYS),
            day__lt=day,
            status=COUNTED,
        ).aggregate(n=Count("id"), total=Sum("average_centi"))
        found = (totals["n"] or 0, totals["total"] or 0)
        cache.set(key, found, TRAILING_SECONDS)
    return found


def trailing_forget(street_id: int, day: dt.date) -> None:
    """A review changed what counts on ``day``: the yardsticks of the 30 days after it are
    read again."""
    cache.delete_many(
        [
            f"citymgmt:trailing:{street_id}:{(day + dt.timedelta(days=n)).isoformat()}"
            for n in range(1, TRAILING_DAYS + 1)
        ]
    )


# ---------------------------------------------------------------- scores and refusals


def _scores_base() -> QuerySet[StreetScore]:
    return StreetScore.objects.select_related("street", "point", "reviewed_by")


def scores_list(
    actor: Actor,
    *,
    status: str = "",
    street_code: str = "",
    part: int | None = None,
) -> QuerySet[StreetScore]:
    """The scores the actor may see, newest first; ``status`` counted | flagged |
    rejected (another value: 422 naming it). Flagged ones come through their own index."""
    if status and status not in SCORE_STATUSES:
        raise ValidationFailed.one(
            "status", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(SCORE_STATUSES)}
        )
    rows = visible(actor, _scores_base(), part)
    if status:
        rows = rows.filter(status=status)
    if street_code:
        rows = rows.filter(street__code=street_code)
    return rows.order_by("-created_at", "-id")


def flagged_scores(actor: Actor, part: int | None = None) -> QuerySet[StreetScore]:
    """The flagged scores waiting for review, oldest first (the review queue)."""
    return visible(actor, _scores_base(), part).filter(status=FLAGGED).order_by("created_at", "id")


def score_get(actor: Actor, score_id: int) -> StreetScore:
    return get_visible(actor, _scores_base(), pk=score_id)


def refusal_totals(actor: Actor, start: dt.date, end: dt.date) -> dict[str, int]:
    """The refusals the actor may see, of the days ``[start, end)``, by reason (every
    reason, 0 included)."""
    totals = dict.fromkeys(REFUSAL_REASONS, 0)
    rows = (
        visible(actor, ScoreRefusal.objects.all())
        .filter(day__gte=start, day__lt=end)
        .values("reason")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        totals[row["reason"]] = row["n"] or 0
    return totals


@dataclass(frozen=True)
class StreetNow:
    """A street's month so far: the counted residents' scores (how many, their mean × 100)
    and the inspectors' checks (how many, their mean mark)."""

    month: dt.date
    resident_count: int
    resident_centi: int | None
    inspection_count: int
    inspection_mark: int | None


def street_month_so_far(street: Street, today: dt.date | None = None) -> StreetNow:
    """What the thank-you page shows of the street's current month (public: aggregates)."""
    today = today or clock.today()
    start = month_start(today)
    end = month_after(start)
    scores = StreetScore.objects.filter(
        street=street, day__gte=start, day__lt=end, status=COUNTED
    ).aggregate(n=Count("id"), total=Sum("average_centi"))
    checks = StreetInspection.objects.filter(street=street, day__gte=start, day__lt=end).aggregate(
        n=Count("id"), total=Sum("mark")
    )
    n, m = scores["n"] or 0, checks["n"] or 0
    return StreetNow(
        start,
        n,
        round(scores["total"] / n) if n else None,
        m,
        round(checks["total"] / m) if m else None,
    )


# ---------------------------------------------------------------- inspections


def inspection_streets(actor: Actor) -> QuerySet[Street]:
    """The streets an inspector checks: those of their grid (their region, as the street's
    office or district), every street for an inspector without one."""
    streets = Street.objects.filter(is_active=True).select_related("street_office")
    if actor.role == Role.INSPECTOR and actor.region_path:
        streets = streets.filter(actor.region_q("street_office") | actor.region_q("district"))
    return streets.order_by("name", "code")


def inspections_list(actor: Actor, part: int | None = None) -> QuerySet[StreetInspection]:
    """The checks the actor may see (an inspector: their own), newest first."""
    return visible(
        actor, StreetInspection.objects.select_related("street", "inspector"), part
    ).order_by("-day", "-id")


# ---------------------------------------------------------------- months (public)


def months_list() -> QuerySet[ScoringMonth]:
    """The closed months, newest first."""
    return ScoringMonth.objects.order_by("-month")


def month_get(month: dt.date) -> ScoringMonth:
    found = ScoringMonth.objects.filter(month=month).first()
    if found is None:
        raise NotFound(_("The month %(m)s is not closed.") % {"m": f"{month:%Y-%m}"})
    return found


def month_table(month: dt.date) -> QuerySet[StreetMonth]:
    """A closed month's streets, best first (through the index by month and score)."""
    return (
        StreetMonth.objects.filter(month=month)
        .select_related("street", "street__district", "street__street_office")
        .order_by("-score_centi", "street__name", "id")
    )


def street_months(street_code: str) -> QuerySet[StreetMonth]:
    """A street's closed months, newest first (404 for a street not in the register)."""
    street = Street.objects.filter(code=street_code or "").first()
    if street is None:
        raise NotFound(_("No street with that code."))
    return StreetMonth.objects.filter(street=street).select_related("street").order_by("-month")


def month_open_last(today: dt.date | None = None) -> dt.date | None:
    """The last month (the one before today's), if it is not closed yet."""
    today = today or clock.today()
    last = (month_start(today) - dt.timedelta(days=1)).replace(day=1)
    return None if ScoringMonth.objects.filter(month=last).exists() else last


def closes_months(actor: Actor) -> bool:
    """Whether the actor closes the months: the city's own city-management office (its
    region is the city or above), an administrator or the platform."""
    if actor.is_system or actor.role == Role.ADMIN:
        return True
    if not actor.region_path or not is_city_management_office(actor):
        return False
    city = Region.objects.filter(code=settings.ONETHING_CITY_CODE).values_list("path", flat=True)
    path = city.first()
    return bool(path and path.startswith(actor.region_path))


def reviews_street(actor: Actor, street: Street) -> bool:
    """Whether the actor reviews the street's scores: the city-management office whose
    region holds the street, an administrator or the platform."""
    if actor.is_system or actor.role == Role.ADMIN:
        return True
    if not actor.region_path or not is_city_management_office(actor):
        return False
    path = Region.objects.filter(pk=street.district_id).values_list("path", flat=True).first()
    return bool(path and path.startswith(actor.region_path))
