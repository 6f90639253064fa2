"""The public board and the public figures: no sign-in, personal data masked, aggregates
only."""

from decimal import Decimal
from typing import Literal

from ninja import Query, Router
from ninja.pagination import paginate

from onething.core.exports import export_response
from onething.core.pagination_api import CityPagination

from .. import selectors
from ..schemas import AppealFiguresOut, BoardEntryOut, BoardFilter, FiguresFilter
from ..schemas.common import Text
from ..selectors.board import board_entry
from .common import Mapped

router = Router(tags=["appeals"])


@router.get("/appeal-board", response=list[BoardEntryOut], auth=None)
@paginate(CityPagination)
def board(request, filters: Query[BoardFilter]):
    """Appeals answered in public, newest first, with names, phone and identity numbers
    masked. Public."""
    values = {k: v or "" for k, v in filters.dict().items()}
    return Mapped(selectors.board_list(**values), board_entry)


@router.get("/appeal-board/{number}", response=BoardEntryOut, auth=None)
def board_item(request, number: Text):
    """One appeal on the public board, masked, with its public replies. Public."""
    return selectors.board_get(number)


def _figures(filters: FiguresFilter) -> dict:
    values = {k: v or "" for k, v in filters.dict().items()}
    values["date_from"] = filters.date_from
    values["date_to"] = filters.date_to
    return selectors.appeal_figures(None, **values)


@router.get("/appeal-figures", response=AppealFiguresOut, auth=None)
def figures(request, filters: Query[FiguresFilter]):
    """The city's figures: totals and completion, on-time and satisfaction rates, and the
    average working days to the first reply; overall and by type, channel, programme and
    department. Public (aggregates carry no personal data)."""
    answer = _figures(filters)
    answer["filters"] = filters
    return answer


@router.get(
    "/appeal-figures/export",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "The figures as one table",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def export_figures(request, filters: Query[FiguresFilter], format: Literal["csv", "xlsx"] = "csv"):
    """The same figures as one table (a row per dimension and key), as CSV or .xlsx."""
    headers, rows = selectors.figures_rows(_figures(filters))
    rows = [[float(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
    return export_response(format, "appeal-figures", headers, rows)
