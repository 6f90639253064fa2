"""Reading a dataset's rows: a department dataset's are its latest release's (paged by
their row number, the index ``(release, n)``), a figure dataset's are built when read from
the platform's public figures (the whole city, the whole period), in the columns its
catalogue entry lists. The same rows for the page's preview, the JSON API, and the
downloads (CSV, .xlsx, JSON)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.dashboard.selectors.datasets import DATASETS, dataset_rows
from onething.dashboard.selectors.public import PublicFigures, public_filter

from ..models import Dataset, Release
from .catalogue import dataset_fields, latest_release

LIMIT_DEFAULT = 100
LIMIT_MAX = 1000
CHUNK = 2000


@dataclass(frozen=True)
class RowsPage:
    """Rows after row ``after`` (0: from the first), at most ``limit``; ``next_after``
    is where the next page starts (None on the last)."""

    rows: list[dict[str, Any]]
    after: int
    next_after: int | None
    total: int
    release: Release | None


def figure_rows(dataset: Dataset, keys: list[str] | None = None) -> list[dict[str, Any]]:
    """A figure dataset's rows, built now, in its catalogue entry's columns."""
    if dataset.figure_key not in DATASETS:
        raise NotFound(_("The figures of %(key)s are no longer published.") % {"key": dataset.key})
    keys = keys if keys is not None else [f.key for f in dataset_fields(dataset)]
    built = dataset_rows(PublicFigures(public_filter()), dataset.figure_key)
    return [{k: row.get(k) for k in keys} for row in built]


def _checked(after: int, limit: int) -> None:
    problems = []
    if after < 0:
        problems.append(FieldProblem("after", "min", _("At least %(n)s.") % {"n": 0}))
    if not 1 <= limit <= LIMIT_MAX:
        problems.append(
            FieldProblem("limit", "range", _("From 1 to %(n)s.") % {"n": f"{LIMIT_MAX:,}"})
        )
    if problems:
        raise ValidationFailed(problems)


def dataset_rows_page(dataset: Dataset, *, after: int = 0, limit: int = LIMIT_DEFAULT) -> RowsPage:
    """One page of the dataset's rows. A release's rows are found by their number (a page
    deep in a large release costs what the first does); a figure dataset's few rows are
    built and cut."""
    _checked(after, limit)
    keys = [f.key for f in dataset_fields(dataset)]
    if dataset.is_figures:
        rows = figure_rows(dataset, keys)
        more = len(rows) > after + limit
        return RowsPage(
            rows[after : after + limit], after, after + limit if more else None, len(rows), None
        )
    release = latest_release(dataset)
    if release is None:
        return RowsPage([], after, None, 0, None)
    found = list(
        release.rows.filter(n__gt=after).order_by("n").values_list("n", "values")[: limit + 1]
    )
    more = len(found) > limit
    found = found[:limit]
    return RowsPage(
        [{k: values.get(k) for k in keys} for _n, values in found],
        after,
        found[-1][0] if more else None,
        release.row_count,
        release,
    )


def dataset_preview(dataset: Dataset, n: int = 10) -> RowsPage:
    return dataset_rows_page(dataset, limit=n)


def dataset_records(dataset: Dataset) -> Iterator[dict[str, Any]]:
    """Every row of the dataset as the JSON has it, in order (a release's read in chunks)."""
    keys = [f.key for f in dataset_fields(dataset)]
    if dataset.is_figures:
        yield from figure_rows(dataset, keys)
        return
    release = latest_release(dataset)
    if release is None:
        return
    rows = release.rows.order_by("n").values_list("values", flat=True)
    for values in rows.iterator(chunk_size=CHUNK):
        yield {k: values.get(k) for k in keys}


def _spreadsheet_cell(kind: str, value: Any) -> Any:
    """A value as a spreadsheet shows it: a date as a date, a number exactly (a float's
    shortest text), yes/no in words."""
    if value is None:
        return None
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def dataset_table(dataset: Dataset) -> tuple[list[str], Iterator[list[Any]]]:
    """The dataset for CSV and .xlsx: the column keys as headers (the names the JSON
    uses), then one list per row."""
    fields = dataset_fields(dataset)
    headers = [f.key for f in fields]

    def rows() -> Iterator[list[Any]]:
        for record in dataset_records(dataset):
            yield [_spreadsheet_cell(f.type, record.get(f.key)) for f in fields]

    return headers, rows()
