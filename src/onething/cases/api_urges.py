"""督办 in the API: a supervisor urges the department handling a late case; the
department answers; the supervisor closes it. Added to the cases router."""

from django.http import HttpResponse
from ninja import Header, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts

from .schemas import UrgeAnswerIn, UrgeCloseIn, UrgeFilter, UrgeId, UrgeIn, UrgeOut
from .selectors.cases import case_get
from .selectors.urges import urge_get, urges_list, urges_of_case
from .services import urges

router = Router(tags=["cases"])


@router.post("/cases/{number}/urges", response={201: UrgeOut})
def issue_urge(
    request,
    response: HttpResponse,
    number: str,
    payload: UrgeIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """督办: urge the department handling a case that is overdue or in warning (a
    supervisor of its region). One urge of a case awaits an answer at a time (409
    `already_urged`); a case on time answers 409 `not_late`. A retry with the same
    `Idempotency-Key` answers with the first urge."""
    urge = urges.urge_issue(
        actor=actor(request),
        number=number,
        message=payload.message,
        reply_by=payload.reply_by,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/urges/{urge.pk}"
    return Status(201, urge)


@router.get("/cases/{number}/urges", response=list[UrgeOut])
def case_urges(request, number: str):
    """The urges on a case, newest first."""
    who = actor(request)
    return list(urges_of_case(who, case_get(who, number)))


@router.get("/urges", response=list[UrgeOut])
@paginate(CityPagination)
def list_urges(request, filters: Query[UrgeFilter]):
    """Urges you see: a supervisor those to the departments of their region, an officer
    those to their department. `status=open` (or `overdue=true`): awaiting an answer, the
    soonest answer-by first; otherwise newest first."""
    who = actor(request)
    return in_parts(who, lambda part: urges_list(who, part=part, **filters.dict()))


@router.get("/urges/{urge_id}", response=UrgeOut)
def get_urge(request, urge_id: UrgeId):
    return urge_get(actor(request), urge_id)


@router.post("/urges/{urge_id}/answer", response=UrgeOut)
def answer_urge(request, urge_id: UrgeId, payload: UrgeAnswerIn):
    """The addressed department answers what it did (an officer of it), once."""
    return urges.urge_answer(actor=actor(request), urge_id=urge_id, answer=payload.answer)


@router.post("/urges/{urge_id}/close", response=UrgeOut)
def close_urge(request, urge_id: UrgeId, payload: UrgeCloseIn):
    """The supervisor closes the urge, answered or not."""
    return urges.urge_close(actor=actor(request), urge_id=urge_id, note=payload.note)
