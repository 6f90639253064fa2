"""The institute's API: the catalogue (under ``/api/training/``). Public reads — the
programmes with their tracks and courses, the cohorts and a cohort's page, the partner
companies with their advisers, the universities, the credit agreements —; the
institute's staff create and edit each (programmes, tracks, courses, cohorts and their
lifecycle here; partners, advisers, universities and agreements in
``catalogue_partners``). Anyone else is refused (403); bad input 422 naming every field
at once; an illegal move 409; a create retried with its ``Idempotency-Key`` is answered
once."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..rules.cohorts import COHORT_LIFECYCLE
from ..selectors import catalogue as selectors
from ..services import catalogue as services
from . import catalogue_partners
from .catalogue_schemas import (
    TrainingCohortDetailOut,
    TrainingCohortEditIn,
    TrainingCohortFilter,
    TrainingCohortIn,
    TrainingCohortOut,
    TrainingCourseEditIn,
    TrainingCourseIn,
    TrainingCourseOut,
    TrainingProgrammeEditIn,
    TrainingProgrammeIn,
    TrainingProgrammeOut,
    TrainingTrackEditIn,
    TrainingTrackIn,
    TrainingTrackOut,
)
from .common import IdempotencyKey, Text, TrainingNoteIn

router = Router(tags=["training"])
router.add_router("", catalogue_partners.router)


def local(value: Any) -> Any:
    """A time given without its offset is the city's."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# ---------------------------------------------------------------- programmes


@router.get("/programmes", response=list[TrainingProgrammeOut], auth=None)
@paginate(CityPagination)
def list_programmes(request):
    """The institute's programmes (public), with their tracks and the tracks' courses."""
    return selectors.programmes_list(actor(request))


@router.get("/programmes/{code}", response=TrainingProgrammeOut, auth=None)
def get_programme(request, code: Text):
    return selectors.programme_get(actor(request), code)


@router.post("/programmes", response={201: TrainingProgrammeOut})
def create_programme(request, response: HttpResponse, payload: TrainingProgrammeIn):
    """A programme of your institute (the institute's staff)."""
    programme = services.programme_create(actor=actor(request), **payload.dict())
    response["Location"] = f"/api/training/programmes/{programme.code}"
    return Status(201, selectors.programme_get(actor(request), programme.code))


@router.post("/programmes/{code}", response=TrainingProgrammeOut)
def edit_programme(request, code: Text, payload: TrainingProgrammeEditIn):
    """Change a programme's name or description (what is sent)."""
    services.programme_update(actor=actor(request), code=code, **payload.dict(exclude_unset=True))
    return selectors.programme_get(actor(request), code)


@router.post("/programmes/{code}/tracks", response={201: TrainingTrackOut})
def create_track(request, code: Text, payload: TrainingTrackIn):
    """A track of the programme (its code unique in it)."""
    track = services.track_create(actor=actor(request), programme_code=code, **payload.dict())
    return Status(201, track)


@router.post("/programmes/{code}/tracks/{track}", response=TrainingTrackOut)
def edit_track(request, code: Text, track: Text, payload: TrainingTrackEditIn):
    return services.track_update(
        actor=actor(request), programme_code=code, code=track, **payload.dict(exclude_unset=True)
    )


@router.post("/programmes/{code}/tracks/{track}/courses", response={201: TrainingCourseOut})
def create_course(request, code: Text, track: Text, payload: TrainingCourseIn):
    """A course of the track: hours, credits, assessment, pass mark (60 unless sent)."""
    course = services.course_create(
        actor=actor(request), programme_code=code, track_code=track, **payload.dict()
    )
    return Status(201, course)


@router.post("/courses/{code}", response=TrainingCourseOut)
def edit_course(request, code: Text, payload: TrainingCourseEditIn):
    """Change a course (what is sent). A grade entered before keeps its verdict."""
    return services.course_update(
        actor=actor(request), code=code, **payload.dict(exclude_unset=True)
    )


# ---------------------------------------------------------------- cohorts


@router.get("/cohorts", response=list[TrainingCohortOut], auth=None)
@paginate(CityPagination)
def list_cohorts(request, filters: Query[TrainingCohortFilter]):
    """The cohorts (public), the latest start first; filters `programme`, `status`."""
    return selectors.cohorts_list(actor(request), **filters.dict())


def _cohort(request, code: str):
    cohort = selectors.cohort_get(actor(request), code)
    editable = selectors.may_edit(actor(request), cohort.programme.institute)
    cohort.actions = COHORT_LIFECYCLE.actions(cohort.status) if editable else []
    return cohort


@router.get("/cohorts/{code}", response=TrainingCohortDetailOut, auth=None)
def get_cohort(request, code: Text):
    """A cohort (public): its facts, its tracks with their courses, the advisers leading
    its classes, whether it takes applications now, and the moves you may make."""
    return _cohort(request, code)


@router.post("/cohorts", response={201: TrainingCohortDetailOut})
def create_cohort(
    request,
    response: HttpResponse,
    payload: TrainingCohortIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """A cohort of a programme, planned (the institute's staff). A retry with the same
    `Idempotency-Key` answers the first one."""
    data = payload.dict()
    cohort = services.cohort_create(
        actor=actor(request),
        programme_code=data.pop("programme"),
        applications_open_at=local(data.pop("applications_open_at")),
        applications_close_at=local(data.pop("applications_close_at")),
        idempotency_key=idempotency_key,
        **data,
    )
    response["Location"] = f"/api/training/cohorts/{cohort.code}"
    return Status(201, _cohort(request, cohort.code))


@router.post("/cohorts/{code}", response=TrainingCohortDetailOut)
def edit_cohort(request, code: Text, payload: TrainingCohortEditIn):
    """Change what is sent. A finished cohort changes no more; once applications have
    closed, the window and the tracks stay; once the class runs, the start and the
    capacity too (409, naming the fields)."""
    data = payload.dict(exclude_unset=True)
    for name in ("applications_open_at", "applications_close_at"):
        if name in data:
            data[name] = local(data[name])
    services.cohort_update(actor=actor(request), code=code, **data)
    return _cohort(request, code)


def _move(request, code: str, action: str, payload: TrainingNoteIn):
    services.cohort_move(actor=actor(request), code=code, action=action, note=payload.note)
    return _cohort(request, code)


@router.post("/cohorts/{code}/open", response=TrainingCohortDetailOut)
def open_cohort(request, code: Text, payload: TrainingNoteIn):
    """开放报名: planned → open (else 409)."""
    return _move(request, code, "open", payload)


@router.post("/cohorts/{code}/close", response=TrainingCohortDetailOut)
def close_cohort(request, code: Text, payload: TrainingNoteIn):
    """截止报名, selection begins: open → selecting (else 409)."""
    return _move(request, code, "close", payload)


@router.post("/cohorts/{code}/reopen", response=TrainingCohortDetailOut)
def reopen_cohort(request, code: Text, payload: TrainingNoteIn):
    """Applications again: selecting → open (else 409)."""
    return _move(request, code, "reopen", payload)


@router.post("/cohorts/{code}/start", response=TrainingCohortDetailOut)
def start_cohort(request, code: Text, payload: TrainingNoteIn):
    """开班: selecting → running (else 409)."""
    return _move(request, code, "start", payload)


@router.post("/cohorts/{code}/finish", response=TrainingCohortDetailOut)
def finish_cohort(request, code: Text, payload: TrainingNoteIn):
    """结业: running → finished (else 409)."""
    return _move(request, code, "finish", payload)
