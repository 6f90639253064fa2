"""The months of street scores (public): the closed months, a month's streets ranked best
first (filtered by district, exported as CSV or .xlsx) with a bar chart of the best ones,
and — for the city's city-management office — closing last month, after a confirmation."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Window
from django.db.models.functions import Rank
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core.models import Region
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import Street
from ...rules.scoring import PARTS, effective_weights, parse_month, published_rules
from ...selectors import scoring as selectors
from ...services import scoring as services
from .forms import CloseMonthForm, MonthPick
from .phone import published_weights

CHART_STREETS = 20


def _street_link(row) -> str:
    url = _url_or_none("city-street", row.street.code)
    return url or ""


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the streets' pages are another part's: absent, no link
        return None


def _weights_text(weights: dict) -> str:
    used = effective_weights(weights)
    return " / ".join(f"{round(float(used[p]))}%" if p in used else "—" for p in PARTS)


COLUMNS = [
    Column(gettext_lazy("Rank"), lambda r: r.rank),
    Column(gettext_lazy("Street"), lambda r: r.street.name, _street_link),
    Column(gettext_lazy("District"), lambda r: r.street.district.name),
    Column(gettext_lazy("Score (out of 100)"), lambda r: Decimal(r.score_centi) / 100),
    Column(gettext_lazy("Residents' scores"), lambda r: r.resident_count, count=True),
    Column(
        gettext_lazy("Residents' mean (out of 5)"),
        lambda r: None if r.resident_centi is None else Decimal(r.resident_centi) / 100,
    ),
    Column(gettext_lazy("Inspectors' checks"), lambda r: r.inspection_count, count=True),
    Column(gettext_lazy("Checks' mean mark"), lambda r: r.inspection_mark),
    Column(gettext_lazy("12345 complaints"), lambda r: r.complaint_count, count=True),
    Column(
        gettext_lazy("Weights used (residents / checks / complaints)"),
        lambda r: _weights_text(r.weights),
    ),
]


def _districts() -> list[tuple[str, str]]:
    ids = Street.objects.values_list("district_id", flat=True).distinct().order_by()
    return list(Region.objects.filter(pk__in=ids).order_by("code").values_list("code", "name"))


def _months_page(request, close_form=None, status: int = 200):
    actor = page_actor(request)
    closed = list(selectors.months_list()[:120])
    choices = [(f"{m.month:%Y-%m}", f"{m.month:%Y-%m}") for m in closed]
    selected = parse_month(request.GET.get("month")) or (closed[0].month if closed else None)
    district = request.GET.get("district") or ""
    table = None
    if selected is not None:
        table = selectors.month_table(selected)
        if district:
            table = table.filter(street__district__code=district)
        table = table.annotate(rank=Window(Rank(), order_by=F("score_centi").desc()))
    chart = None
    if table is not None:
        best = list(table[:CHART_STREETS])
        if best:
            chart = {
                "labels": [r.street.name for r in best],
                "series": [
                    {"name": _("Score (out of 100)"), "data": [r.score_centi / 100 for r in best]}
                ],
            }
    open_month = selectors.month_open_last()
    if selectors.closes_months(actor) and open_month is not None and close_form is None:
        close_form = CloseMonthForm()
    return list_page(
        request,
        title=_("Monthly street scores"),
        form_class=functools.partial(MonthPick, months=choices, districts=_districts()),
        rows=lambda data: table if table is not None else Street.objects.none(),
        columns=COLUMNS,
        export_name="street-months",
        template="citymgmt/scoring/months.html",
        extra={
            "selected": selected,
            "closed": closed[:24],
            "chart": chart,
            "close_form": close_form if selectors.closes_months(actor) else None,
            "open_month": open_month,
            "weights": published_weights(),
            "rules": published_rules(),
        },
        status=status,
    )


@domain_errors_as_pages
def months_page(request):
    return _months_page(request)


@login_required
@require_POST
@domain_errors_as_pages
def close_month(request):
    """The city's office closes last month, once it has confirmed."""
    actor = page_actor(request)
    month = selectors.month_open_last()
    if month is None:
        messages.info(request, _("Last month is closed already."))
        return redirect("city-months")
    form = CloseMonthForm(request.POST)
    if not form.is_valid():
        return _months_page(request, close_form=form, status=422)
    closing = services.month_close(actor=actor, month=month)
    messages.success(
        request,
        _("%(m)s is closed: %(n)s streets scored.")
        % {"m": f"{closing.month:%Y-%m}", "n": closing.streets},
    )
    return redirect(f"{reverse('city-months')}?month={closing.month:%Y-%m}")
