"""The open datasets: every public figure as a table (columns, rows of dicts), built from
``PublicFigures``. The figures page, the CSV/.xlsx downloads and the JSON API all read
them here, so a figure is the same wherever it is shown.

Rates and shares are percentages (0–100); hours are means over concluded one-thing runs.
Each dataset says which filters apply to it; where one does not (the honour cards are not
kept per region), ``note`` says so and the page shows it beside the chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onething.core.errors import NotFound

from . import datasets_build as build
from .public import PublicFigures

PERIOD, REGION = "period", "region"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    unit: str = ""  # "" (a count or a text), "%", "h" (hours)
    code: bool = False  # a key for machines: in the downloads and the API, not on the page


@dataclass(frozen=True)
class Chart:
    """How the page draws a dataset: ``kind`` bar / line / pie, the labels from the column
    ``label`` and one series per column of ``series``; ``transpose``: a one-row dataset
    whose series columns become the labels."""

    kind: str
    label: str
    series: tuple[str, ...]
    transpose: bool = False


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    build: Callable[[PublicFigures], list[dict[str, Any]]]
    applies: frozenset[str] = field(default_factory=frozenset)
    note: str | Promise = ""
    chart: Chart | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


NOT_BY_REGION_CROSS = _(
    "Counted over the whole alliance of towns: the region filter does not apply."
)
NOT_FILTERED_ALLIANCES = _(
    "The alliances as they stand today: neither the period nor the region filter applies."
)
NOT_FILTERED_BUNDLES = _(
    "Over every concluded application: neither the period nor the region filter applies."
)
CARDS_NO_REGION = _("The honour cards are not kept per region: the region filter does not apply.")
CATALOGUE_NOW = _(
    "The catalogue as it is today (the period does not apply); a region counts the items "
    "of the departments in it."
)
CASE_COLUMNS = (
    Column("cases", _("Cases")),
    Column("online", _("Online")),
    Column("no_visit", _("Without a visit")),
    Column("concluded", _("Concluded")),
    Column("on_time", _("On time")),
    Column("online_share", _("Share online"), "%"),
    Column("no_visit_share", _("Share without a visit"), "%"),
    Column("on_time_rate", _("On-time rate"), "%"),
    Column("satisfaction_rate", _("Satisfaction rate"), "%"),
)

DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "headline",
            _("Headline figures"),
            _("The headline numbers of the figures page."),
            (
                Column("figure", _("Figure")),
                Column("label", _("Label")),
                Column("value", _("Value")),
                Column("unit", _("Unit")),
            ),
            build.headline,
            frozenset({PERIOD, REGION}),
        ),
        Dataset(
            "cases-by-month",
            _("Cases by month"),
            _("Cases per month of submission: online, without a visit, concluded, on time."),
            (Column("month", _("Month")), *CASE_COLUMNS),
            build.cases_by_month,
            frozenset({PERIOD, REGION}),
            chart=Chart("line", "month", ("cases", "online", "no_visit")),
        ),
        Dataset(
            "cases-by-category",
            _("Cases by category"),
            _("Cases per category of the catalogue."),
            (
                Column("category_code", _("Code"), code=True),
                Column("category", _("Category")),
                *CASE_COLUMNS,
            ),
            build.cases_by_category,
            frozenset({PERIOD, REGION}),
            chart=Chart("bar", "category", ("cases", "online", "no_visit")),
        ),
        Dataset(
            "case-rates",
            _("Online, without a visit, on time, satisfied"),
            _("The shares and rates over every case of the period."),
            (
                Column("cases", _("Cases")),
                Column("concluded", _("Concluded")),
                *(c for c in CASE_COLUMNS if c.unit == "%"),
                Column("mean_working_days", _("Mean working days")),
            ),
            build.case_rates,
            frozenset({PERIOD, REGION}),
            chart=Chart(
                "bar",
                "",
                ("online_share", "no_visit_share", "on_time_rate", "satisfaction_rate"),
                transpose=True,
            ),
        ),
        Dataset(
            "crossregion-by-year",
            _("Cross-region cases by year"),
            _(
                "Cases received in one town of the alliance and handled in another, per year, "
                "with the projection of the current year."
            ),
            (
                Column("period", _("Year")),
                Column("cases", _("Cases")),
                Column("concluded", _("Concluded")),
                Column("projected", _("Projected")),
            ),
            build.crossregion_by_year,
            frozenset({PERIOD}),
            NOT_BY_REGION_CROSS,
            Chart("bar", "period", ("cases", "concluded", "projected")),
        ),
        Dataset(
            "crossregion-by-half",
            _("Cross-region cases by half-year"),
            _("Cross-region cases per half-year."),
            (
                Column("period", _("Half-year")),
                Column("cases", _("Cases")),
                Column("concluded", _("Concluded")),
            ),
            build.crossregion_by_half,
            frozenset({PERIOD}),
            NOT_BY_REGION_CROSS,
            Chart("bar", "period", ("cases", "concluded")),
        ),
        Dataset(
            "crossregion-projection",
            _("Cross-region projection"),
            _(
                "The full-year volume of the year the period ends in, projected as of its "
                "last day (today at the latest), and the method."
            ),
            (
                Column("year", _("Year")),
                Column("as_of", _("As of")),
                Column("so_far", _("Cases so far")),
                Column("projected", _("Projected")),
                Column("method", _("Method")),
            ),
            build.crossregion_projection,
            frozenset({PERIOD}),
            NOT_BY_REGION_CROSS,
        ),
        Dataset(
            "crossregion-alliances",
            _("Cross-region alliances"),
            _(
                "Each alliance of towns as it stands today: its towns, the items listed for "
                "cross-region service and the categories they span."
            ),
            (
                Column("code", _("Code"), code=True),
                Column("name", _("Alliance")),
                Column("towns", _("Towns")),
                Column("items", _("Items")),
                Column("categories", _("Categories")),
            ),
            build.crossregion_alliances,
            frozenset(),
            NOT_FILTERED_ALLIANCES,
            Chart("bar", "name", ("towns", "items", "categories")),
        ),
        Dataset(
            "bundles",
            _("One-things: time saved"),
            _(
                "Per one-thing: concluded applications, mean hours from submission to the last "
                "result, against the hours had the steps run one after the other."
            ),
            (
                Column("bundle_code", _("Code"), code=True),
                Column("bundle", _("One-thing")),
                Column("runs", _("Concluded")),
                Column("elapsed_hours", _("Hours taken"), "h"),
                Column("relay_hours", _("Hours one after the other"), "h"),
                Column("saving_hours", _("Hours saved"), "h"),
            ),
            build.bundles,
            frozenset(),
            NOT_FILTERED_BUNDLES,
            Chart("bar", "bundle", ("elapsed_hours", "relay_hours")),
        ),
        Dataset(
            "appeals-by-type",
            _("Appeals by type"),
            _(
                "Appeals per type: received, closed, the completion, on-time conclusion, "
                "on-time reply and satisfaction rates."
            ),
            (
                Column("type", _("Code"), code=True),
                Column("type_label", _("Type")),
                Column("total", _("Received")),
                Column("closed", _("Closed")),
                Column("completion_rate", _("Completion rate"), "%"),
                Column("on_time_conclusion_rate", _("On-time conclusion rate"), "%"),
                Column("on_time_rate", _("On-time reply rate"), "%"),
                Column("satisfaction_rate", _("Satisfaction rate"), "%"),
            ),
            build.appeals_by_type,
            frozenset({PERIOD, REGION}),
            chart=Chart(
                "bar",
                "type_label",
                ("completion_rate", "on_time_conclusion_rate", "on_time_rate", "satisfaction_rate"),
            ),
        ),
        Dataset(
            "appeals-by-programme",
            _("Appeals by programme"),
            _(
                "Appeals per programme (the enterprise platform, 微幸福…): received, of which "
                "demands, suggestions, inquiries and complaints, closed, and the on-time "
                "conclusion, completion, on-time reply and satisfaction rates."
            ),
            (
                Column("programme", _("Code"), code=True),
                Column("programme_label", _("Programme")),
                Column("total", _("Received")),
                Column("demands", _("Demands")),
                Column("suggestions", _("Suggestions")),
                Column("inquiries", _("Inquiries")),
                Column("complaints", _("Complaints")),
                Column("closed", _("Closed")),
                Column("on_time_conclusion_rate", _("On-time conclusion rate"), "%"),
                Column("completion_rate", _("Completion rate"), "%"),
                Column("on_time_rate", _("On-time reply rate"), "%"),
                Column("satisfaction_rate", _("Satisfaction rate"), "%"),
            ),
            build.appeals_by_programme,
            frozenset({PERIOD, REGION}),
            chart=Chart(
                "bar", "programme_label", ("demands", "suggestions", "inquiries", "complaints")
            ),
        ),
        Dataset(
            "cards-by-venue",
            _("Honour card rides by venue"),
            _("Rides and entries allowed at each venue in the period."),
            (
                Column("venue_code", _("Code"), code=True),
                Column("venue", _("Venue")),
                Column("rides", _("Rides")),
            ),
            build.cards_by_venue,
            frozenset({PERIOD}),
            CARDS_NO_REGION,
            Chart("pie", "venue", ("rides",)),
        ),
        Dataset(
            "cards-by-month",
            _("Honour card rides by month"),
            _("Rides and entries allowed per month."),
            (Column("month", _("Month")), Column("rides", _("Rides"))),
            build.cards_by_month,
            frozenset({PERIOD}),
            CARDS_NO_REGION,
            Chart("line", "month", ("rides",)),
        ),
        Dataset(
            "catalogue",
            _("Service items by channel"),
            _(
                "Service items in service per category: how many can be applied for online "
                "and at a window."
            ),
            (
                Column("category_code", _("Code"), code=True),
                Column("category", _("Category")),
                Column("items", _("Service items")),
                Column("online", _("Online")),
                Column("at_window", _("At a window")),
                Column("online_only", _("Online only")),
                Column("online_share", _("Share online"), "%"),
            ),
            build.catalogue,
            frozenset({REGION}),
            CATALOGUE_NOW,
            Chart("bar", "category", ("items", "online")),
        ),
    )
}


def dataset_get(key: str) -> Dataset:
    """The dataset ``key``, or a 404 that lists the datasets."""
    try:
        return DATASETS[key]
    except KeyError:
        raise NotFound(
            gettext("There is no dataset %(key)s; the datasets are: %(keys)s.")
            % {"key": key, "keys": ", ".join(DATASETS)}
        ) from None


def dataset_rows(figures: PublicFigures, key: str) -> list[dict[str, Any]]:
    """The rows of one dataset, in its columns' order."""
    dataset = dataset_get(key)
    keys = [c.key for c in dataset.columns]
    return [{k: row.get(k) for k in keys} for row in dataset.build(figures)]


def dataset_table(figures: PublicFigures, key: str) -> tuple[list[str], list[list[Any]]]:
    """One dataset as a table for CSV and .xlsx: the column keys as headers (the same
    names as in the JSON), then a list per row."""
    dataset = dataset_get(key)
    keys = [c.key for c in dataset.columns]
    return keys, [[_exact(row[k]) for k in keys] for row in dataset_rows(figures, key)]


def _exact(value: Any) -> Any:
    """A rate or a mean as a Decimal: a number in .xlsx, its exact text in CSV."""
    return Decimal(str(value)) if isinstance(value, float) else value
