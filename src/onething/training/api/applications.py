"""The institute's API: applications and the selection (under ``/api/training/``).

- ``POST /cohorts/{code}/applications``: a student applies (multipart: the fields, the
  files ``transcript`` and ``cv``; ``Idempotency-Key`` answers a retry with the first);
- ``GET /applications`` (the staff: their institute's, filtered; a student: their own),
  ``GET /applications/{number}`` (with files, interviews, timeline and one's moves), a
  file of it (its student and the staff only);
- the staff's screening (``screen``/``reject``), interview scores (one per interviewer,
  or a sheet of them), the selection and the waiting list;
- the student's answer to an offer (``accept``/``decline``, by its deadline) and
  withdrawal."""

from django.conf import settings
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.uploads import file_doc, stored_response

from ..selectors import applications as selectors
from ..services import applications as services
from ..services import interviews, offers, selection
from .applications_schemas import (
    Number,
    RecordId,
    TrainingApplicationDetailOut,
    TrainingApplicationFilter,
    TrainingApplicationIn,
    TrainingApplicationOut,
    TrainingImportOut,
    TrainingScoreIn,
    TrainingSelectionIn,
    TrainingSelectionOut,
    TrainingSelectionOverviewOut,
    TrainingWaitingClosedOut,
    application_detail,
)
from .common import IdempotencyKey, Text, TrainingNoteIn, TrainingReasonIn

router = Router(tags=["training"])

FILE_OPENAPI = file_doc("The file", "application/octet-stream")


def _upload(file: UploadedFile | None) -> tuple[str, bytes] | None:
    if file is None:
        return None
    return file.name or "", file.read(settings.ONETHING_UPLOAD_MAX_BYTES + 1)


def _detail(request, application):
    return application_detail(
        actor(request), selectors.application_get(actor(request), application.number)
    )


# ---------------------------------------------------------------------- applying


@router.post("/cohorts/{code}/applications", response={201: TrainingApplicationDetailOut})
def submit_application(
    request,
    code: Text,
    payload: Form[TrainingApplicationIn],
    transcript: File[UploadedFile] = None,
    cv: File[UploadedFile] = None,
    idempotency_key: str | None = IdempotencyKey,
):
    """A signed-in student applies to a cohort open for applications, as a multipart form
    with the files ``transcript`` (the academic transcript: PDF, JPEG or PNG) and ``cv``
    (PDF), checked by their content. Every problem at once (422); a second application
    to the cohort 409 ``one_application_per_cohort``; outside the application window 409
    ``applications_closed``. ``credits_transfer`` says whether the university has a
    credit agreement valid on the cohort's first day (one may apply either way)."""
    data = payload.dict()
    application, _created = services.application_submit(
        actor=actor(request),
        cohort_code=code,
        transcript=_upload(transcript),
        cv=_upload(cv),
        idempotency_key=idempotency_key,
        **data,
    )
    return Status(201, _detail(request, application))


@router.get("/applications", response=list[TrainingApplicationOut])
@paginate(CityPagination)
def list_applications(request, filters: Query[TrainingApplicationFilter]):
    """The applications you may see, newest first: the institute's staff their
    institute's (filtered by cohort, status, track, university); a student their own."""
    who = actor(request)
    values = filters.dict()
    return in_parts(who, lambda part: selectors.applications_list(who, part=part, **values))


@router.get("/applications/{number}", response=TrainingApplicationDetailOut)
def get_application(request, number: Number):
    """One application with its files, interview scores (the staff only), timeline and
    the moves you may make now. Anyone else's: 404."""
    who = actor(request)
    return application_detail(who, selectors.application_get(who, number))


@router.get("/applications/{number}/files/{file_id}", openapi_extra=FILE_OPENAPI)
def get_training_application_file(request, number: Number, file_id: RecordId):
    """A file of an application: its student and the institute's staff only."""
    attached = selectors.application_file_get(actor(request), number, file_id)
    return stored_response(
        attached.file, content_type=attached.content_type, filename=attached.name
    )


# ---------------------------------------------------------------------- the staff


@router.post("/applications/{number}/screen", response=TrainingApplicationDetailOut)
def screen_application(request, number: Number, payload: TrainingNoteIn):
    """初筛通过: the institute's staff pass a submitted application on to the interviews."""
    application = services.application_screen(
        actor=actor(request), number=number, note=payload.note
    )
    return _detail(request, application)


@router.post("/applications/{number}/reject", response=TrainingApplicationDetailOut)
def reject_application(request, number: Number, payload: TrainingNoteIn):
    """初筛不通过, with the reason (``note``, required)."""
    application = services.application_reject(
        actor=actor(request), number=number, note=payload.note
    )
    return _detail(request, application)


@router.post("/applications/{number}/interview", response=TrainingApplicationDetailOut)
def score_interview(request, number: Number, payload: TrainingScoreIn):
    """Your interview score (0–100, one decimal at most) of a screened application; one
    per interviewer (again: it replaces yours). The application's score is the mean."""
    application = interviews.interview_record(
        actor=actor(request), number=number, score=payload.score, note=payload.note
    )
    return _detail(request, application)


@router.post("/cohorts/{code}/interviews/import", response=TrainingImportOut)
def import_interview_scores(request, code: Text, file: File[UploadedFile]):
    """Your interview scores of the cohort's applications from a sheet (.xlsx or CSV):
    columns 申请编号 and 面试得分 (and 备注 if you like). Every row's problem at once
    (422, ``rows.<row>.<field>``); nothing is stored unless every row is right."""
    count = interviews.interview_scores_import(
        actor=actor(request), cohort_code=code, name=file.name or "", data=file.read()
    )
    return {"imported": count}


@router.get("/cohorts/{code}/selection", response=TrainingSelectionOverviewOut)
def get_selection(request, code: Text):
    """The cohort's places (capacity, taken, free), its applications by status and what a
    selection would do now (the institute's staff)."""
    overview = selectors.selection_overview(actor(request), code)
    return {
        "cohort": overview.cohort.code,
        "capacity": overview.capacity,
        "taken": overview.taken,
        "free": overview.free,
        "by_status": overview.by_status,
        "candidates": overview.candidates,
        "would_offer": len(overview.plan.offers),
        "would_wait": len(overview.plan.waiting),
    }


@router.post("/cohorts/{code}/selection", response=TrainingSelectionOut)
def run_selection(request, code: Text, payload: TrainingSelectionIn):
    """Rank the interviewed (and waiting) applications by score — ties by the earlier
    application — and offer up to ``places`` places (default: every free place) within
    the capacity, counting the places already offered or accepted; the rest wait, in
    order. More places than are free: 409 ``over_capacity``."""
    result = selection.selection_run(actor=actor(request), cohort_code=code, places=payload.places)
    return {
        "cohort": code,
        "capacity": result.capacity,
        "taken": result.taken,
        "free": result.free,
        "offered": [a.number for a in result.offered],
        "waiting": [a.number for a in result.waiting],
    }


@router.post("/cohorts/{code}/waiting-list/close", response=TrainingWaitingClosedOut)
def close_waiting_list(request, code: Text):
    """Close the cohort's waiting list: everyone still on it is not selected."""
    return {"not_selected": selection.waiting_list_close(actor=actor(request), cohort_code=code)}


# ---------------------------------------------------------------------- the student


@router.post("/applications/{number}/accept", response=TrainingApplicationDetailOut)
def accept_offer(request, number: Number):
    """Accept the place offered, by its deadline (after it: 409 ``offer_expired``)."""
    return _detail(request, offers.offer_accept(actor=actor(request), number=number))


@router.post("/applications/{number}/decline", response=TrainingApplicationDetailOut)
def decline_offer(request, number: Number, payload: TrainingReasonIn):
    """Decline the place offered, by its deadline; the waiting list moves up into it."""
    application = offers.offer_decline(actor=actor(request), number=number, reason=payload.reason)
    return _detail(request, application)


@router.post("/applications/{number}/withdraw", response=TrainingApplicationDetailOut)
def withdraw_application(request, number: Number, payload: TrainingReasonIn):
    """Withdraw your application (before accepting an offer); a place offered to you goes
    to the waiting list."""
    application = services.application_withdraw(
        actor=actor(request), number=number, reason=payload.reason
    )
    return _detail(request, application)
