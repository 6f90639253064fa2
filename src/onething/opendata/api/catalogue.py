"""The catalogue over the API: the datasets with their metadata (plain JSON, paged), the
same as one DCAT document (JSON-LD), one dataset, and a department's definition of a
dataset (``PUT``: the same definition again changes nothing)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination import MAX_PAGE, MAX_PAGE_SIZE, page_window
from onething.core.pagination_api import refuse_unknown_parameters
from onething.core.schema import Schema

from ..rules.dcat import CONTEXT, catalogue_document, dataset_node
from ..rules.definitions import FieldSpec
from ..schemas import OpenCatalogueFilter, OpenDatasetIn, OpenDatasetOut
from ..selectors.catalogue import dataset_get, datasets_list
from ..selectors.downloads import download_totals
from ..selectors.summary import dataset_summary, datasets_summaries
from ..services.catalogue import dataset_define

router = Router(tags=["open data platform"])
LD_JSON = "application/ld+json"
CATALOGUE_MAX = 1000  # the JSON-LD document lists at most this many datasets


class OpenCataloguePaging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Datasets a page")
    cursor: str | None = Field(None, max_length=600, description="The next_cursor of a page")


class OpenCataloguePage(Schema):
    items: list[OpenDatasetOut]
    count: int
    count_capped: bool
    next_cursor: str | None


def _absolute(request):
    return request.build_absolute_uri


@router.get("/datasets", response=OpenCataloguePage, auth=None, url_name="opendata-datasets")
def list_datasets(request, filters: Query[OpenCatalogueFilter], paging: Query[OpenCataloguePaging]):
    """The open datasets, latest change first, with their metadata: publisher, theme,
    keywords, licence, update frequency, dates, fields, the release served, download
    counts by format and where to get them. ``q`` searches the title, description and
    keywords; ``theme`` and ``publisher`` filter by code. Public."""
    refuse_unknown_parameters(request, [filters, paging], {})
    rows = datasets_list(actor(request), **filters.dict())
    window = page_window(rows, paging.page, paging.cursor, paging.page_size)
    return {
        "items": datasets_summaries(window.items, _absolute(request)),
        "count": window.count,
        "count_capped": window.capped,
        "next_cursor": window.next_cursor,
    }


def _ld_response(document: dict) -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type=f"{LD_JSON}; charset=utf-8")


LD_DOC = {
    "responses": {
        200: {
            "description": "JSON-LD in the W3C DCAT vocabulary",
            "content": {LD_JSON: {"schema": {"type": "object"}}},
        }
    }
}


@router.get("/catalog.jsonld", auth=None, openapi_extra=LD_DOC, url_name="opendata-dcat")
def catalogue_jsonld(request):
    """The whole catalogue as one ``dcat:Catalog`` (JSON-LD): each dataset a
    ``dcat:Dataset`` with its publisher, theme, keywords, licence, frequency, columns and
    one ``dcat:Distribution`` per format. Public."""
    entries = datasets_summaries(datasets_list(actor(request))[:CATALOGUE_MAX], _absolute(request))
    return _ld_response(
        catalogue_document(
            title=_("Public data platform"),
            description=_("The open datasets the city's departments publish."),
            url=request.build_absolute_uri(reverse("api:opendata-dcat")),
            entries=entries,
        )
    )


def _summary(request, key: str) -> dict:
    dataset = dataset_get(key, actor(request))
    return dataset_summary(
        dataset, downloads=download_totals([dataset.pk])[dataset.pk], absolute=_absolute(request)
    )


@router.get("/datasets/{key}", response=OpenDatasetOut, auth=None, url_name="opendata-dataset")
def get_dataset(request, key: str):
    """One dataset's metadata, fields, release served and download counts. Public; an
    unknown identifier is a 404."""
    return _summary(request, key)


@router.get("/datasets/{key}/jsonld", auth=None, openapi_extra=LD_DOC)
def dataset_jsonld(request, key: str):
    """One dataset as a ``dcat:Dataset`` (JSON-LD). Public."""
    return _ld_response({"@context": CONTEXT, **dataset_node(_summary(request, key))})


@router.put("/datasets/{key}", response={200: OpenDatasetOut, 201: OpenDatasetOut})
def define_dataset(request, key: str, payload: OpenDatasetIn):
    """Define a dataset of your department (officers; administrators), or change its
    definition: 201 when new, 200 otherwise (the same definition again changes nothing).
    Another department's: 403; an identifier another dataset has: 409 ``key_taken``; once
    it has releases its fields' keys and types are fixed (409 ``fields_fixed``)."""
    data = payload.dict()
    dataset, created = dataset_define(
        actor=actor(request),
        key=key,
        title=data["title"],
        description=data["description"],
        publisher=data["publisher"],
        theme=data["theme"],
        keywords=data["keywords"],
        licence=data["licence"],
        update_frequency=data["update_frequency"],
        issued=data["issued"],
        fields=[FieldSpec(**f) for f in data["fields"]],
    )
    return Status(201 if created else 200, _summary(request, dataset.key))
