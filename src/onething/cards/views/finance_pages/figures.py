"""The honour cards in figures (union staff): cards issued, active honorees, swipes by
venue, operator and month, amounts owed and paid, the pool's balance, and the seed's next
scenes — the visits at the hospitals' green channel (医院就诊绿色通道) and at the dining offers
(餐饮商圈优惠) with their discounts by who pays — tables, each exported on its own
(``?table=totals|venue|operator|month|dining&export=csv|xlsx``) or all of them as one table
(``?export=…`` alone). Charts belong to the city dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.numbers import number, yuan
from onething.web.views.base import domain_errors_as_pages

from ...selectors import finance_pages as selectors
from ...selectors.figures import figures_export
from ..common import union_actor

TABLE_TITLES = {
    "totals": gettext_lazy("Totals"),
    "venue": gettext_lazy("By venue"),
    "operator": gettext_lazy("By operator"),
    "month": gettext_lazy("By month"),
    "dining": gettext_lazy("Dining offers by merchant"),
}
# the columns holding fen, shown in yuan on the page (the exports keep whole fen)
MONEY_COLUMNS = {"totals": {3}, "venue": {4}, "operator": {3, 4}, "month": {2}, "dining": {5, 6}}
# the columns holding a code for machines: in the exports, not on the page
CODE_COLUMNS = {"totals": {0}, "venue": {0}, "operator": {0}, "month": set(), "dining": {0}}
PAGE_HEADERS = {
    "totals": [
        gettext_lazy("Name"),
        gettext_lazy("Count"),
        gettext_lazy("Amount"),
    ],
    "venue": [
        gettext_lazy("Venue"),
        gettext_lazy("Operator"),
        gettext_lazy("Swipes"),
        gettext_lazy("Owed"),
    ],
    "operator": [
        gettext_lazy("Operator"),
        gettext_lazy("Swipes"),
        gettext_lazy("Owed"),
        gettext_lazy("Paid"),
    ],
    "month": [gettext_lazy("Month"), gettext_lazy("Swipes"), gettext_lazy("Booked")],
    "dining": [
        gettext_lazy("Merchant"),
        gettext_lazy("Business district"),
        gettext_lazy("Discount paid by"),
        gettext_lazy("Visits"),
        gettext_lazy("Bills"),
        gettext_lazy("Discounts"),
    ],
}


def _cell(v, money: bool) -> str:
    if v is None:
        return ""
    if money:
        return yuan(v)
    return number(v) if isinstance(v, int) else v


def _shown(table: str, rows: list[list], operators: dict[str, str]) -> list[list]:
    """The rows as the page shows them: money in yuan, counts with separators, names for
    codes (``operators``: code → name), no code column."""
    money, codes = MONEY_COLUMNS[table], CODE_COLUMNS[table]
    if table == "venue":  # its operator column holds the operator's code
        rows = [[*row[:2], operators.get(row[2], row[2]), *row[3:]] for row in rows]
    return [[_cell(v, i in money) for i, v in enumerate(row) if i not in codes] for row in rows]


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
    operators = {o["code"]: o["name"] for o in figures["by_operator"]}
    context = {
        "title": _("Honour cards in figures"),
        "figures": figures,
        "money": {
            key: yuan(figures[f"{key}_fen"])
            for key in ("owed", "paid", "outstanding", "pool_top_ups", "pool_balance")
        }
        | {
            f"dining_{key}": yuan(figures["dining"][f"{key}_fen"])
            for key in ("bill", "discount", "pool", "merchant")
        },
        "tables": [
            {
                "key": key,
                "title": TABLE_TITLES[key],
                "headers": PAGE_HEADERS[key],
                "rows": _shown(key, rows, operators),
            }
            for key, (_headers, rows) in found["tables"].items()
        ],
    }
    return render(request, "cards/finance/figures.html", context)
