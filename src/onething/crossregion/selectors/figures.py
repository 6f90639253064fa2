"""Figures of the cross-region service. They are public aggregates: counts only, no case
and no person in them, so they read every cross-region case whoever asks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncMonth
from django.utils.translation import gettext as _

from onething.cases.models import CaseStatus
from onething.core import clock
from onething.core.errors import ValidationFailed

from ..models import Alliance, CheckStatus, CrossRegionCase, DataCheck, Mode
from ..rules import START_LIMIT_MINUTES, Listing, Membership, Projection, project_year

CONCLUDED = Q(case__status=CaseStatus.CONCLUDED)


def _base(date_from: dt.date | None = None, date_to: dt.date | None = None):
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed.one("date_to", "range", _("The end is before the start."))
    qs = CrossRegionCase.objects.all()
    if date_from:
        qs = qs.filter(case__submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(case__submitted_at__date__lte=date_to)
    return qs


def by_period(period: str = "year", date_from=None, date_to=None) -> list[dict[str, Any]]:
    """Cross-region cases (and how many are concluded) per year or half-year."""
    if period not in ("year", "half"):
        raise ValidationFailed.one("period", "choice", _("The period is year or half."))
    rows = (
        _base(date_from, date_to)
        .annotate(year=ExtractYear("case__submitted_at"), month=ExtractMonth("case__submitted_at"))
        .values("year", "month")
        .annotate(cases=Count("id"), concluded=Count("id", filter=CONCLUDED))
    )
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = (
            str(row["year"])
            if period == "year"
            else f"{row['year']}-H{1 if row['month'] <= 6 else 2}"
        )
        entry = totals.setdefault(key, {"period": key, "cases": 0, "concluded": 0})
        entry["cases"] += row["cases"]
        entry["concluded"] += row["concluded"]
    return [totals[k] for k in sorted(totals)]


def by_pair(date_from=None, date_to=None) -> list[dict[str, Any]]:
    """Per pair of towns: where received, and the other town — where handled, or for a
    高效协同 case (decided where received) the partner town that checked its data."""
    rows = (
        _base(date_from, date_to)
        .annotate(
            other_code=Coalesce("partner_region__code", "handling_region__code"),
            other_name=Coalesce("partner_region__name", "handling_region__name"),
        )
        .values("receiving_region__code", "receiving_region__name", "other_code", "other_name")
        .annotate(cases=Count("id"), concluded=Count("id", filter=CONCLUDED))
        .order_by("-cases", "receiving_region__code", "other_code")
    )
    return [
        {
            "receiving_code": r["receiving_region__code"],
            "receiving": r["receiving_region__name"],
            "handling_code": r["other_code"],
            "handling": r["other_name"],
            "cases": r["cases"],
            "concluded": r["concluded"],
        }
        for r in rows
    ]


def by_category(date_from=None, date_to=None) -> list[dict[str, Any]]:
    rows = (
        _base(date_from, date_to)
        .values("case__item__category__code", "case__item__category__name")
        .annotate(cases=Count("id"), concluded=Count("id", filter=CONCLUDED))
        .order_by("-cases", "case__item__category__code")
    )
    return [
        {
            "key": r["case__item__category__code"],
            "label": r["case__item__category__name"],
            "cases": r["cases"],
            "concluded": r["concluded"],
        }
        for r in rows
    ]


# The seed's five working modes (seed 000: 收办分离、代收代办、全程网办、高效协同、两地联办)
# in its order, as the four routings the platform runs: 收办分离 and 代收代办 are one.
MODE_TERMS = {
    Mode.PROXY: ("收办分离", "代收代办"),
    Mode.ONLINE: ("全程网办",),
    Mode.COLLABORATIVE: ("高效协同",),
    Mode.JOINT: ("两地联办",),
}


def mode_explanation(mode: str) -> str:
    return {
        Mode.PROXY: _(
            "One routing under two names: taken in at one town's window, handled and "
            "decided by the other town, the result back at the window."
        ),
        Mode.ONLINE: _("Applied for online, handled by the other town's department."),
        Mode.COLLABORATIVE: _(
            "Taken in and decided in the applicant's town; the partner town's departments "
            "check the records they hold inside the case, and no paper travels."
        ),
        Mode.JOINT: _("Taken in at one window; each town's department decides its part."),
    }[mode]


def by_mode(date_from=None, date_to=None) -> list[dict[str, Any]]:
    """Cases per mode, every mode (none left out for having no case), in the seed's order,
    each with the seed's names of it and how the case travels."""
    counted = {
        r["mode"]: r
        for r in _base(date_from, date_to)
        .values("mode")
        .annotate(cases=Count("id"), concluded=Count("id", filter=CONCLUDED))
        .order_by()
    }
    return [
        {
            "key": mode.value,
            "label": str(mode.label),
            "terms": list(terms),
            "explanation": mode_explanation(mode),
            "cases": counted.get(mode.value, {}).get("cases", 0),
            "concluded": counted.get(mode.value, {}).get("concluded", 0),
        }
        for mode, terms in MODE_TERMS.items()
    ]


def checks_by_town(date_from=None, date_to=None) -> list[dict[str, Any]]:
    """高效协同核验 per partner town (where the answering departments are): checks asked
    (by the day asked), answered, answered by their day, still awaiting, and the mean
    working days to answer."""
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed.one("date_to", "range", _("The end is before the start."))
    qs = DataCheck.objects.exclude(status=CheckStatus.WITHDRAWN)
    if date_from:
        qs = qs.filter(requested_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(requested_at__date__lte=date_to)
    answered = Q(answered_at__isnull=False)
    rows = (
        qs.values("answering_department__region__code", "answering_department__region__name")
        .annotate(
            asked=Count("id"),
            answered=Count("id", filter=answered),
            on_time=Count("id", filter=answered & Q(answered_at__date__lte=F("due_date"))),
            open=Count("id", filter=Q(status=CheckStatus.REQUESTED)),
            mean=Avg("working_days"),
        )
        .order_by("answering_department__region__code")
    )
    return [
        {
            "town_code": r["answering_department__region__code"],
            "town": r["answering_department__region__name"],
            "asked": r["asked"],
            "answered": r["answered"],
            "on_time": r["on_time"],
            "open": r["open"],
            "mean_working_days": round(r["mean"], 1) if r["mean"] is not None else None,
        }
        for r in rows
    ]


def projection(year: int | None = None, as_of: dt.date | None = None) -> Projection:
    """The full-year volume of ``year`` projected from the cases in by ``as_of`` (default:
    today), with the method (see rules.project_year)."""
    as_of = as_of or clock.today()
    year = year or as_of.year
    if not 2000 <= year <= 2100:
        raise ValidationFailed.one("year", "range", _("A year between 2000 and 2100."))
    cut = min(as_of, dt.date(year, 12, 31))
    if cut < dt.date(year, 1, 1):  # asked before the year began
        return project_year(year, as_of, 0, 0, 0)
    so_far = _base(dt.date(year, 1, 1), cut).count()
    try:
        same_day_last_year = cut.replace(year=year - 1)
    except ValueError:  # 29 February
        same_day_last_year = dt.date(year - 1, 2, 28)
    last_by_now = _base(dt.date(year - 1, 1, 1), same_day_last_year).count()
    last_total = _base(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)).count()
    return project_year(year, as_of, so_far, last_by_now, last_total)


def start_times(date_from=None, date_to=None) -> list[dict[str, Any]]:
    """Per receiving centre and month: cases that started from an arrival at the window,
    how many were accepted within 10 minutes, and the mean minutes."""
    waited = ExpressionWrapper(
        F("case__accepted_at") - F("arrival__arrived_at"), output_field=DurationField()
    )
    limit = dt.timedelta(minutes=START_LIMIT_MINUTES)
    rows = (
        _base(date_from, date_to)
        .filter(arrival__isnull=False, case__accepted_at__isnull=False)
        .annotate(month=TruncMonth("arrival__arrived_at"), waited=waited)
        .values("case__center__code", "case__center__name", "month")
        .annotate(
            cases=Count("id"),
            within=Count("id", filter=Q(waited__lte=limit)),
            mean=Avg("waited"),
        )
        .order_by("case__center__code", "month")
    )
    return [
        {
            "center_code": r["case__center__code"],
            "center": r["case__center__name"],
            "month": r["month"].date().isoformat()[:7]
            if hasattr(r["month"], "date")
            else str(r["month"])[:7],
            "cases": r["cases"],
            "within_10_minutes": r["within"],
            "share_within": round(r["within"] / r["cases"], 4) if r["cases"] else None,
            "mean_minutes": round(r["mean"].total_seconds() / 60, 1)
            if r["mean"] is not None
            else None,
        }
        for r in rows
    ]


def alliances_today(today: dt.date | None = None) -> list[dict[str, Any]]:
    """Each alliance as it stands today: its member towns and the items listed for
    cross-region service, with how many categories of the catalogue they span."""
    today = today or clock.today()
    out = []
    alliances = Alliance.objects.prefetch_related("members", "items__item").order_by("code")
    for alliance in alliances:
        items = [
            i.item
            for i in alliance.items.all()
            if Listing(i.item.code, frozenset(), i.added_on, i.removed_on).on(today)
        ]
        towns = [
            m for m in alliance.members.all() if Membership("", m.joined_on, m.left_on).on(today)
        ]
        out.append(
            {
                "code": alliance.code,
                "name": alliance.name,
                "towns": len(towns),
                "items": len(items),
                "categories": len({i.category_id for i in items}),
            }
        )
    return out
