"""The figures of value-added services, counted from the requests: how many were made and
concluded, the share the providers answered within their promised working days (按时响应率),
the share of ratings that are satisfied (基本满意 or better) and the mean rating, the
financing reached, and each category's count. Public (aggregates only), for the whole
city or one provider, over a period of submission days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, Sum

from onething.core.ratings import SATISFIED_MIN

from ..models import ServiceRequest
from ..rules.catalogue import CATEGORIES, category_label
from ..rules.figures import as_percent, mean, share
from ..rules.requests import CONCLUDED, OPEN_STATUSES, REACHED_FINANCING
from ..timeframe import day_bounds


def request_figures(
    *, provider_id: int | None = None, since: dt.date | None = None, until: dt.date | None = None
) -> dict[str, Any]:
    """The figures of the requests submitted from ``since`` to ``until`` (days, inclusive;
    None: no bound), of one provider or all."""
    rows = ServiceRequest.objects.all()
    if provider_id is not None:
        rows = rows.filter(provider_id=provider_id)
    start, end = day_bounds(since, until)
    if start is not None:
        rows = rows.filter(submitted_at__gte=start)
    if end is not None:
        rows = rows.filter(submitted_at__lt=end)
    totals = rows.aggregate(
        requests=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        concluded=Count("id", filter=Q(status=CONCLUDED)),
        answered=Count("id", filter=Q(answered_on_time__isnull=False)),
        on_time=Count("id", filter=Q(answered_on_time=True)),
        rated=Count("id", filter=Q(rating__isnull=False)),
        satisfied=Count("id", filter=Q(rating__gte=SATISFIED_MIN)),
        rating_total=Sum("rating"),
        financing_count=Count("id", filter=Q(outcome_kind=REACHED_FINANCING)),
        financing_fen=Sum("amount_fen", filter=Q(outcome_kind=REACHED_FINANCING)),
    )
    per_category = dict(rows.order_by().values_list("service__category").annotate(n=Count("id")))
    on_time_rate = share(totals["on_time"], totals["answered"])
    satisfaction_rate = share(totals["satisfied"], totals["rated"])
    return {
        **totals,
        "rating_total": totals["rating_total"] or 0,
        "financing_fen": totals["financing_fen"] or 0,
        "on_time_rate": on_time_rate,
        "satisfaction_rate": satisfaction_rate,
        "on_time_percent": as_percent(on_time_rate),  # 0-100, for a page
        "satisfaction_percent": as_percent(satisfaction_rate),
        "mean_rating": mean(totals["rating_total"] or 0, totals["rated"]),
        "categories": [
            {"code": c, "label": category_label(c), "requests": per_category.get(c, 0)}
            for c in CATEGORIES
        ],
    }
