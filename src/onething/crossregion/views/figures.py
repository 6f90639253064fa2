"""The public figures of the cross-region service (跨域通办数据): cases per year or half-year,
per pair of towns, category and mode, the full-year projection "as of" a day, and how soon
walk-ins were started (the seed's "10分钟就能启动办理流程"). Every table exports as CSV or
.xlsx. The figures are counted from the cases (selectors/figures.py), never typed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.web.views.base import domain_errors_as_pages

from ..rules import START_LIMIT_MINUTES, Projection
from ..selectors import figures

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiguresFilter(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Submitted from"), required=False, widget=DATE)
    date_to = forms.DateField(label=gettext_lazy("Submitted until"), required=False, widget=DATE)
    period = forms.ChoiceField(
        label=gettext_lazy("Count per"),
        required=False,
        choices=[("year", gettext_lazy("year")), ("half", gettext_lazy("half-year"))],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Project the year"), required=False, min_value=2000, max_value=2100
    )
    as_of = forms.DateField(label=gettext_lazy("as of"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end is before the start."))
        year, as_of = data.get("year"), data.get("as_of")
        if year and (as_of or clock.today()).year < year:
            self.add_error(
                "as_of" if as_of else "year",
                _("A projection for %(year)s is made as of a day in %(year)s or later.")
                % {"year": year},
            )
        return data


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    numeric_from: int = 1  # the columns from here on are figures (aligned right)
    collapsed: bool = False  # a long table, folded under its title


def _period_label(key: str) -> str:
    if "-H" not in key:
        return key
    year, half = key.split("-H")
    if half == "1":
        return _("%(year)s, first half") % {"year": year}
    return _("%(year)s, second half") % {"year": year}


def _share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _per_centre(starts: list[dict]) -> list[list[Any]]:
    """The start times per centre, summed over the months (mean weighted by walk-ins)."""
    centres: dict[str, list] = {}
    for r in starts:
        row = centres.setdefault(r["center_code"], [r["center"], 0, 0, 0.0])
        row[1] += r["cases"]
        row[2] += r["within_10_minutes"]
        row[3] += (r["mean_minutes"] or 0) * r["cases"]
    return [
        [name, cases, within, _share(within / cases), round(total / cases, 1)]
        for name, cases, within, total in centres.values()
        if cases
    ]


def method_text(p: Projection) -> str:
    share = _share(p.share)
    return {
        "seasonal": _(
            "Seasonal: the cases so far divided by the share of last year's cases that had "
            "come in by the same day (%(share)s), because cases are not spread evenly over "
            "the year (fewer around the Spring Festival)."
        ),
        "linear": _(
            "Linear: the cases so far divided by the share of the year's days gone by "
            "(%(share)s); last year gives no usable comparison."
        ),
        "complete": _("The year is over: the figure is the final count."),
        "not_started": _("The year had not begun on that day: nothing to project."),
    }[p.method] % {"share": share}


def _tables(data: dict) -> tuple[list[Table], Projection, dict]:
    start, end = data.get("date_from"), data.get("date_to")
    period = data.get("period") or "year"
    as_of = data.get("as_of") or clock.today()
    year = data.get("year") or as_of.year
    cases, concluded = _("Cases"), _("Concluded")
    periods = figures.by_period(period, start, end)
    tables = [
        Table(
            "periods",
            _("Per year") if period == "year" else _("Per half-year"),
            [_("Period"), cases, concluded],
            [[_period_label(r["period"]), r["cases"], r["concluded"]] for r in periods],
        ),
        Table(
            "pairs",
            _("Per pair of towns"),
            [_("Received in"), _("Handled in (高效协同: data checked in)"), cases, concluded],
            [
                [r["receiving"], r["handling"], r["cases"], r["concluded"]]
                for r in figures.by_pair(start, end)
            ],
            numeric_from=2,
        ),
        Table(
            "categories",
            _("Per category"),
            [_("Category"), cases, concluded],
            [[r["label"], r["cases"], r["concluded"]] for r in figures.by_category(start, end)],
        ),
        Table(
            "modes",
            _("Per mode"),
            [_("Mode (the seed's terms)"), _("How the case travels"), cases, concluded],
            [
                ["、".join(r["terms"]), r["explanation"], r["cases"], r["concluded"]]
                for r in figures.by_mode(start, end)
            ],
            numeric_from=2,
        ),
        Table(
            "checks",
            _("高效协同: data checks answered by the partner towns"),
            [
                _("Checked in"),
                _("Asked"),
                _("Answered"),
                _("Answered by the day asked"),
                _("Awaiting the answer"),
                _("Mean working days to answer"),
            ],
            [
                [
                    r["town"],
                    r["asked"],
                    r["answered"],
                    r["on_time"],
                    r["open"],
                    r["mean_working_days"],
                ]
                for r in figures.checks_by_town(start, end)
            ],
        ),
    ]
    starts = figures.start_times(start, end)
    limit = {"n": START_LIMIT_MINUTES}
    start_headers = [
        _("Walk-ins"),
        _("Within %(n)s minutes") % limit,
        _("Share"),
        _("Mean minutes"),
    ]
    tables += [
        Table(
            "start-centres",
            _("Walk-ins started within %(n)s minutes, per centre") % limit,
            [_("Centre"), *start_headers],
            _per_centre(starts),
        ),
        Table(
            "start-times",
            _("Per centre and month"),
            [_("Centre"), _("Month"), *start_headers],
            [
                [
                    r["center"],
                    r["month"],
                    r["cases"],
                    r["within_10_minutes"],
                    _share(r["share_within"]),
                    r["mean_minutes"],
                ]
                for r in starts
            ],
            numeric_from=2,
            collapsed=True,
        ),
    ]
    projection = figures.projection(year, as_of)
    tables.append(
        Table(
            "projection",
            _("Full-year projection"),
            [_("Year"), _("As of"), _("Cases so far"), _("Projected"), _("Method")],
            [
                [
                    projection.year,
                    projection.as_of.isoformat(),
                    projection.so_far,
                    projection.projected,
                    method_text(projection),
                ]
            ],
        )
    )
    walk_ins = sum(r["cases"] for r in starts)
    headline = {
        "cases": sum(r["cases"] for r in periods),
        "concluded": sum(r["concluded"] for r in periods),
        "quick_share": _share(sum(r["within_10_minutes"] for r in starts) / walk_ins)
        if walk_ins
        else "",
        "chart": {
            "labels": [_period_label(r["period"]) for r in periods],
            "series": [
                {"name": cases, "data": [r["cases"] for r in periods]},
                {"name": concluded, "data": [r["concluded"] for r in periods]},
            ],
        },
    }
    return tables, projection, headline


@domain_errors_as_pages
def figures_page(request):
    """Public: the cross-region figures, filtered by the day of submission; ``?table=…
    &export=csv|xlsx`` downloads one table. Bad filters: 422 with the reason, never a 500."""
    form = FiguresFilter(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    tables, projection, headline = [], None, {}
    if valid:
        try:
            tables, projection, headline = _tables(data)
        except ValidationFailed as error:  # what the selectors refuse
            problems_on(form, error)
            valid = False
    fmt, wanted = request.GET.get("export"), request.GET.get("table", "")
    if valid and fmt is not None:
        table = next((t for t in tables if t.key == wanted), None)
        if fmt in EXPORT_FORMATS and table is not None:
            return export_response(
                fmt, f"cross-region-{table.key}", [str(h) for h in table.headers], table.rows
            )
        form.add_error(
            None,
            _("Export one of the tables (%(tables)s) as csv or xlsx.")
            % {"tables": ", ".join(t.key for t in tables)},
        )
        valid = False
    query = request.GET.copy()
    for name in ("export", "table"):
        query.pop(name, None)
    return render(
        request,
        "crossregion/figures.html",
        {
            "title": _("Cross-region service in figures"),
            "form": form,
            "tables": tables,
            "projection": projection,
            "method": method_text(projection) if projection else "",
            "headline": headline,
            "query": query.urlencode(),
            "limit": START_LIMIT_MINUTES,
        },
        status=200 if valid else 422,
    )
