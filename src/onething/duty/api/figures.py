"""Night duty in figures: the staff's (`/figures`, what they see, by leader too) and the
public's (`/public/figures`, the city's, no personal data)."""

from django.http import HttpResponse
from ninja import Query, Router

from onething.core.apiutils import actor

from ..selectors.figures import PUBLIC_SECONDS, duty_figures, public_figures_cached
from .schemas import DutyFiguresFilter, DutyFiguresOut, DutyPublicFiguresOut

router = Router(tags=["duty"])


@router.get("/figures", response=DutyFiguresOut)
def staff_figures(request, filters: Query[DutyFiguresFilter]):
    """带班值班 in figures for a leader (their town) or a supervisor (their region): duty
    nights planned, kept, missed and still ahead, stays off the roster, night visits and
    residents met, demands raised and answered (已答复) with the working days to the
    answer; by month, town and leader. Filters `town`, `date_from`, `date_to` (422 naming a
    bad one)."""
    return duty_figures(
        actor(request), town=filters.town, date_from=filters.date_from, date_to=filters.date_to
    )


@router.get("/public/figures", response=DutyPublicFiguresOut, auth=None)
def public_figures(request, response: HttpResponse, filters: Query[DutyFiguresFilter]):
    """带班值班 “住下来” in figures (public, no personal data): duty nights kept against
    planned, night visits (夜访), demands raised (群众诉求) and answered (已答复), the
    working days to the answer; by month and town. Filters `town`, `date_from`, `date_to`."""
    response["Cache-Control"] = f"public, max-age={PUBLIC_SECONDS}"
    return public_figures_cached(
        town=filters.town, date_from=filters.date_from, date_to=filters.date_to
    )
