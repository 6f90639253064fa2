"""The flow of an appeal: 派单 (dispatch, redispatch), acceptance, 退单 (return), 回复 (reply),
回访 (follow-up) and extensions of the time limit."""

from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from .. import selectors
from ..schemas import (
    AppealOut,
    AppealReasonIn,
    DecisionIn,
    DispatchIn,
    ExtensionIn,
    ExtensionOut,
    FollowUpIn,
    ReplyIn,
)
from ..schemas.common import Id, Text
from ..services import extensions, flow, followup

router = Router(tags=["appeals"])


@router.post("/appeals/{number}/dispatch", response=AppealOut)
def dispatch(request, number: Text, payload: DispatchIn):
    """派单 (dispatchers, supervisors): assign a received or returned appeal to a
    department; on one already assigned it is a redispatch (改派) to another."""
    return flow.appeal_dispatch(
        actor=actor(request), number=number, department_code=payload.department, note=payload.note
    )


@router.post("/appeals/{number}/accept", response=AppealOut)
def accept(request, number: Text):
    """The responsible department takes the appeal on (办理)."""
    return flow.appeal_accept(actor=actor(request), number=number)


@router.post("/appeals/{number}/return", response=AppealOut)
def return_to_dispatcher(request, number: Text, payload: AppealReasonIn):
    """退单: the responsible department says it is not theirs, with the reason; the appeal
    goes back to the dispatcher."""
    return flow.appeal_return(actor=actor(request), number=number, reason=payload.reason)


@router.post("/appeals/{number}/reply", response=AppealOut)
def reply(request, number: Text, payload: ReplyIn):
    """回复: the responsible department answers this round; the requester is asked to rate
    it."""
    return flow.appeal_reply(
        actor=actor(request), number=number, text=payload.text, public=payload.public
    )


@router.post("/appeals/{number}/follow-up", response=AppealOut)
def follow_up(request, number: Text, payload: FollowUpIn):
    """回访: rate this round's answer (the requester, or a dispatcher who called them). 3 or
    better closes the appeal (办结); 1 or 2 on the first round reopens it with a new due
    date."""
    return followup.appeal_follow_up(
        actor=actor(request), number=number, rating=payload.rating, comment=payload.comment
    )


@router.post("/appeals/{number}/extensions", response={201: ExtensionOut})
def request_extension(request, number: Text, payload: ExtensionIn):
    """The responsible department asks for more working days; a supervisor decides."""
    extension = extensions.extension_request(
        actor=actor(request),
        number=number,
        working_days=payload.working_days,
        reason=payload.reason,
    )
    return Status(201, extension)


@router.get("/extensions", response=list[ExtensionOut])
@paginate(CityPagination)
def pending_extensions(request):
    """Extensions waiting for a decision, of the appeals you see."""
    return selectors.extensions_pending(actor(request))


@router.post("/extensions/{extension_id}/decision", response=ExtensionOut)
def decide_extension(request, extension_id: Id, payload: DecisionIn):
    """A supervisor approves (the due date moves by the working days asked) or refuses."""
    return extensions.extension_decide(
        actor=actor(request), extension_id=extension_id, approve=payload.approve, note=payload.note
    )
