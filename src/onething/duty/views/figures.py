"""带班值班 "住下来" in figures (public): duty nights kept against planned, night visits (夜访),
demands raised (群众诉求) and answered (已答复), the working days to the answer; by month
(with an ECharts chart of kept against planned nights) and by town. No personal data."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.web.views.base import domain_errors_as_pages

from ..selectors.figures import public_figures_cached
from .forms import FiguresFilter


@domain_errors_as_pages
def figures_page(request):
    form = FiguresFilter(request.GET or None)
    status, data = 200, {}
    if form.is_bound:
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v}
        else:
            status = 422
    figures = public_figures_cached(**data)
    months = figures["by_month"]
    chart = {
        "labels": [m["month"] for m in months],
        "series": [
            {"name": _("Nights planned"), "data": [m["planned"] for m in months]},
            {"name": _("Nights kept"), "data": [m["kept"] for m in months]},
        ],
    }
    return render(
        request,
        "duty/figures.html",
        {
            "title": _("Night duty in figures"),
            "form": form,
            "reset_url": reverse("duty-figures"),
            "figures": figures,
            "overall": figures["overall"],
            "chart": chart,
        },
        status=status,
    )
