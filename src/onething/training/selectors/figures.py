"""The institute's public figures as of a day (``GET /api/training/figures?on=``), every
one counted from the records, cumulative up to and including ``on`` — the seed's "more
than 21,000 applications, 2,718 selected, this summer's 750, 30 universities (985 and
overseas among them), 1,271 placed":

- ``applications``: applications submitted; ``selected``: enrolments made (参加实训);
- ``placed``: placements started;
- ``universities``: distinct universities with a credit agreement valid on ``on``, and
  of them ``universities_985`` and ``universities_overseas``;
- ``partner_companies`` (joined by ``on``), ``advisers`` (appointed by ``on``);
- ``current_cohort``: the latest cohort started on or before ``on``, with its enrolments
  as of ``on``; ``tracks``: its tracks with theirs;
- ``cohorts``: every cohort whose applications had opened by ``on``, oldest first, with
  its applications and enrolments as of ``on``.

Fast at a city's scale, in a fixed number of queries whatever the rows: a cohort whose
class is over by ``on`` (it ended before that day) reads its totals from its
roll-ups (``Cohort.applications_count`` / ``enrolled_count``, kept by the services
through ``services.tallies``); the others — the few still taking applications or in
class — are counted on their indexes, one grouped query for all of them.
``figures_cached`` keeps an answer ``CACHE_SECONDS``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ..models import (
    Adviser,
    Application,
    Cohort,
    Enrolment,
    PartnerCompany,
    Placement,
    Track,
)
from .catalogue.records import partner_universities

CACHE_SECONDS = 60


def _end_of(on: dt.date) -> dt.datetime:
    """The first moment after ``on`` (the city's time)."""
    return timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time()))


def _closed(cohort: Cohort, on: dt.date) -> bool:
    """Whether the cohort's roll-ups are its totals as of ``on``: its class was over by
    then (no application nor enrolment comes after it)."""
    return cohort.ends_on < on


def _grouped(rows, field: str) -> dict[Any, int]:
    return dict(rows.order_by().values_list(field).annotate(n=Count("id")))


def cohort_figures(on: dt.date) -> list[dict[str, Any]]:
    """Every cohort whose applications had opened by ``on``: its applications and
    enrolments as of ``on`` (roll-ups for a closed one, counted for the others)."""
    end = _end_of(on)
    cohorts = list(
        Cohort.objects.filter(applications_open_at__lt=end)
        .order_by("starts_on", "id")
        .only(
            "code",
            "name",
            "starts_on",
            "ends_on",
            "capacity",
            "status",
            "applications_count",
            "enrolled_count",
        )
    )
    counted = [c.pk for c in cohorts if not _closed(c, on)]
    applications = enrolled = {}
    if counted:
        applications = _grouped(
            Application.objects.filter(cohort_id__in=counted, submitted_at__lt=end), "cohort_id"
        )
        enrolled = _grouped(
            Enrolment.objects.filter(cohort_id__in=counted, enrolled_at__lt=end), "cohort_id"
        )
    rows = []
    for cohort in cohorts:
        closed = _closed(cohort, on)
        rows.append(
            {
                "id": cohort.pk,
                "code": cohort.code,
                "name": cohort.name,
                "starts_on": cohort.starts_on,
                "ends_on": cohort.ends_on,
                "capacity": cohort.capacity,
                "applications": cohort.applications_count
                if closed
                else applications.get(cohort.pk, 0),
                "enrolled": cohort.enrolled_count if closed else enrolled.get(cohort.pk, 0),
            }
        )
    return rows


def _current(cohorts: list[dict[str, Any]], on: dt.date) -> dict[str, Any] | None:
    started = [c for c in cohorts if c["starts_on"] <= on]
    return started[-1] if started else None


def _tracks(current: dict[str, Any] | None, on: dt.date) -> list[dict[str, Any]]:
    """The current cohort's tracks with their enrolments as of ``on``."""
    if current is None:
        return []
    counts = _grouped(
        Enrolment.objects.filter(cohort_id=current["id"], enrolled_at__lt=_end_of(on)),
        "track_id",
    )
    tracks = Track.objects.filter(cohorts__id=current["id"]).order_by("code").only("name")
    return [{"name": t.name, "enrolled": counts.get(t.pk, 0)} for t in tracks]


def _universities(on: dt.date) -> dict[str, int]:
    counted = (
        partner_universities(on)
        .order_by()
        .aggregate(
            all=Count("id"),
            is_985=Count("id", filter=Q(is_985=True)),
            overseas=Count("id", filter=Q(overseas=True)),
        )
    )
    return {
        "universities": counted["all"],
        "universities_985": counted["is_985"],
        "universities_overseas": counted["overseas"],
    }


def public_figures(on: dt.date) -> dict[str, Any]:
    """The figures as of ``on`` (see the module's docstring)."""
    cohorts = cohort_figures(on)
    current = _current(cohorts, on)
    return {
        "on": on,
        "applications": sum(c["applications"] for c in cohorts),
        "selected": sum(c["enrolled"] for c in cohorts),
        "placed": Placement.objects.filter(started_on__lte=on).count(),
        **_universities(on),
        "partner_companies": PartnerCompany.objects.filter(joined_on__lte=on).count(),
        "advisers": Adviser.objects.filter(appointed_on__lte=on).count(),
        "current_cohort": None
        if current is None
        else {
            k: current[k] for k in ("code", "name", "starts_on", "ends_on", "capacity", "enrolled")
        },
        "cohorts": [
            {k: c[k] for k in ("code", "name", "starts_on", "applications", "enrolled")}
            for c in cohorts
        ],
        "tracks": _tracks(current, on),
    }


def figures_cached(on: dt.date) -> dict[str, Any]:
    """:func:`public_figures`, kept ``CACHE_SECONDS`` per day asked."""
    return cache.get_or_set(
        f"training:figures:{on.isoformat()}", lambda: public_figures(on), CACHE_SECONDS
    )


# ---------------------------------------------------------------- the figures page's charts


def placed_by_year(on: dt.date) -> list[tuple[int, int]]:
    """Placements started by ``on``, by year (one grouped query on their start's index)."""
    rows = (
        Placement.objects.filter(started_on__lte=on)
        .annotate(year=ExtractYear("started_on"))
        .order_by("year")
        .values_list("year")
        .annotate(n=Count("id"))
    )
    return [(year, n) for year, n in rows]


def universities_by_kind(figures: dict[str, Any]) -> dict[str, int]:
    """The partner universities as 985, overseas and the others (a university both 985
    and overseas — none is — would count as 985)."""
    total = figures["universities"]
    of_985 = figures["universities_985"]
    overseas = figures["universities_overseas"]
    return {"985": of_985, "overseas": overseas, "other": max(total - of_985 - overseas, 0)}


def charts_cached(on: dt.date) -> dict[str, Any]:
    """The figures and the placements by year, for the figures page."""
    return cache.get_or_set(
        f"training:figures-page:{on.isoformat()}",
        lambda: {"figures": public_figures(on), "placed_by_year": placed_by_year(on)},
        CACHE_SECONDS,
    )
