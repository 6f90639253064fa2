"""Open data (公开数据): every public figure as JSON, with the same filters as the figures
page and its CSV/.xlsx downloads. Anonymous; aggregates only."""

from __future__ import annotations

from django.urls import reverse
from ninja import Query, Router

from onething.core.errors import NotFound

from .schemas import ROWS, DatasetInfo, DatasetOut, OpenDataFilter
from .selectors.datasets import DATASETS, Dataset, dataset_get, dataset_rows
from .selectors.public import PublicFigures, public_filter

router = Router(tags=["open data"])


def _columns(dataset: Dataset) -> list[dict[str, str]]:
    return [{"key": c.key, "label": str(c.label), "unit": c.unit} for c in dataset.columns]


@router.get("/", response=list[DatasetInfo], auth=None, summary="The open datasets")
def datasets(request):
    """Every dataset: what it counts, the filters that apply, its columns and where to get
    it as JSON, CSV and .xlsx. Public."""
    return [
        {
            "key": d.key,
            "title": str(d.title),
            "description": str(d.description),
            "filters": sorted(d.applies),
            "note": str(d.note),
            "columns": _columns(d),
            "json_url": reverse("api:open-data", kwargs={"dataset": d.key}),
            "csv_url": reverse("city-figures-data", args=[d.key, "csv"]),
            "xlsx_url": reverse("city-figures-data", args=[d.key, "xlsx"]),
        }
        for d in DATASETS.values()
    ]


def _answer(key: str, filters: OpenDataFilter) -> dict:
    dataset = dataset_get(key)
    flt = public_filter(date_from=filters.date_from, date_to=filters.date_to, region=filters.region)
    return {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "filters": {"date_from": flt.date_from, "date_to": flt.date_to, "region": flt.region},
        "applies": sorted(dataset.applies),
        "note": str(dataset.note),
        "columns": _columns(dataset),
        "rows": dataset_rows(PublicFigures(flt), key),
    }


def _route(key: str, row_schema) -> None:
    dataset = DATASETS[key]

    def one(request, filters: Query[OpenDataFilter]):
        return _answer(key, filters)

    one.__name__ = f"open_data_{key.replace('-', '_')}"
    one.__doc__ = (
        f"The dataset {key} (its description, columns and units: GET /api/open-data/). "
        f"Filters that apply: {', '.join(sorted(dataset.applies)) or 'none'}; an inverted "
        "period or an unknown region is a 422 naming the field. Public."
    )
    router.get(
        f"/{key}",
        response=DatasetOut[row_schema],
        auth=None,
        summary=f"Open data: {key}",
        url_name=f"open-data-{key}",
    )(one)


for _key, _schema in ROWS.items():
    _route(_key, _schema)


@router.get("/{dataset}", auth=None, url_name="open-data", include_in_schema=False)
def unknown(request, dataset: str):
    """A name that is no dataset: 404 listing the datasets."""
    dataset_get(dataset)
    raise NotFound(dataset)  # not reached: every dataset has its own route above
