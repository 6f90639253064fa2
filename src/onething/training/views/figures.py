"""The institute's public figures page: the figures of ``GET /api/training/figures`` as of
a day (default today; a day that is no date is refused beside its input, 422) and three
charts drawn by static/training/figures/charts.js with the vendored ECharts —
applications and students selected per cohort, students placed over the years, the
partner universities as 985, overseas and others."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.web.views.base import domain_errors_as_pages

from ..selectors.figures import charts_cached, universities_by_kind
from .fields import day_field


class FiguresFilter(forms.Form):
    on = day_field(gettext_lazy("As of"))


def charts(figures: dict, placed_by_year: list[tuple[int, int]]) -> dict:
    """The charts' data ({kind, labels, series}), from the figures."""
    cohorts = figures["cohorts"]
    kinds = universities_by_kind(figures)
    return {
        "cohorts": {
            "kind": "bar",
            "labels": [c["name"] for c in cohorts],
            "series": [
                {"name": _("Applications"), "data": [c["applications"] for c in cohorts]},
                {"name": _("Selected"), "data": [c["enrolled"] for c in cohorts]},
            ],
        },
        "placed": {
            "kind": "bar",
            "labels": [_("Year %(year)s") % {"year": year} for year, _n in placed_by_year],
            "series": [{"name": _("Placed"), "data": [n for _y, n in placed_by_year]}],
        },
        "universities": {
            "kind": "pie",
            "labels": [_("985 universities"), _("Overseas universities"), _("Other universities")],
            "series": [
                {
                    "name": _("Partner universities"),
                    "data": [kinds["985"], kinds["overseas"], kinds["other"]],
                }
            ],
        },
    }


@domain_errors_as_pages
def figures_page(request):
    form = FiguresFilter(request.GET or None)
    on, status = clock.today(), 200
    if form.is_bound:
        if form.is_valid():
            on = form.cleaned_data.get("on") or on
        else:
            status = 422
    data = charts_cached(on)
    figures = data["figures"]
    return render(
        request,
        "training/figures/figures.html",
        {
            "title": _("The institute in figures"),
            "form": form,
            "reset_url": reverse("training-figures"),
            "on": on,
            "figures": figures,
            "charts": charts(figures, data["placed_by_year"]),
            "placed_by_year": data["placed_by_year"],
            "home_url": reverse("training-home"),
        },
        status=status,
    )
