"""The institute's API: the public figures (``GET /api/training/figures?on=YYYY-MM-DD``),
counted from the records as of a day (selectors.figures), kept a minute."""

import datetime as dt

from django.http import HttpResponse
from ninja import Router

from onething.core import clock

from ..selectors.figures import CACHE_SECONDS, figures_cached
from .catalogue_schemas import TrainingFiguresOut

router = Router(tags=["training"])


@router.get("/figures", response=TrainingFiguresOut, auth=None)
def public_figures(request, response: HttpResponse, on: dt.date | None = None):
    """The institute's figures (public), cumulative up to and including `on`
    (YYYY-MM-DD; default today): `applications` submitted, `selected` (enrolments made),
    `placed` (placements started), `universities` with an agreement valid that day (of
    them `universities_985`, `universities_overseas`), `partner_companies`, `advisers`,
    the `current_cohort` (the latest started by then, with its enrolments), every
    `cohorts`' applications and enrolments, the current cohort's `tracks`. A day that is
    no date is refused (422 naming `on`)."""
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return figures_cached(on or clock.today())
