"""Night duty's API: rosters (list, one with its nights and warnings, plan, publish) and
nights (check in on the night, check out)."""

from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..selectors import rosters as selectors
from ..services import nights as night_services
from ..services import rosters as services
from .schemas import (
    DutyCheckInIn,
    DutyNightOut,
    DutyRosterFilter,
    DutyRosterOut,
    DutyRosterPlanIn,
    DutyRosterRow,
)

router = Router(tags=["duty"])


def roster_detail(request, roster_id: int):
    """The roster as the detail shows it: its nights, the town's leaders, the warnings."""
    roster = selectors.roster_get(actor(request), roster_id)
    nights = list(roster.nights.all())
    roster.leaders = selectors.leaders_of(roster.town_id, nights)
    roster.warnings = selectors.roster_warnings(roster)
    return roster


@router.get("/rosters", response=list[DutyRosterRow])
@paginate(CityPagination)
def list_rosters(request, filters: Query[DutyRosterFilter]):
    """The duty rosters you see (a town's leader: their town's; a supervisor: the towns of
    their region), the latest month first; filters `town`, `month` (YYYY-MM), `status`."""
    return selectors.rosters_list(
        actor(request), town=filters.town, month=filters.month, status=filters.status
    )


@router.get("/rosters/{roster_id}", response=DutyRosterOut)
def get_roster(request, roster_id: int):
    """One roster: its nights (each with its state: planned, kept, or missed when nobody
    checked in by 09:00 the morning after), the town's leaders and the weeks in which a
    leader has fewer than two stays (warnings)."""
    return roster_detail(request, roster_id)


@router.post("/rosters", response={200: DutyRosterOut, 201: DutyRosterOut})
def plan_roster(request, response: HttpResponse, payload: DutyRosterPlanIn):
    """Plan your town's roster of `month` (a town's leader): the draft is made (201) or its
    nights replaced (200). Every problem at once (422, `nights.<n>.<field>`); a published
    roster 409. The answer's `warnings` name each week with fewer than two stays for a
    leader (a week partly outside the month is judged on its days in it): they warn, they
    do not refuse."""
    planned = services.roster_plan(
        actor=actor(request),
        month=payload.month,
        nights=[{"leader": n.leader, "date": n.date} for n in payload.nights],
        notes=payload.notes,
    )
    response["Location"] = f"/api/duty/rosters/{planned.roster.pk}"
    return Status(201 if planned.created else 200, roster_detail(request, planned.roster.pk))


@router.post("/rosters/{roster_id}/publish", response=DutyRosterOut)
def publish_roster(request, roster_id: int):
    """Publish a draft roster of your town (its nights then no longer change). Published
    already: 409; no night: 409 `roster_empty`."""
    services.roster_publish(actor=actor(request), roster_id=roster_id)
    return roster_detail(request, roster_id)


@router.post("/nights/check-in", response=DutyNightOut)
def check_in(request, payload: DutyCheckInIn):
    """Check in on your night (`night`; none: the night on now — a stay off the roster when
    none was planned, added to the published roster). Only on the night itself, from 17:00
    to 09:00 the next morning (409 `not_tonight`), once (409); another leader's night 403."""
    return night_services.night_check_in(
        actor=actor(request), night_id=payload.night, place_note=payload.place_note
    )


@router.post("/nights/{night_id}/check-out", response=DutyNightOut)
def check_out(request, night_id: int):
    """Check out of your night after checking in (by 12:00 the next day), once (409)."""
    return night_services.night_check_out(actor=actor(request), night_id=night_id)
