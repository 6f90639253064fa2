"""City management's public figures as of a day (``GET /api/citymgmt/public/figures?on=``),
every one counted from the records — the seed's "in 2021 the city spent ¥8.7亿 on 250
back streets, built 2.4万 parking spaces and networked the data of 24万" read at
2022-01-24:

- ``programme``: the renovation programme of the year before ``on`` (else the latest of a
  year up to ``on``'s; the city's own first when a year has several): ``streets`` (distinct
  streets with a project in it approved by ``on``), ``investment_fen`` (what those projects
  spent) and the same in yuan;
- ``parking``: of that year (the year before ``on`` without a programme), ``new_spaces``
  (the spaces of the lots opened in the year, by ``on``) and ``networked_spaces`` (every
  lot's spaces whose data joined the city's parking network by ``on``);
- ``scoring``: the residents' scores counted in ``on``'s month up to ``on``, and the last
  month closed by then with its streets scored and their mean score;
- ``rankings``: the latest batch published by the end of ``on``, with its red and black
  counts.

Each block is one aggregate query (the rankings' counts one grouped query), through the
indexes of the lots' dates, the scores' days and the published batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, Case, Count, IntegerField, Sum, Value, When
from django.utils import timezone

from ..models import (
    ParkingLot,
    RankingBatch,
    RankingEntry,
    RenovationProgramme,
    ScoringMonth,
    StreetMonth,
    StreetProject,
    StreetScore,
)
from ..rules.ranking import BLACK, PUBLISHED, RED
from ..rules.scoring import COUNTED


def figures_programme(on: dt.date) -> RenovationProgramme | None:
    """The programme the figures of ``on`` are about: the year before's, else the latest
    of a year up to ``on``'s; of several in a year, the city's own first."""
    city_first = RenovationProgramme.objects.select_related("region").annotate(
        is_city=Case(
            When(region__code=settings.ONETHING_CITY_CODE, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return (
        city_first.filter(year=on.year - 1).order_by("-is_city", "code").first()
        or city_first.filter(year__lte=on.year).order_by("-year", "-is_city", "code").first()
    )


def _programme(on: dt.date) -> tuple[dict[str, Any], int]:
    programme = figures_programme(on)
    if programme is None:
        nothing = {"code": "", "name": "", "year": on.year - 1, "streets": 0}
        return nothing | {"investment_fen": 0, "investment_yuan": Decimal("0.00")}, on.year - 1
    total = (
        StreetProject.objects.filter(programme=programme, approved_on__lte=on)
        .order_by()
        .aggregate(streets=Count("street", distinct=True), spent=Sum("spent_fen"))
    )
    spent = total["spent"] or 0
    return {
        "code": programme.code,
        "name": programme.name,
        "year": programme.year,
        "streets": total["streets"] or 0,
        "investment_fen": spent,
        "investment_yuan": Decimal(spent).scaleb(-2),
    }, programme.year


def _parking(year: int, on: dt.date) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), on)
    new = ParkingLot.objects.filter(opened_on__gte=start, opened_on__lte=end).aggregate(
        spaces=Sum("spaces")
    )
    networked = ParkingLot.objects.filter(networked_on__lte=on).aggregate(spaces=Sum("spaces"))
    return {
        "year": year,
        "new_spaces": new["spaces"] or 0,
        "networked_spaces": networked["spaces"] or 0,
    }


def _scoring(on: dt.date) -> dict[str, Any]:
    month = on.replace(day=1)
    counted = StreetScore.objects.filter(day__gte=month, day__lte=on, status=COUNTED).count()
    closed = (
        ScoringMonth.objects.filter(month__lt=month, closed_at__date__lte=on)
        .order_by("-month")
        .first()
    )
    mean = None
    if closed is not None:
        centi = StreetMonth.objects.filter(month=closed.month).aggregate(mean=Avg("score_centi"))
        if centi["mean"] is not None:
            mean = (Decimal(str(centi["mean"])) / 100).quantize(Decimal("0.01"))
    return {
        "month": month,
        "scores_this_month": counted,
        "last_closed_month": closed.month if closed else None,
        "streets_scored": closed.streets if closed else 0,
        "mean_score": mean,
    }


def _rankings(on: dt.date) -> dict[str, Any]:
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time()))
    batch = (
        RankingBatch.objects.filter(status=PUBLISHED, published_at__lt=end)
        .order_by("-published_at", "-id")
        .first()
    )
    if batch is None:
        none = {"title": "", "year": None, "sequence": None, "published_at": None}
        return none | {"red": 0, "black": 0}
    counts = dict(
        RankingEntry.objects.filter(batch=batch, list__in=(RED, BLACK))
        .order_by()
        .values_list("list")
        .annotate(n=Count("id"))
    )
    return {
        "title": batch.title,
        "year": batch.year,
        "sequence": batch.sequence,
        "published_at": batch.published_at,
        "red": counts.get(RED, 0),
        "black": counts.get(BLACK, 0),
    }


def public_figures(on: dt.date) -> dict[str, Any]:
    """The figures as of ``on`` (see the module's docstring)."""
    programme, year = _programme(on)
    return {
        "on": on,
        "programme": programme,
        "parking": _parking(year, on),
        "scoring": _scoring(on),
        "rankings": _rankings(on),
    }
