"""Counting downloads: each download served adds one to its dataset's row for the day
(Shanghai time) and format, in one statement (core.rollups: ``INSERT … ON CONFLICT DO
UPDATE SET count = count + 1``), so two downloads at once both count and nothing is ever
scanned to count them."""

from __future__ import annotations

from django.db import transaction

from onething.core import clock
from onething.core.rollups import rollup_add

from ..models import DownloadFormat, DownloadTally


@transaction.atomic
def download_record(*, dataset_id: int, fmt: str) -> None:
    """One download of the dataset in ``fmt`` (csv, xlsx or json), counted today."""
    if fmt not in DownloadFormat.values:
        raise ValueError(f"not a download format: {fmt}")
    rollup_add(
        DownloadTally,
        ("dataset", "day", "format"),
        ("count",),
        [(dataset_id, clock.today(), fmt, 1)],
    )
