"""The cross-region service's API."""

import datetime as dt

from django.http import HttpResponse
from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.catalog.selectors import item_get
from onething.core import clock
from onething.core.apiutils import actor
from onething.core.models import Person
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.schemas import RevealOut
from onething.core.selectors.regions import region_by_code

from .schemas import (
    AllianceOut,
    ArrivalIn,
    ArrivalOut,
    CheckAnswerIn,
    CheckFigureRow,
    CheckRevealIn,
    CrossRegionOut,
    DataCheckIn,
    DataCheckOut,
    DecideIn,
    HandoffCreateIn,
    HandoffOut,
    KeyRow,
    ModeRow,
    OnlineIn,
    OptionOut,
    PairRow,
    PartOut,
    PeriodRow,
    ProjectionOut,
    ReceiveIn,
    SendIn,
    StartRow,
    TakenInOut,
    WindowIn,
)
from .selectors import alliances, cases, figures
from .selectors import checks as check_reads
from .services import checks, handoffs, intake, joint

router = Router(tags=["cross-region"])
IdempotencyKey = Header(None, alias="Idempotency-Key")


@router.get("/alliances", response=list[AllianceOut], auth=None)
def list_alliances(request):
    """The alliances with their members and agreed lists, dates included. Public."""
    return alliances.alliances_list(actor(request))


@router.get("/options", response=list[OptionOut], auth=None)
def options(request, item_code: str, home_region_code: str = ""):
    """Where an item can be handled across towns today, in which modes, by which department
    and through which centre. Public."""
    item = item_get(actor(request), item_code)
    home = region_by_code(home_region_code, field="home_region_code") if home_region_code else None
    if home is None and request.user.is_authenticated and request.user.person_id:
        home = Person.objects.select_related("region").get(pk=request.user.person_id).region
    rows = (
        alliances.options_for(item, home, clock.today())
        if home
        else alliances.options_for(item, None, clock.today())
    )
    return [
        {
            "alliance": r["alliance"].code,
            "town": r["town"],
            "modes": r["modes"],
            "department": r["department"],
            "center": r["center"],
            "home": r["home"],
        }
        for r in rows
    ]


@router.post("/arrivals", response={201: ArrivalOut})
def start(request, payload: ArrivalIn):
    """A walk-in arrives (queue ticket, or the clerk's start click): the start time runs."""
    arrival = intake.arrival_start(
        actor=actor(request), ticket_number=payload.ticket_number, arrived_at=payload.arrived_at
    )
    return Status(201, arrival)


@router.post("/cases/window", response={201: CrossRegionOut})
def window_intake(request, payload: WindowIn, idempotency_key: str | None = IdempotencyKey):
    """收办分离 / 代收代办 (proxy) or 两地联办 (joint) at the receiving window, naming the
    handling town; or 高效协同 (collaborative), decided here, naming the partner town whose
    departments check the data (`partner_region_code`)."""
    data = payload.dict()
    data["material_ids"] = data.pop("materials")
    case = intake.cross_region_intake(actor=actor(request), idempotency_key=idempotency_key, **data)
    return Status(201, case.cross_region)


@router.post("/cases", response={201: CrossRegionOut})
def online(
    request, response: HttpResponse, payload: OnlineIn, idempotency_key: str | None = IdempotencyKey
):
    """全程网办: apply online for a case handled in another town of your alliance."""
    data = payload.dict()
    data["material_ids"] = data.pop("materials")
    case = intake.cross_region_submit(actor=actor(request), idempotency_key=idempotency_key, **data)
    response["Location"] = f"/api/cases/{case.number}"
    return Status(201, case.cross_region)


@router.get("/cases", response=list[CrossRegionOut])
@paginate(CityPagination)
def list_cases(
    request, mode: str = "", receiving_region_code: str = "", handling_region_code: str = ""
):
    """Cross-region cases you may see (your centre's, your department's, your region's)."""
    return cases.cross_region_cases(
        actor(request),
        mode=mode,
        receiving_region_code=receiving_region_code,
        handling_region_code=handling_region_code,
    )


@router.get("/taken-in", response=list[TakenInOut])
@paginate(CityPagination)
def taken_in(request, q: str = ""):
    """代收: the cases your centre took in for another town (clerks), newest first, each
    with its stage and whether this window has the next step."""
    return cases.taken_in_for_others(actor(request), q=q)


@router.get("/cases/{number}", response=CrossRegionOut)
def get_case(request, number: str):
    return cases.cross_region_case(actor(request), number)


@router.post("/cases/{number}/part", response=PartOut)
def decide_part(request, number: str, payload: DecideIn):
    """两地联办: your department decides its part; the case concludes when every part has."""
    return joint.joint_part_decide(
        actor=actor(request), number=number, outcome=payload.outcome, note=payload.note
    )


@router.post("/cases/{number}/handoffs", response={201: HandoffOut})
def prepare_handoff(request, number: str, payload: HandoffCreateIn):
    """寄递: the receiving window prepares the paper originals for the handling town."""
    return Status(
        201, handoffs.handoff_create(actor=actor(request), number=number, note=payload.note)
    )


@router.post("/handoffs/{handoff_number}/send", response=HandoffOut)
def send_handoff(request, handoff_number: str, payload: SendIn):
    return handoffs.handoff_send(
        actor=actor(request),
        handoff_number=handoff_number,
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
    )


@router.post("/handoffs/{handoff_number}/receive", response=HandoffOut)
def receive_handoff(request, handoff_number: str, payload: ReceiveIn):
    """The handling department takes the originals in, or reports them missing/damaged."""
    return handoffs.handoff_receive(
        actor=actor(request),
        handoff_number=handoff_number,
        outcome=payload.outcome,
        note=payload.note,
    )


@router.post("/cases/{number}/checks", response={201: DataCheckOut})
def ask_check(
    request,
    response: HttpResponse,
    number: str,
    payload: DataCheckIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """高效协同: the deciding department asks a department of the partner town to check
    data it holds (one open check per department: 409 `check_open`). A retry with the
    same `Idempotency-Key` answers with the first check."""
    check = checks.data_check_request(
        actor=actor(request), number=number, idempotency_key=idempotency_key, **payload.dict()
    )
    response["Location"] = f"/api/crossregion/checks/{check.number}"
    return Status(201, check)


@router.get("/checks", response=list[DataCheckOut])
@paginate(CityPagination)
def list_checks(request, side: str = "", status: str = "", q: str = ""):
    """Data checks you see: `side=answer` your department's queue (`status=requested`:
    awaiting the answer, the soonest due first), `side=ask` those it asked."""
    who = actor(request)
    return in_parts(
        who, lambda part: check_reads.checks_list(who, part=part, side=side, status=status, q=q)
    )


@router.get("/checks/{check_number}", response=DataCheckOut)
def get_check(request, check_number: str):
    return check_reads.check_get(actor(request), check_number)


@router.post("/checks/{check_number}/answer", response=DataCheckOut)
def answer_check(request, check_number: str, payload: CheckAnswerIn):
    """The answering department's answer, once: confirmed, mismatch or cannot_verify."""
    return checks.data_check_answer(
        actor=actor(request), check_number=check_number, result=payload.result, note=payload.note
    )


@router.post("/checks/{check_number}/reveal", response=RevealOut)
def reveal_check_subject(request, check_number: str, payload: CheckRevealIn):
    """The applicant's full ID number for the answering department while the check awaits
    its answer; the read is audited with its purpose."""
    value = checks.data_check_reveal(
        actor=actor(request), check_number=check_number, purpose=payload.purpose
    )
    return {"field": "id_number", "value": value}


@router.get("/figures/periods", response=list[PeriodRow], auth=None, tags=["figures"])
def figure_periods(
    request, period: str = "year", date_from: dt.date | None = None, date_to: dt.date | None = None
):
    """Cross-region cases and concluded ones per year or half-year. Public."""
    return figures.by_period(period, date_from, date_to)


@router.get("/figures/pairs", response=list[PairRow], auth=None, tags=["figures"])
def figure_pairs(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    return figures.by_pair(date_from, date_to)


@router.get("/figures/categories", response=list[KeyRow], auth=None, tags=["figures"])
def figure_categories(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    return figures.by_category(date_from, date_to)


@router.get("/figures/modes", response=list[ModeRow], auth=None, tags=["figures"])
def figure_modes(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """Cases per mode: every mode in the seed's order, with the seed's names (收办分离 and
    代收代办 are one routing) and how the case travels. Public."""
    return figures.by_mode(date_from, date_to)


@router.get("/figures/checks", response=list[CheckFigureRow], auth=None, tags=["figures"])
def figure_checks(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """高效协同核验 per partner town: asked, answered, answered by their day, awaiting, mean
    working days to answer. Public."""
    return figures.checks_by_town(date_from, date_to)


@router.get("/figures/projection", response=ProjectionOut, auth=None, tags=["figures"])
def figure_projection(request, year: int | None = None, as_of: dt.date | None = None):
    """The full-year volume projected from the cases so far (see docs: seasonal when last
    year is known, else linear)."""
    return figures.projection(year, as_of)


@router.get("/figures/start-times", response=list[StartRow], auth=None, tags=["figures"])
def figure_start_times(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """Per receiving centre and month: the share of cases started within 10 minutes."""
    return figures.start_times(date_from, date_to)
