"""Reading the download counts: summed from the roll-up (one row per dataset, day and
format), never from a log of downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed

from ..models import Dataset, DownloadFormat, DownloadTally

FORMATS = tuple(DownloadFormat.values)


def _empty() -> dict[str, Any]:
    return {"total": 0, "by_format": dict.fromkeys(FORMATS, 0)}


def download_totals(dataset_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{dataset id: {total, by_format: {csv, xlsx, json}}} for each of ``dataset_ids``
    (zeros for one never downloaded), in one query."""
    ids = list(dataset_ids)
    totals = {pk: _empty() for pk in ids}
    rows = (
        DownloadTally.objects.filter(dataset_id__in=ids)
        .order_by()
        .values("dataset_id", "format")
        .annotate(n=Sum("count"))
    )
    for row in rows:
        counts = totals[row["dataset_id"]]
        counts["by_format"][row["format"]] = row["n"]
        counts["total"] += row["n"]
    return totals


def download_days(
    dataset: Dataset, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[dict[str, Any]]:
    """The downloads per day (newest first) and format within the period (either end
    open); an inverted period is a 422 naming ``date_to``."""
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed.one("date_to", "order", _("The end is before the start."))
    rows = DownloadTally.objects.filter(dataset=dataset)
    if date_from:
        rows = rows.filter(day__gte=date_from)
    if date_to:
        rows = rows.filter(day__lte=date_to)
    days: dict[dt.date, dict[str, Any]] = {}
    for day, fmt, count in rows.order_by("-day", "format").values_list("day", "format", "count"):
        counts = days.setdefault(day, _empty())
        counts["by_format"][fmt] += count
        counts["total"] += count
    return [{"day": day, **counts} for day, counts in days.items()]
