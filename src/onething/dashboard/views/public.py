"""The city in figures (数据公开): the headline numbers and a chart per open dataset, each
with its CSV and .xlsx download. Anyone may read it; aggregates only. Bad filters: 422 with
the reason beside the field and the charts left empty, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import RegionLevel
from onething.core.numbers import number, percent
from onething.core.permissions import SYSTEM
from onething.core.selectors.regions import regions_list

from ..selectors.datasets import DATASETS, Dataset, dataset_rows
from ..selectors.public import PublicFigures, PublicFilter, onething_section, public_filter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiguresFilter(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=DATE)
    date_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DATE)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = regions_list(SYSTEM).exclude(level=RegionLevel.PROVINCE)
        self.fields["region"].choices = [
            ("", _("The whole city")),
            *((r.code, f"{r.name} ({r.code})") for r in regions),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end is before the start."))
        return data


def checked_filter(query) -> tuple[FiguresFilter, PublicFilter | None]:
    """The form over ``query`` and, when it holds, the checked filter (the selectors' own
    refusals land beside the fields)."""
    form = FiguresFilter(query or None)
    if not form.is_bound:
        return form, public_filter()
    if not form.is_valid():
        return form, None
    try:
        return form, public_filter(
            date_from=form.cleaned_data.get("date_from"),
            date_to=form.cleaned_data.get("date_to"),
            region=form.cleaned_data.get("region") or "",
        )
    except ValidationFailed as error:
        problems_on(form, error)
        return form, None


def form_problems(form: FiguresFilter) -> ValidationFailed:
    """The form's errors as one 422 (for the downloads, which have no form to show)."""
    return ValidationFailed(
        [
            FieldProblem(name, "invalid", str(message))
            for name, messages in form.errors.items()
            for message in messages
        ]
    )


def _has_values(data: list[list[Any]]) -> bool:
    return any(v not in (None, 0) for series in data for v in series)


def chart_data(dataset: Dataset, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The common shape the page's script draws: kind, labels, series (name, data), unit;
    ``empty`` when there is nothing to draw."""
    chart = dataset.chart
    assert chart is not None
    columns = [dataset.column(key) for key in chart.series]
    if chart.transpose:
        labels = [str(c.label) for c in columns]
        data = [[row[c.key] for c in columns] for row in rows[:1]]
        series = [{"name": str(dataset.title), "data": d} for d in data]
    else:
        labels = [str(row[chart.label]) for row in rows]
        data = [[row[c.key] for row in rows] for c in columns]
        series = [{"name": str(c.label), "data": d} for c, d in zip(columns, data, strict=True)]
    return {
        "kind": chart.kind,
        "labels": labels,
        "series": series,
        "unit": columns[0].unit,
        "empty": not _has_values(data),
    }


PERIODS = {"year", "period", "month", "as_of"}  # columns naming a period: no separators


def _cell(value: Any, unit: str, key: str = "") -> str:
    """A figure as the page shows it: ``12,345``, ``87.5%``, ``—`` for none."""
    if value is None:
        return "—"
    if key in PERIODS or isinstance(value, str):
        return str(value)
    return percent(value) if unit == "%" else number(value)


def _links(key: str, query: str) -> dict[str, str]:
    suffix = f"?{query}" if query else ""
    return {
        fmt: reverse("city-figures-data", args=[key, fmt]) + suffix for fmt in ("csv", "xlsx")
    } | {"json": reverse("api:open-data", kwargs={"dataset": key}) + suffix}


def panels(figures: PublicFigures | None, query: str) -> list[dict[str, Any]]:
    """One panel per charted dataset: its chart data, its table and its download links
    (``figures`` None: the filters did not hold, every chart is empty)."""
    out = []
    for dataset in DATASETS.values():
        if dataset.chart is None:
            continue
        rows = dataset_rows(figures, dataset.key) if figures else []
        shown = [c for c in dataset.columns if not c.code]  # codes: in the downloads only
        out.append(
            {
                "key": dataset.key,
                "title": dataset.title,
                "description": dataset.description,
                "note": dataset.note,
                "chart": chart_data(dataset, rows),
                "headers": [c.label for c in shown],
                "rows": [[_cell(r[c.key], c.unit, c.key) for c in shown] for r in rows],
                "links": _links(dataset.key, query),
            }
        )
    return out


def figures_page(request):
    """Public: the headline figures and the charts, filtered by period and region."""
    form, flt = checked_filter(request.GET)
    query = urlencode(flt.as_query()) if flt else ""
    figures = PublicFigures(flt) if flt else None
    headline = dataset_rows(figures, "headline") if figures else []
    projection = dataset_rows(figures, "crossregion-projection")[0] if figures else None
    return render(
        request,
        "dashboard/figures.html",
        {
            "title": _("The city in figures"),
            "form": form,
            "valid": flt is not None,
            "headline": [{**h, "text": _cell(h["value"], h["unit"])} for h in headline],
            "projection": projection,
            "projection_links": _links("crossregion-projection", query),
            "headline_links": _links("headline", query),
            # 无难事、悉心办: 留言总量, 涉企诉求, 惠企建议, 按时办结率 (appeals-by-programme)
            "enterprise_platform": figures.enterprise_platform() if figures else None,
            "enterprise_links": _links("appeals-by-programme", query),
            # 高效办成一件事: the one-things per level, the runs they took in (bundles' roll-up)
            "onething": onething_section(figures) if figures else None,
            "panels": panels(figures, query),
        },
        status=200 if flt is not None else 422,
    )
