"""A dataset's metadata as plain data: what the API answers, what the DCAT document is
made from (``rules.dcat``), and what the pages show. Public: the publisher is a
department, a release says when and how many rows, never who uploaded it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse

from ..models import Dataset, DatasetField, DownloadFormat, Release
from .catalogue import dataset_fields, latest_release
from .downloads import download_totals

UNREAD = object()  # a release not read yet (None: there is none)


def dataset_urls(key: str, absolute: Callable[[str], str] = str) -> dict[str, str]:
    """Where the dataset is: its page, its API entry and rows, each download."""
    return {
        "page": absolute(reverse("opendata-dataset", args=[key])),
        "api": absolute(reverse("api:opendata-dataset", kwargs={"key": key})),
        "rows": absolute(reverse("api:opendata-rows", kwargs={"key": key})),
        "download": {
            fmt: absolute(reverse("opendata-download", args=[key, fmt]))
            for fmt in DownloadFormat.values
        },
    }


def field_summary(field: DatasetField) -> dict[str, Any]:
    return {
        "key": field.key,
        "label": field.label,
        "type": field.type,
        "unit": field.unit,
        "description": field.description,
        "required": field.required,
    }


def release_summary(release: Any) -> dict[str, Any] | None:
    if release is None:
        return None
    return {
        "number": release.number,
        "published_at": release.published_at,
        "row_count": release.row_count,
        "note": release.note,
    }


def dataset_summary(
    dataset: Dataset,
    *,
    downloads: dict[str, Any],
    fields: list[DatasetField] | None = None,
    release: Release | object | None = UNREAD,
    absolute: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The dataset's metadata (``fields`` and ``release`` read when not given)."""
    fields = dataset_fields(dataset) if fields is None else fields
    if release is UNREAD:
        release = None if dataset.is_figures else latest_release(dataset)
    return {
        "key": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "publisher": {"code": dataset.publisher.code, "name": dataset.publisher.name},
        "theme": {"code": dataset.theme, "label": dataset.get_theme_display()},
        "keywords": dataset.keyword_list,
        "licence": {"code": dataset.licence, "label": dataset.get_licence_display()},
        "update_frequency": {
            "code": dataset.update_frequency,
            "label": dataset.get_update_frequency_display(),
        },
        "source": dataset.source,
        "figure_key": dataset.figure_key,
        "issued": dataset.issued,
        "modified": dataset.modified,
        "fields": [field_summary(f) for f in fields],
        "release": release_summary(release),
        "downloads": downloads,
        "urls": dataset_urls(dataset.key, absolute),
    }


def datasets_summaries(
    datasets: Iterable[Dataset], absolute: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """The metadata of several datasets: their fields, latest releases and download
    counts read in three queries for all of them."""
    datasets = list(datasets)
    ids = [d.pk for d in datasets]
    totals = download_totals(ids)
    fields: dict[int, list[DatasetField]] = {pk: [] for pk in ids}
    for field in DatasetField.objects.filter(dataset_id__in=ids).order_by("dataset", "position"):
        fields[field.dataset_id].append(field)
    latest: dict[int, Release] = {}
    for release in Release.objects.filter(dataset_id__in=ids).order_by("dataset", "number"):
        latest[release.dataset_id] = release  # the last one read is the highest number
    return [
        dataset_summary(
            d,
            downloads=totals[d.pk],
            fields=fields[d.pk],
            release=latest.get(d.pk),
            absolute=absolute,
        )
        for d in datasets
    ]
