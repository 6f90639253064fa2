"""The open data API's schemas: the filters, the list of datasets, and one row schema per
dataset (``ROWS``) inside the same envelope (``DatasetOut``)."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from ninja import Field

from onething.core.schema import Schema

Percent = float | None
Hours = float | None


class OpenDataFilter(Schema):
    date_from: dt.date | None = Field(None, description="The period's first day (whole months)")
    date_to: dt.date | None = Field(None, description="The period's last day (whole months)")
    region: str = Field(
        "",
        max_length=12,
        pattern=r"^[0-9]*$",
        description="A region code (GB/T 2260): the region and everything below it",
    )


class ColumnOut(Schema):
    key: str
    label: str
    unit: str = Field(..., description='"" (a count or a text), "%" (percent) or "h" (hours)')


class DatasetInfo(Schema):
    key: str
    title: str
    description: str
    filters: list[str] = Field(..., description="The filters that apply: period, region")
    note: str = Field(..., description="Why a filter does not apply, if one does not")
    columns: list[ColumnOut]
    json_url: str
    csv_url: str
    xlsx_url: str


class FiltersOut(Schema):
    date_from: dt.date | None
    date_to: dt.date | None
    region: str


Row = TypeVar("Row", bound=Schema)


class DatasetOut(Schema, Generic[Row]):
    dataset: str
    title: str
    filters: FiltersOut
    applies: list[str] = Field(..., description="The filters that apply to this dataset")
    note: str
    columns: list[ColumnOut]
    rows: list[Row]


class HeadlineRow(Schema):
    figure: str
    label: str
    value: int | float | None
    unit: str


class CaseRates(Schema):
    online_share: Percent
    no_visit_share: Percent
    on_time_rate: Percent
    satisfaction_rate: Percent


class CaseCounts(CaseRates):
    cases: int
    online: int
    no_visit: int
    concluded: int
    on_time: int


class CasesMonthRow(CaseCounts):
    month: str = Field(..., description="YYYY-MM, the month of submission")


class CasesCategoryRow(CaseCounts):
    category_code: str
    category: str


class CaseRatesRow(CaseRates):
    cases: int
    concluded: int
    mean_working_days: float | None


class CrossRegionYearRow(Schema):
    period: str = Field(..., description="YYYY")
    cases: int
    concluded: int
    projected: int | None = Field(..., description="The full-year projection (its year only)")


class CrossRegionHalfRow(Schema):
    period: str = Field(..., description="YYYY-H1 or YYYY-H2")
    cases: int
    concluded: int


class ProjectionRow(Schema):
    year: int
    as_of: dt.date
    so_far: int
    projected: int | None
    method: str = Field(..., description="seasonal, linear, complete or not_started")


class AllianceRow(Schema):
    code: str
    name: str
    towns: int
    items: int
    categories: int


class BundleRow(Schema):
    bundle_code: str
    bundle: str
    runs: int
    elapsed_hours: Hours
    relay_hours: Hours
    saving_hours: Hours


class AppealTypeRow(Schema):
    type: str
    type_label: str
    total: int
    closed: int
    completion_rate: Percent
    on_time_conclusion_rate: Percent = Field(..., description="按时办结率")
    on_time_rate: Percent = Field(..., description="按时回复率")
    satisfaction_rate: Percent


class AppealProgrammeRow(Schema):
    programme: str = Field(..., description="the programme's code; empty: outside any")
    programme_label: str
    total: int
    demands: int
    suggestions: int
    inquiries: int
    complaints: int
    closed: int
    on_time_conclusion_rate: Percent = Field(..., description="按时办结率")
    completion_rate: Percent
    on_time_rate: Percent = Field(..., description="按时回复率")
    satisfaction_rate: Percent


class VenueRow(Schema):
    venue_code: str
    venue: str
    rides: int


class CardsMonthRow(Schema):
    month: str = Field(..., description="YYYY-MM")
    rides: int


class CatalogueRow(Schema):
    category_code: str
    category: str
    items: int
    online: int
    at_window: int
    online_only: int
    online_share: Percent


ROWS: dict[str, type[Schema]] = {
    "headline": HeadlineRow,
    "cases-by-month": CasesMonthRow,
    "cases-by-category": CasesCategoryRow,
    "case-rates": CaseRatesRow,
    "crossregion-by-year": CrossRegionYearRow,
    "crossregion-by-half": CrossRegionHalfRow,
    "crossregion-projection": ProjectionRow,
    "crossregion-alliances": AllianceRow,
    "bundles": BundleRow,
    "appeals-by-type": AppealTypeRow,
    "appeals-by-programme": AppealProgrammeRow,
    "cards-by-venue": VenueRow,
    "cards-by-month": CardsMonthRow,
    "catalogue": CatalogueRow,
}
