"""Appeals in figures, for everyone: how many, how many done (办结率), answered on time
(按时回复率), concluded on time (按时办结率) and to the requester's satisfaction, how fast;
by type, channel, programme and department. Filtered by
the day received, the programme, the type and the region; ``?export=csv|xlsx`` downloads
the tables. Bad filters: 422 with the reason beside the field, never a 500."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.numbers import number, percent
from onething.core.permissions import ANONYMOUS
from onething.web.views.base import domain_errors_as_pages

from .. import selectors
from ..forms import region_choices
from ..staff_forms import FiguresFilter
from .staff import programme_choices, region_options

TABLES = [
    ("type", gettext_lazy("By type")),
    ("channel", gettext_lazy("By channel")),
    ("programme", gettext_lazy("By programme")),
    ("department", gettext_lazy("By department")),
]


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "total_text": number(row["total"]),
        "completion": percent(row["completion_rate"]),
        "on_time": percent(row["on_time_rate"]),
        "on_time_conclusion": percent(row["on_time_conclusion_rate"]),
        "satisfaction": percent(row["satisfaction_rate"]),
        "days": number(row["average_reply_days"]),
    }


def _chart(figures: dict[str, Any]) -> dict[str, Any]:
    rows = figures["by_department"]
    return {
        "labels": [r["label"] for r in rows],
        "series": [
            {"name": str(_("Appeals")), "data": [r["total"] for r in rows]},
            {"name": str(_("Answered on time")), "data": [r["on_time"] for r in rows]},
        ],
    }


@domain_errors_as_pages
def figures_page(request):
    form = FiguresFilter(
        request.GET or None,
        programmes=programme_choices(ANONYMOUS),
        regions=region_choices(region_options(ANONYMOUS)),
    )
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    figures = None
    if valid:
        filters = {k: v for k, v in data.items() if k != "export" and v}
        try:
            figures = selectors.appeal_figures(None, **filters)
        except ValidationFailed as error:  # what the selector refuses
            problems_on(form, error)
            valid = False
    fmt = request.GET.get("export")
    if valid and fmt in EXPORT_FORMATS:
        headers, rows = selectors.figures_rows(figures)
        return export_response(fmt, "appeal-figures", headers, rows)
    query = request.GET.copy()
    query.pop("export", None)
    context: dict[str, Any] = {
        "title": _("Appeals in figures"),
        "form": form,
        "query": query.urlencode(),
        "figures": None,
    }
    if figures is not None:
        overall = figures["overall"]
        context.update(
            figures=figures,
            empty=overall["total"] == 0,
            overall=_row(overall),
            tables=[(key, label, [_row(r) for r in figures[f"by_{key}"]]) for key, label in TABLES],
            chart=_chart(figures),
        )
    return render(request, "appeals/staff/figures.html", context, status=200 if valid else 422)
