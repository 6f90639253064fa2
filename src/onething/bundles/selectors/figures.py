"""The one-things handled (高效办成一件事), from the daily roll-up ``BundleTally`` — never
from the run table: the key items (重点事项, national and provincial) and the city's own,
how many each level lists, and the runs each took in (办理) and concluded in a period.
Public aggregates: no run, no person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Region

from ..models import KEY_LEVELS, Bundle, BundleTally, Level
from ..rules.figures import is_first_half, wan


@dataclass(frozen=True)
class HandledFilter:
    """The checked filters: the days of the period (either end may be open), a region code
    (its subtree; empty: the whole city) and a level (empty: every level)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str = ""
    region_path: str = ""
    level: str = ""

    @property
    def first_half(self) -> bool:
        """The period is the first half of a year (the seeds' 上半年)."""
        return is_first_half(self.date_from, self.date_to)


def handled_filter(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    region: str = "",
    level: str = "",
) -> HandledFilter:
    """Check the filters: an inverted period, an unknown region or level are a 422 naming
    the field, every problem at once."""
    problems = []
    if date_from and date_to and date_from > date_to:
        problems.append(FieldProblem("date_to", "range", _("The end is before the start.")))
    region = (region or "").strip()
    path = ""
    if region:
        path = Region.objects.filter(code=region).values_list("path", flat=True).first() or ""
        if not path:
            problems.append(
                FieldProblem(
                    "region", "unknown", _("There is no region with code %(c)s.") % {"c": region}
                )
            )
    level = (level or "").strip()
    if level and level not in Level.values:
        problems.append(
            FieldProblem("level", "choice", _("The level is national, provincial or city."))
        )
    if problems:
        raise ValidationFailed(problems)
    return HandledFilter(date_from, date_to, region, path, level)


def level_counts() -> dict[str, int]:
    """How many one-things in service each level lists (every level present)."""
    found = {
        r["level"]: r["n"]
        for r in Bundle.objects.filter(is_active=True)
        .order_by()
        .values("level")
        .annotate(n=Count("id"))
    }
    return {level: found.get(level, 0) for level in Level.values}


def _tallies(flt: HandledFilter):
    where = Q()
    if flt.date_from:
        where &= Q(day__gte=flt.date_from)
    if flt.date_to:
        where &= Q(day__lte=flt.date_to)
    if flt.region_path:
        where &= Q(region__path__startswith=flt.region_path)
    return BundleTally.objects.filter(where)


def handled(flt: HandledFilter | None = None) -> dict[str, Any]:
    """The runs taken in (办理) and concluded in the period, per one-thing and per level
    (``level``: that level's only), with the key items' total whatever the level (also in
    万, as the seeds write it); the levels' counts are the catalogue's as it stands. One
    grouped read of the roll-up."""
    flt = flt or HandledFilter()
    sums = {
        r["bundle_id"]: r
        for r in _tallies(flt)
        .order_by()
        .values("bundle_id")
        .annotate(started=Sum("started"), concluded=Sum("concluded"))
    }
    rows = []
    for b in Bundle.objects.order_by("code").only("code", "name", "level", "is_active"):
        got = sums.get(b.pk, {})
        if b.is_active or got:
            rows.append(
                {
                    "code": b.code,
                    "name": b.name,
                    "level": b.level,
                    "started": got.get("started") or 0,
                    "concluded": got.get("concluded") or 0,
                }
            )
    counts = level_counts()
    levels = [
        {
            "level": level,
            "label": str(label),
            "bundles": counts[level],
            "started": sum(r["started"] for r in rows if r["level"] == level),
            "concluded": sum(r["concluded"] for r in rows if r["level"] == level),
        }
        for level, label in Level.choices
        if not flt.level or level == flt.level
    ]
    key_started = sum(r["started"] for r in rows if r["level"] in KEY_LEVELS)
    shown = [r for r in rows if not flt.level or r["level"] == flt.level]
    return {
        "date_from": flt.date_from,
        "date_to": flt.date_to,
        "region": flt.region,
        "first_half": flt.first_half,
        "total_bundles": sum(counts.values()),
        "levels": levels,
        "key_items": {
            "bundles": sum(counts[level] for level in KEY_LEVELS),
            "started": key_started,
            "started_wan": wan(key_started),
        },
        "bundles": sorted(shown, key=lambda r: (-r["started"], r["code"])),
    }
