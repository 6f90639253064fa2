"""Public figures over cases, read from the roll-ups (``CaseTally``, ``CaseDueTally``),
never from the case table: their cost follows the number of months, departments and
items, not the number of cases. Counts only: no case and no person in them.

Filters: a period (whole months: a case counts in the month it was submitted), a region
(its subtree: a department belongs to a region), a department, a category. Unknown values
and an inverted period are a 422 naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from onething.catalog.models import Category
from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Region
from onething.core.selectors.calendar import official_calendar

from .. import tally
from ..models import CaseDueTally, CaseTally
from ..rules import warning_horizon

# group name -> (label field, key field) on CaseTally
DIMENSIONS = {
    "month": ("month", "month"),
    "department": ("department__name", "department__code"),
    "region": ("department__region__name", "department__region__code"),
    "category": ("item__category__name", "item__category__code"),
    "item": ("item__name", "item__code"),
}
DUE_DIMENSIONS = {k: v for k, v in DIMENSIONS.items() if k in ("month", "department", "region")}


@dataclass(frozen=True)
class FigureFilter:
    """A checked filter: whole months from ``month_from`` to ``month_to``, and the
    region path, department and category codes (empty: all)."""

    month_from: dt.date | None = None
    month_to: dt.date | None = None
    region_path: str = ""
    department: str = ""
    category: str = ""

    def on(self, qs: QuerySet, *, category: bool = True) -> QuerySet:
        if self.month_from:
            qs = qs.filter(month__gte=self.month_from)
        if self.month_to:
            qs = qs.filter(month__lte=self.month_to)
        if self.region_path:
            qs = qs.filter(department__region__path__startswith=self.region_path)
        if self.department:
            qs = qs.filter(department__code=self.department)
        if category and self.category:
            qs = qs.filter(item__category__code=self.category)
        return qs


def figure_filter(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str = "",
    department: str = "",
    category: str = "",
) -> FigureFilter:
    """Check the public filters; every problem is named at once (422)."""
    problems = []
    if date_from and date_to and date_from > date_to:
        problems.append(FieldProblem("date_to", "range", _("The end is before the start.")))
    path = ""
    if region:
        found = Region.objects.filter(code=region).values_list("path", flat=True).first()
        if found is None:
            problems.append(
                FieldProblem(
                    "region", "unknown", _("There is no region with code %(c)s.") % {"c": region}
                )
            )
        path = found or ""
    if department and not Department.objects.filter(code=department).exists():
        problems.append(
            FieldProblem(
                "department",
                "unknown",
                _("There is no department with code %(c)s.") % {"c": department},
            )
        )
    if category and not Category.objects.filter(code=category).exists():
        problems.append(
            FieldProblem(
                "category", "unknown", _("There is no category with code %(c)s.") % {"c": category}
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return FigureFilter(
        month_from=date_from.replace(day=1) if date_from else None,
        month_to=date_to.replace(day=1) if date_to else None,
        region_path=path,
        department=department,
        category=category,
    )


def _check_group(group_by: tuple[str, ...], allowed: dict) -> None:
    unknown = [g for g in group_by if g not in allowed]
    if unknown or not group_by:
        raise ValidationFailed.one(
            "group_by", "choice", _("Group by one of: %(g)s.") % {"g": ", ".join(allowed)}
        )


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _labelled(row: dict[str, Any], group_by: tuple[str, ...], dims: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for g in group_by:
        label, key = dims[g]
        if g == "month":
            out["month"] = row["month"].isoformat()[:7]
        else:
            out[f"{g}_code"] = row[key]
            out[g] = row[label]
    return out


def with_rates(counts: dict[str, int]) -> dict[str, Any]:
    """The counts of a roll-up row with their shares and rates."""
    return {
        **counts,
        "online_share": _rate(counts["online"], counts["cases"]),
        "no_visit_share": _rate(counts["no_visit"], counts["cases"]),
        "on_time_rate": _rate(counts["on_time"], counts["concluded"]),
        "satisfaction_rate": _rate(counts["satisfied"], counts["ratings"]),
        "mean_working_days": round(counts["working_days"] / counts["timed"], 2)
        if counts["timed"]
        else None,
    }


def case_figures(flt: FigureFilter, group_by: tuple[str, ...] = ("month",)) -> list[dict[str, Any]]:
    """Cases per month / department / region / category / item (any combination): counts,
    shares online and without a visit, on-time and satisfaction rates, mean working days."""
    _check_group(group_by, DIMENSIONS)
    fields = [f for g in group_by for f in dict.fromkeys(DIMENSIONS[g])]
    sums = {m: Sum(m) for m in tally.MEASURES}
    rows = flt.on(CaseTally.objects.all()).values(*fields).annotate(**sums).order_by(*fields)
    return [
        {**_labelled(r, group_by, DIMENSIONS), **with_rates({m: r[m] for m in tally.MEASURES})}
        for r in rows
        if r["cases"]
    ]


def case_totals(flt: FigureFilter) -> dict[str, Any]:
    """The headline: every count and rate over the filter, and the open cases in warning
    and overdue today."""
    sums = flt.on(CaseTally.objects.all()).aggregate(
        **{m: Sum(m, default=0) for m in tally.MEASURES}
    )
    deadlines = open_deadlines(flt, ("department",))
    return {
        **with_rates(sums),
        "overdue_open": sum(r["overdue"] for r in deadlines),
        "warning_open": sum(r["warning"] for r in deadlines),
    }


def open_deadlines(
    flt: FigureFilter, group_by: tuple[str, ...] = ("department",), today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Running cases in warning and overdue today, per department / month / region. (A
    category filter does not apply: the due-date roll-up is kept per department.)"""
    _check_group(group_by, DUE_DIMENSIONS)
    today = today or clock.today()
    horizon = warning_horizon(today, official_calendar())
    fields = [f for g in group_by for f in dict.fromkeys(DUE_DIMENSIONS[g])]
    rows = (
        flt.on(CaseDueTally.objects.filter(~Q(running=0)), category=False)
        .values(*fields)
        .annotate(
            running_total=Sum("running"),
            overdue=Sum("running", filter=Q(due_date__lt=today), default=0),
            warning=Sum("running", filter=Q(due_date__gte=today, due_date__lte=horizon), default=0),
        )
        .order_by(*fields)
    )
    return [
        {
            **_labelled(r, group_by, DUE_DIMENSIONS),
            "running": r["running_total"],
            "overdue": r["overdue"],
            "warning": r["warning"],
        }
        for r in rows
    ]


def popular_items(*, limit: int = 8, months: int = 12) -> list[dict[str, Any]]:
    """The items in service most applied for over the last ``months`` whole months
    (this one included), the most first, at most ``limit`` (capped at 50): read from the
    monthly roll-up, never the case table."""
    limit = max(1, min(limit, 50))
    first = clock.today().replace(day=1)
    for _step in range(max(months, 1) - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = (
        CaseTally.objects.filter(month__gte=first, item__is_active=True)
        .values("item__code", "item__name")
        .annotate(n=Sum("cases"))
        .filter(n__gt=0)
        .order_by("-n", "item__code")[:limit]
    )
    return [{"code": r["item__code"], "name": r["item__name"], "cases": r["n"]} for r in rows]
