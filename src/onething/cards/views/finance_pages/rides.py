"""我的刷卡记录: the signed-in honoree's own swipes (allowed and denied: where, when, and
why a gate said no; at a desk, the service given or the bill and its discount), filtered by
month and outcome, paginated and exported. Someone not in the registry: 404 with a clear
page; staff roles: 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from onething.core.models import Role
from onething.core.numbers import yuan_amount
from onething.core.permissions import require_role
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...forms.finance import RidesFilter
from ...selectors.certificates import honoree_of
from ...selectors.desk import service_label
from ...selectors.finance_pages import month_span
from ...selectors.ledger import my_rides, reason_text

RIDE_COLUMNS = [
    Column(gettext_lazy("When"), lambda s: s.at),
    Column(gettext_lazy("Venue"), lambda s: s.venue.name),
    Column(gettext_lazy("Operator"), lambda s: s.venue.operator.name),
    Column(
        gettext_lazy("Outcome"), lambda s: _("Allowed") if s.allowed else pgettext("gate", "Denied")
    ),
    Column(gettext_lazy("Reason"), lambda s: reason_text(s.reason)),
    Column(
        gettext_lazy("Presented"),
        lambda s: _("Card") if s.presented == "card" else _("Personal code"),
    ),
    # a visit at a desk: the green channel's service, a dining offer's bill and discount
    Column(gettext_lazy("Service"), lambda s: service_label(s.service)),
    Column(gettext_lazy("Bill (yuan)"), lambda s: yuan_amount(s.bill_fen)),
    Column(
        gettext_lazy("Discount (yuan)"),
        lambda s: yuan_amount(s.discount_fen) if s.bill_fen is not None else None,
    ),
]


@login_required
@domain_errors_as_pages
def rides_page(request):
    actor = page_actor(request)
    require_role(actor, Role.APPLICANT, Role.AGENT)
    if honoree_of(actor) is None:
        return render(
            request,
            "cards/finance/not_honoree.html",
            {"title": _("My rides")},
            status=404,
        )

    def rows(data):
        filters = {}
        if data.get("month"):
            filters["date_from"], filters["date_to"] = month_span(data["month"])
        if data.get("outcome"):
            filters["allowed"] = data["outcome"] == "allowed"
        return my_rides(actor, **filters)

    return list_page(
        request,
        title=_("My rides"),
        form_class=RidesFilter,
        rows=rows,
        columns=RIDE_COLUMNS,
        export_name="my-rides",
        template="cards/finance/rides.html",
    )
