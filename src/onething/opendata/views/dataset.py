"""A dataset's page (its metadata, fields, the first rows, the downloads with how often
each was taken, the chart of a figure dataset), its downloads (counted) and the empty
workbook a department fills in for a release. Anyone may read them."""

from __future__ import annotations

import re
from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _

from onething.core.errors import Conflict
from onething.core.exports import rows_to_xlsx, xlsx_response
from onething.dashboard.selectors.datasets import DATASETS
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..files import download_response
from ..models import Dataset, DatasetField
from ..rules.charts import chart_data
from ..selectors.catalogue import dataset_fields, dataset_get, figure_chart, releases_list
from ..selectors.downloads import download_totals
from ..selectors.rows import dataset_preview, figure_rows
from ..selectors.summary import dataset_summary
from ..services.catalogue import may_publish

PREVIEW_ROWS = 10
CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_\-][A-Za-z0-9]+)*")  # a machine's code, not words


def _cell(value: Any) -> dict[str, Any]:
    """A value as the preview shows it: as stored, yes/no in words, a code as code."""
    if value is None:
        return {"text": "—", "code": False}
    if isinstance(value, bool):
        return {"text": _("Yes") if value else _("No"), "code": False}
    text = str(value)
    return {"text": text, "code": bool(CODE.fullmatch(text))}


def _shown(dataset: Dataset, fields: list[DatasetField]) -> list[DatasetField]:
    """The fields the preview shows: a figure dataset's codes (for machines) are left to
    the downloads, as on the figures page."""
    figure = DATASETS.get(dataset.figure_key) if dataset.is_figures else None
    if figure is None:
        return fields
    codes = {c.key for c in figure.columns if c.code}
    return [f for f in fields if f.key not in codes]


@domain_errors_as_pages
def dataset_page(request, key: str):
    actor = page_actor(request)
    dataset = dataset_get(key, actor)
    fields = dataset_fields(dataset)
    summary = dataset_summary(
        dataset, downloads=download_totals([dataset.pk])[dataset.pk], fields=fields
    )
    chart = None
    if dataset.is_figures:
        rows = figure_rows(dataset, [f.key for f in fields])
        total = len(rows)
        spec = figure_chart(dataset)
        if spec is not None:
            chart = chart_data(
                spec, {f.key: f.label for f in fields}, {f.key: f.unit for f in fields}, rows
            )
        preview = rows[:PREVIEW_ROWS]
    else:
        page = dataset_preview(dataset, PREVIEW_ROWS)
        preview, total = page.rows, page.total
    shown = _shown(dataset, fields)
    return render(
        request,
        "opendata/dataset.html",
        {
            "title": dataset.title,
            "dataset": dataset,
            "summary": summary,
            "fields": fields,
            "shown": shown,
            "preview": [[_cell(row.get(f.key)) for f in shown] for row in preview],
            "total": total,
            "chart": chart,
            "releases": list(releases_list(dataset)[:10]),
            "may_upload": not dataset.is_figures
            and actor.authenticated
            and may_publish(actor, dataset.publisher_id),
        },
    )


@domain_errors_as_pages
def download(request, key: str, fmt: str):
    """The dataset as CSV, .xlsx or JSON, counted; another format: 404."""
    return download_response(dataset_get(key, page_actor(request)), fmt)


@domain_errors_as_pages
def template(request, key: str):
    """An empty workbook headed by the dataset's field labels, to fill in for a release."""
    dataset = dataset_get(key, page_actor(request))
    if dataset.is_figures:
        raise Conflict(
            _("This dataset is built from the platform's figures: it takes no upload."),
            code="built_live",
        )
    labels = [f.label for f in dataset_fields(dataset)]
    body = rows_to_xlsx(labels, [], dataset.key)
    return xlsx_response(body, f"{dataset.key}-template", stamped=False)
