"""Night duty's API: night visits (list, record, one with each demand's appeal as it
stands) and one more demand raised on a visit."""

from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..selectors import visits as selectors
from ..services import visits as services
from .schemas import (
    DutyDemandIn,
    DutyDemandOut,
    DutyVisitFilter,
    DutyVisitIn,
    DutyVisitOut,
    DutyVisitRow,
    IdempotencyKey,
    Text,
)

router = Router(tags=["duty"])


def demand_rows(request, visit) -> list[dict]:
    """Each demand with its appeal as the caller sees it (through the appeals' selectors)."""
    names = selectors.category_names()
    rows = []
    for p in selectors.demands_progress(actor(request), visit):
        d, appeal = p.demand, p.appeal
        rows.append(
            {
                "id": d.pk,
                "position": d.position,
                "type": d.type,
                "category": names.get(d.category_code, d.category_code),
                "title": d.title,
                "text": d.text,
                "contact_name": d.contact_name,
                "contact_phone": d.contact_phone_masked,
                "appeal_number": d.appeal_number,
                "appeal": None
                if appeal is None
                else {
                    "number": appeal.number,
                    "status": appeal.status,
                    "status_label": str(appeal.get_status_display()),
                    "department": appeal.department.name if appeal.department_id else None,
                    "due_date": appeal.due_date,
                    "replies": [
                        {"at": r.at, "department": r.department.name, "text": r.text}
                        for r in p.replies
                    ],
                    "project": None
                    if p.project is None
                    else {
                        "name": p.project.name,
                        "milestones": [
                            {
                                "stage": m.stage,
                                "stage_label": str(m.get_stage_display()),
                                "planned_on": m.planned_on,
                                "done_on": m.done_on,
                            }
                            for m in p.milestones
                        ],
                    },
                },
            }
        )
    return rows


def visit_detail(request, number: str):
    visit = selectors.visit_get(actor(request), number)
    visit.demand_rows = demand_rows(request, visit)
    return visit


@router.get("/visits", response=list[DutyVisitRow])
@paginate(CityPagination)
def list_visits(request, filters: Query[DutyVisitFilter]):
    """The night visits you see (a leader: their own; a supervisor: their region's), newest
    first; filters `month` (YYYY-MM), `town` (a code), `q` (place, people, what was raised)."""
    return selectors.visits_list(
        actor(request), month=filters.month, town=filters.town, q=filters.q
    )


@router.post("/visits", response={201: DutyVisitOut})
def record_visit(
    request,
    response: HttpResponse,
    payload: DutyVisitIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Record your night visit (a town's leader) with the demands raised: each becomes an
    appeal of the 带班值班 programme (channel visit, the resident as its contact) that is
    dispatched, answered and followed up as any appeal. Every problem of the visit and of
    each demand at once (422, `demands.<n>.<field>`). A retry with the same
    `Idempotency-Key` answers the first visit."""
    visit = services.visit_record(
        actor=actor(request),
        at=payload.at,
        place=payload.place,
        address=payload.address,
        met_names=payload.met_names,
        met_count=payload.met_count,
        summary=payload.summary,
        demands=[d.dict() for d in payload.demands],
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/duty/visits/{visit.number}"
    return Status(201, visit_detail(request, visit.number))


@router.get("/visits/{number}", response=DutyVisitOut)
def get_visit(request, number: Text):
    """One night visit: where, whom, what was raised, and each demand's appeal as it stands
    (status, department, replies: the answer, the project it became)."""
    return visit_detail(request, number)


@router.post("/visits/{number}/demands", response={201: DutyDemandOut})
def raise_demand(
    request, number: Text, payload: DutyDemandIn, idempotency_key: str | None = IdempotencyKey
):
    """Raise one more demand of your visit: an appeal of 带班值班, as those of the visit.
    Every problem at once (422); another's visit 404. A retry with the same
    `Idempotency-Key` answers the first."""
    demand = services.demand_raise(
        actor=actor(request), visit_number=number, **payload.dict(), idempotency_key=idempotency_key
    )
    visit = selectors.visit_get(actor(request), number)
    rows = {row["id"]: row for row in demand_rows(request, visit)}
    return Status(201, rows[demand.pk])
