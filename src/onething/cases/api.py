"""The cases API: uploads, intake, the lifecycle, results, ratings, supervision, figures."""

import datetime as dt

from django.http import HttpResponse
from ninja import File, Form, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.schemas import RevealIn, RevealOut

from .api_urges import router as urges_router
from .licence_pdf import licence_pdf
from .schemas import (
    BoardRow,
    CaseDetailOut,
    CaseFilter,
    CaseIn,
    CaseOut,
    CloseIn,
    ConcludeIn,
    CorrectionIn,
    CountOut,
    EvaluationIn,
    EvaluationOut,
    HandOverIn,
    LicenceOut,
    MaterialOut,
    MessageOut,
    RatesOut,
    ReasonIn,
    RectificationOut,
    WindowIntakeIn,
)
from .selectors import cases as case_selectors
from .selectors import figures
from .services import intake, lifecycle, materials, personal, ratings

router = Router(tags=["cases"])
IdempotencyKey = Header(None, alias="Idempotency-Key")
router.add_router("", urges_router)  # 督办: api_urges


@router.post("/materials", response={201: MaterialOut})
def upload_material(
    request,
    material_type: Form[str],
    file: File[UploadedFile],
    idempotency_key: str | None = IdempotencyKey,
):
    """Upload one file (PDF, JPEG or PNG, checked by its content) for a material type;
    use its id when submitting the application."""
    material = materials.material_upload(
        actor=actor(request),
        material_type_code=material_type,
        name=file.name or "",
        data=file.read(),
        idempotency_key=idempotency_key,
    )
    return Status(201, material)


@router.post("/cases", response={201: CaseOut})
def submit_case(
    request,
    response: HttpResponse,
    payload: CaseIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Apply online (an applicant; staff of an enterprise with its enterprise_id). Answers
    the case's summary; `Location` points at the whole case."""
    case = intake.case_submit(
        actor=actor(request),
        item_code=payload.item_code,
        form=payload.form,
        material_ids=payload.materials,
        enterprise_id=payload.enterprise_id,
        region_code=payload.region_code,
        delivery=payload.delivery,
        delivery_address=payload.delivery_address,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/cases/{case.number}"
    return Status(201, case)


@router.post("/cases/window", response={201: CaseDetailOut})
def window_intake(request, payload: WindowIntakeIn, idempotency_key: str | None = IdempotencyKey):
    """A clerk takes a walk-in's application (an instant item concludes at once)."""
    case = intake.case_intake_at_window(
        actor=actor(request),
        id_number=payload.id_number,
        name=payload.name,
        phone=payload.phone,
        item_code=payload.item_code,
        form=payload.form,
        material_ids=payload.materials,
        enterprise_credit_code=payload.enterprise_credit_code,
        delivery=payload.delivery,
        delivery_address=payload.delivery_address,
        idempotency_key=idempotency_key,
    )
    return Status(201, case)


@router.get("/cases", response=list[CaseOut])
@paginate(CityPagination)
def list_cases(request, filters: Query[CaseFilter]):
    """Cases you may see: your own (applicant), your centre's (clerk), your department's
    (officer), your region's (supervisor)."""
    who = actor(request)
    return in_parts(who, lambda part: case_selectors.cases_list(who, part=part, **filters.dict()))


@router.get("/cases/{number}", response=CaseDetailOut)
def get_case(request, number: str):
    return case_selectors.case_get(actor(request), number)


@router.post("/cases/{number}/accept", response=CaseDetailOut)
def accept(request, number: str):
    return lifecycle.case_accept(actor=actor(request), number=number)


@router.post("/cases/{number}/decline", response=CaseDetailOut)
def decline(request, number: str, payload: ReasonIn):
    return lifecycle.case_decline(actor=actor(request), number=number, reason=payload.reason)


@router.post("/cases/{number}/request-correction", response=CaseDetailOut)
def request_correction(request, number: str, payload: ReasonIn):
    """补正: the deadline clock stops until the applicant resubmits."""
    case = lifecycle.case_request_correction(
        actor=actor(request), number=number, reason=payload.reason
    )
    return case


@router.post("/cases/{number}/correction", response=CaseDetailOut)
def submit_correction(request, number: str, payload: CorrectionIn):
    case = lifecycle.case_submit_correction(
        actor=actor(request),
        number=number,
        material_ids=payload.materials,
        form=payload.form,
        note=payload.note,
    )
    return case


@router.post("/cases/{number}/conclude", response=CaseDetailOut)
def conclude(request, number: str, payload: ConcludeIn):
    """办结: approved (issues the licence) or denied (with the reason)."""
    case = lifecycle.case_conclude(
        actor=actor(request),
        number=number,
        outcome=payload.outcome,
        reason=payload.reason,
        valid_until=payload.valid_until,
    )
    return case


@router.post("/cases/{number}/withdraw", response=CaseDetailOut)
def withdraw(request, number: str, payload: ReasonIn):
    return lifecycle.case_withdraw(actor=actor(request), number=number, reason=payload.reason)


@router.post("/cases/{number}/hand-over", response=CaseDetailOut)
def hand_over(request, number: str, payload: HandOverIn):
    case = lifecycle.case_hand_over(
        actor=actor(request), number=number, tracking_number=payload.tracking_number
    )
    return case


@router.post("/cases/{number}/form/reveal", response=RevealOut)
def reveal_form_answer(request, number: str, payload: RevealIn):
    """The full value of a personal answer (an ID or phone number in the form), for those
    who handle the case or its applicant; written to the audit log."""
    value = personal.case_form_reveal(
        actor=actor(request), number=number, field=payload.field, purpose=payload.purpose
    )
    return {"field": payload.field, "value": value}


@router.get("/cases/{number}/messages", response=list[MessageOut])
def case_messages(request, number: str):
    a = actor(request)
    return case_selectors.case_messages(a, case_selectors.case_get(a, number))


@router.post("/cases/{number}/evaluation", response={201: EvaluationOut})
def rate(request, number: str, payload: EvaluationIn):
    """好差评: rate a concluded case once; 不满意 or worse opens a rectification."""
    evaluation = ratings.evaluation_submit(
        actor=actor(request), number=number, rating=payload.rating, comment=payload.comment
    )
    rectification = getattr(evaluation, "rectification", None)
    return Status(
        201,
        {
            "rating": evaluation.rating,
            "comment": evaluation.comment,
            "rated_at": evaluation.rated_at,
            "rectification_id": rectification.pk if rectification else None,
        },
    )


@router.get("/licences/{number}", response=LicenceOut)
def get_licence(request, number: str):
    return case_selectors.licence_get(actor(request), number)


@router.get("/licences/{number}/pdf")
def get_licence_pdf(request, number: str):
    """The licence as a PDF (the font embedded), with its verification QR code."""
    licence = case_selectors.licence_get(actor(request), number)
    response = HttpResponse(
        licence_pdf(licence, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{licence.number}.pdf"'
    return response


@router.get("/rectifications", response=list[RectificationOut])
@paginate(CityPagination)
def list_rectifications(request, status: str = ""):
    return case_selectors.rectifications_list(actor(request), status=status)


@router.post("/rectifications/{rectification_id}/close", response=RectificationOut)
def close_rectification(request, rectification_id: int, payload: CloseIn):
    """A supervisor closes it with what was done and the follow-up call."""
    return ratings.rectification_close(
        actor=actor(request),
        rectification_id=rectification_id,
        result=payload.result,
        follow_up_at=payload.follow_up_at,
        follow_up_note=payload.follow_up_note,
    )


@router.get("/figures/cases/counts", response=list[CountOut], tags=["figures"])
def figure_counts(
    request,
    group_by: str = "month",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Cases per month, department, region, item, category or status (within your scope)."""
    return figures.case_counts(
        actor(request), group_by=group_by, date_from=date_from, date_to=date_to
    )


@router.get("/figures/cases/rates", response=RatesOut, tags=["figures"])
def figure_rates(request, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """On-time rate, mean working days to conclude, online share, satisfaction rate."""
    return figures.case_rates(actor(request), date_from=date_from, date_to=date_to)


@router.get("/supervision/deadlines", response=list[BoardRow], tags=["figures"])
def deadline_board(request):
    """Open cases in warning and overdue, per department."""
    return figures.deadline_board(actor(request))
