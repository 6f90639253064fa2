"""A dataset's rows over the API, paged by row number (``after`` the last row read, at most
``limit``): a page deep in a large release costs what the first does. And its download
counts, per format and per day. Public."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router

from onething.core.apiutils import actor
from onething.core.pagination_api import refuse_unknown_parameters
from onething.core.schema import Schema

from ..schemas import OpenDownloadsOut, OpenRowsOut
from ..selectors.catalogue import dataset_fields, dataset_get
from ..selectors.downloads import download_days, download_totals
from ..selectors.rows import LIMIT_DEFAULT, LIMIT_MAX, dataset_rows_page

router = Router(tags=["open data platform"])


class OpenRowsQuery(Schema):
    after: int = Field(0, ge=0, le=10**9, description="Rows after this one (0: from the first)")
    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Rows a page")


class OpenDownloadsQuery(Schema):
    date_from: dt.date | None = Field(None, description="The first day counted")
    date_to: dt.date | None = Field(None, description="The last day counted")


@router.get("/datasets/{key}/rows", response=OpenRowsOut, auth=None, url_name="opendata-rows")
def list_rows(request, key: str, query: Query[OpenRowsQuery]):
    """The rows of the dataset (its latest release, or its figures built now), each an
    object by the fields' keys; ``next_after`` continues. Public."""
    refuse_unknown_parameters(request, [query], {})
    dataset = dataset_get(key, actor(request))
    page = dataset_rows_page(dataset, after=query.after, limit=query.limit)
    return {
        "dataset": dataset.key,
        "release": page.release.number if page.release else None,
        "after": page.after,
        "next_after": page.next_after,
        "total": page.total,
        "fields": [f.key for f in dataset_fields(dataset)],
        "rows": page.rows,
    }


@router.get("/datasets/{key}/downloads", response=OpenDownloadsOut, auth=None)
def list_downloads(request, key: str, query: Query[OpenDownloadsQuery]):
    """How often the dataset was downloaded: in all, by format, and per day (newest
    first) within the period given. Public."""
    refuse_unknown_parameters(request, [query], {})
    dataset = dataset_get(key, actor(request))
    return {
        "dataset": dataset.key,
        "totals": download_totals([dataset.pk])[dataset.pk],
        "days": download_days(dataset, date_from=query.date_from, date_to=query.date_to),
    }
