"""The figures of the honour cards: every figure for union staff, a public subset (no
money) for the dashboard, and the export."""

from typing import Literal

from ninja import Router

from onething.core.apiutils import actor
from onething.core.exports import export_response

from ..schemas.settlement import CardFiguresOut, PublicFiguresOut
from ..selectors import figures as selectors

router = Router(tags=["honour cards"])
SPREADSHEETS = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
}


@router.get("/card-figures", response=CardFiguresOut)
def figures(request):
    """Cards issued, active honorees, swipes by venue, operator and month, amounts owed and
    paid, the pool's balance (union staff)."""
    return selectors.figures_internal(actor(request))


@router.get("/card-figures/public", response=PublicFiguresOut, auth=None)
def public_figures(request):
    """Cards issued, active honorees, rides by venue and by month. Public; no money."""
    return selectors.figures_public()


@router.get("/card-figures/export", openapi_extra={"responses": {200: {"content": SPREADSHEETS}}})
def export_figures(request, format: Literal["csv", "xlsx"] = "csv"):
    """Every figure as one table (figure, code, name, count, amount in fen), CSV or .xlsx."""
    headers, rows = selectors.figures_export(actor(request))
    return export_response(format, "card-figures", headers, rows)
