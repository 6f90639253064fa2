"""The open-data API's shapes: a dataset's metadata (``OpenDatasetOut``), a page of its
rows, its releases and download counts, and a dataset's definition (``OpenDatasetIn``).
Names start with ``Open``: the OpenAPI document keeps one schema per class name."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field

from onething.core.schema import CodeRef, Schema

from .models import FieldType, Frequency, Licence, Source, Theme
from .rules import definitions as limits

ThemeCode = Literal[tuple(Theme.values)]  # type: ignore[valid-type]
LicenceCode = Literal[tuple(Licence.values)]  # type: ignore[valid-type]
FrequencyCode = Literal[tuple(Frequency.values)]  # type: ignore[valid-type]
FieldTypeCode = Literal[tuple(FieldType.values)]  # type: ignore[valid-type]
SourceCode = Literal[tuple(Source.values)]  # type: ignore[valid-type]


class OpenCatalogueFilter(Schema):
    q: str = Field("", max_length=100, description="Words in the title, description or keywords")
    theme: str = Field("", max_length=16, description="A theme's code (see the themes list)")
    publisher: str = Field("", max_length=32, description="The publishing department's code")


class OpenCodeLabel(Schema):
    code: str
    label: str = Field(..., description="In the request's language (Accept-Language)")


class OpenFieldOut(Schema):
    key: str = Field(..., description="The column's name in the JSON and the downloads")
    label: str = Field(..., description="Its header as people read it")
    type: FieldTypeCode
    unit: str
    description: str
    required: bool


class OpenReleaseOut(Schema):
    number: int = Field(..., description="1 for the first release; the highest is served")
    published_at: dt.datetime
    row_count: int
    note: str


class OpenDownloadCounts(Schema):
    total: int
    by_format: dict[str, int] = Field(..., description="Downloads as csv, xlsx and json")


class OpenDatasetUrls(Schema):
    page: str = Field(..., description="The dataset's page")
    api: str = Field(..., description="Its metadata (this answer)")
    rows: str = Field(..., description="Its rows, paged")
    download: dict[str, str] = Field(..., description="The file in each format: csv, xlsx, json")


class OpenDatasetOut(Schema):
    key: str
    title: str
    description: str
    publisher: CodeRef
    theme: OpenCodeLabel
    keywords: list[str]
    licence: OpenCodeLabel
    update_frequency: OpenCodeLabel
    source: SourceCode = Field(
        ..., description="release: the department's latest release; figures: built when read"
    )
    figure_key: str = Field(..., description="The figure dataset (source figures), else empty")
    issued: dt.date
    modified: dt.datetime
    fields: list[OpenFieldOut]
    release: OpenReleaseOut | None = Field(..., description="The release served, if any")
    downloads: OpenDownloadCounts
    urls: OpenDatasetUrls


class OpenRowsOut(Schema):
    dataset: str
    release: int | None = Field(..., description="The release these rows are of")
    after: int
    next_after: int | None = Field(
        ..., description="Pass as ``after`` for the next page; null on the last page"
    )
    total: int = Field(..., description="Rows in the dataset")
    fields: list[str] = Field(..., description="The keys of each row, in order")
    rows: list[dict[str, Any]]


class OpenDownloadDayOut(Schema):
    day: dt.date
    total: int
    by_format: dict[str, int]


class OpenDownloadsOut(Schema):
    dataset: str
    totals: OpenDownloadCounts
    days: list[OpenDownloadDayOut]


class OpenFieldIn(Schema):
    key: str = Field(..., max_length=40, description="Lower-case letters, digits, underscores")
    label: str = Field(..., max_length=limits.LABEL_MAX)
    type: FieldTypeCode = "text"
    unit: str = Field("", max_length=limits.UNIT_MAX)
    description: str = Field("", max_length=limits.FIELD_DESCRIPTION_MAX)
    required: bool = False


class OpenDatasetIn(Schema):
    title: str = Field(..., max_length=limits.TITLE_MAX)
    description: str = Field("", max_length=limits.DESCRIPTION_MAX)
    publisher: str = Field(..., max_length=32, description="The department's code")
    theme: ThemeCode
    keywords: list[str] = Field(default_factory=list, max_length=limits.KEYWORDS_MAX)
    licence: LicenceCode
    update_frequency: FrequencyCode
    issued: dt.date | None = Field(None, description="First published (default: today)")
    fields: list[OpenFieldIn] = Field(..., min_length=1, max_length=limits.FIELDS_MAX)
