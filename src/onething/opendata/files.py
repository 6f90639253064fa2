"""A dataset as a file: CSV or .xlsx through core's exports (no cell ever becomes a
formula; the column keys as headers, as in the JSON), or JSON (its metadata and every
row). Each download served is counted (``services.downloads``)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core.errors import NotFound
from onething.core.exports import EXPORT_FORMATS, export_response

from .models import Dataset, DownloadFormat
from .selectors.catalogue import latest_release
from .selectors.rows import dataset_records, dataset_table
from .selectors.summary import field_summary, release_summary
from .services.downloads import download_record


def json_body(dataset: Dataset) -> bytes:
    """The dataset as one JSON document: what it is, its fields, then its rows."""
    release = None if dataset.is_figures else latest_release(dataset)
    document = {
        "dataset": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "publisher": {"code": dataset.publisher.code, "name": dataset.publisher.name},
        "licence": {"code": dataset.licence, "label": dataset.get_licence_display()},
        "modified": dataset.modified,
        "release": release_summary(release),
        "fields": [field_summary(f) for f in dataset.fields.order_by("position")],
        "rows": list(dataset_records(dataset)),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def download_response(dataset: Dataset, fmt: str) -> HttpResponse:
    """The dataset in ``fmt`` (csv, xlsx, json), counted; another format is a 404."""
    if fmt not in DownloadFormat.values:
        raise NotFound(_("Download as csv, xlsx or json."))
    name = f"open-data-{dataset.key}"
    if fmt in EXPORT_FORMATS:
        headers, rows = dataset_table(dataset)
        response = export_response(fmt, name, headers, rows)
    else:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(json_body(dataset), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.json"'
    download_record(dataset_id=dataset.pk, fmt=fmt)
    return response
