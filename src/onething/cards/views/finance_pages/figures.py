"""The honour cards in figures (union staff): cards issued, active honorees, swipes by
venue, operator and month, amounts owed and paid, the pool's balance — tables, each
exported on its own (``?table=totals|venue|operator|month&export=csv|xlsx``) or all of
them as one table (``?export=…`` alone). Charts belong to the city dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.web.views.base import domain_errors_as_pages

from ...selectors import finance_pages as selectors
from ...selectors.figures import figures_export
from ..common import union_actor
from .display import yuan

TABLE_TITLES = {
    "totals": gettext_lazy("Totals"),
    "venue": gettext_lazy("By venue"),
    "operator": gettext_lazy("By operator"),
    "month": gettext_lazy("By month"),
}
# the columns holding fen, shown in yuan on the page (the exports keep whole fen)
MONEY_COLUMNS = {"totals": {3}, "venue": {4}, "operator": {3, 4}, "month": {2}}
PAGE_HEADERS = {
    "totals": [
        gettext_lazy("Figure"),
        gettext_lazy("Name"),
        gettext_lazy("Count"),
        gettext_lazy("Amount"),
    ],
    "venue": [
        gettext_lazy("Venue code"),
        gettext_lazy("Venue"),
        gettext_lazy("Operator"),
        gettext_lazy("Swipes"),
        gettext_lazy("Owed"),
    ],
    "operator": [
        gettext_lazy("Operator code"),
        gettext_lazy("Operator"),
        gettext_lazy("Swipes"),
        gettext_lazy("Owed"),
        gettext_lazy("Paid"),
    ],
    "month": [gettext_lazy("Month"), gettext_lazy("Swipes"), gettext_lazy("Booked")],
}


def _shown(table: str, rows: list[list]) -> list[list]:
    money = MONEY_COLUMNS[table]
    return [
        [
            (yuan(v) if i in money and v is not None else ("" if v is None else v))
            for i, v in enumerate(row)
        ]
        for row in rows
    ]


@login_required
@domain_errors_as_pages
def figures_page(request):
    actor = union_actor(request)
    fmt = request.GET.get("export")
    table = request.GET.get("table") or ""
    if table and table not in selectors.FIGURE_TABLES:
        raise ValidationFailed.one(
            "table",
            "choice",
            _("Choose one of: %(c)s.") % {"c": ", ".join(selectors.FIGURE_TABLES)},
        )
    if fmt in EXPORT_FORMATS and not table:
        headers, rows = figures_export(actor)
        return export_response(fmt, "card-figures", headers, rows)
    found = selectors.figures_tables(actor)
    if fmt in EXPORT_FORMATS:
        headers, rows = found["tables"][table]
        return export_response(fmt, f"card-figures-{table}", [str(h) for h in headers], rows)
    figures = found["figures"]
    context = {
        "title": _("Honour cards in figures"),
        "figures": figures,
        "money": {
            key: yuan(figures[f"{key}_fen"])
            for key in ("owed", "paid", "outstanding", "pool_top_ups", "pool_balance")
        },
        "tables": [
            {
                "key": key,
                "title": TABLE_TITLES[key],
                "headers": PAGE_HEADERS[key],
                "rows": _shown(key, rows),
            }
            for key, (_headers, rows) in found["tables"].items()
        ],
    }
    return render(request, "cards/finance/figures.html", context)
