"""The institute's API: placements (输送). Openings (public while open; posted, edited
and closed by a partner company's staff or the institute's, ``Idempotency-Key`` on the
post), students' job applications (one per opening: 409) and their moves (interview, offer,
reject by the company; withdraw, decline, hire by the student), placements (made on hire
or recorded directly by the institute's staff; one active placement per student: 409
``already_placed``) and their end. Another company's applications and placements: 404."""

from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..selectors import placements as selectors
from ..services import placements as services
from .common import IdempotencyKey, Text, TrainingNoteIn
from .placements_schemas import (
    JobApplicationFilter,
    JobApplicationOut,
    JobHireIn,
    JobInterviewIn,
    JobOpeningFilter,
    JobOpeningIn,
    JobOpeningOut,
    JobOpeningPatch,
    JobPlacementEndIn,
    JobPlacementFilter,
    JobPlacementIn,
    JobPlacementOut,
)

router = Router(tags=["training"])


# ---------------------------------------------------------------- openings


@router.get("/openings", response=list[JobOpeningOut], auth=None)
@paginate(CityPagination)
def list_openings(request, filters: Query[JobOpeningFilter]):
    """The openings taking applications today (public), newest first; filters `company`
    (a partner company's id) and `track` (its code). With `status` (open, closed, all):
    the openings of the companies you act for."""
    who = actor(request)
    if not filters.status:
        return selectors.openings_open(who, company=filters.company, track=filters.track)
    return selectors.openings_managed(
        who,
        company=filters.company,
        track=filters.track,
        status="" if filters.status == "all" else filters.status,
    )


@router.get("/openings/{number}", response=JobOpeningOut, auth=None)
def get_opening(request, number: Text):
    """One opening (public)."""
    return selectors.opening_get(actor(request), number)


@router.post("/openings", response={201: JobOpeningOut})
def create_opening(
    request,
    response: HttpResponse,
    payload: JobOpeningIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Post an opening (a partner company's staff: for their company, `company` optional;
    the institute's staff: `company` required). Every problem at once (422); a company you
    do not act for 403. A retry with the same `Idempotency-Key` answers the first opening."""
    opening = services.opening_create(
        actor=actor(request),
        company_id=payload.company,
        title=payload.title,
        track_code=payload.track,
        city=payload.city,
        positions=payload.positions,
        description=payload.description,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/training/openings/{opening.number}"
    return Status(201, selectors.opening_get(actor(request), opening.number))


@router.patch("/openings/{number}", response=JobOpeningOut)
def edit_opening(request, number: Text, payload: JobOpeningPatch):
    """Change an open opening (the fields given). Closed: 409."""
    given = payload.dict(exclude_unset=True)
    names = {"track": "track_code"}
    services.opening_update(
        actor=actor(request),
        number=number,
        **{names.get(name, name): value for name, value in given.items()},
    )
    return selectors.opening_get(actor(request), number)


@router.post("/openings/{number}/close", response=JobOpeningOut)
def close_opening(request, number: Text, payload: TrainingNoteIn | None = None):
    """Close an opening: no more applications (those made are still decided). Closed
    already: 409."""
    services.opening_close(
        actor=actor(request), number=number, note=payload.note if payload else ""
    )
    return selectors.opening_get(actor(request), number)


@router.post("/openings/{number}/apply", response={201: JobApplicationOut})
def apply_to_opening(
    request,
    number: Text,
    payload: TrainingNoteIn | None = None,
    idempotency_key: str | None = IdempotencyKey,
):
    """A student in a class of the institute, or who completed one, applies (403
    `not_a_student` otherwise); an opening not taking applications 409 (`opening_closed`,
    `opening_not_open_yet`); a second application to it 409 `already_applied`."""
    application = services.job_apply(
        actor=actor(request),
        number=number,
        note=payload.note if payload else "",
        idempotency_key=idempotency_key,
    )
    return Status(201, selectors.job_application_get(actor(request), application.pk))


# ---------------------------------------------------------------- job applications


@router.get("/job-applications", response=list[JobApplicationOut])
@paginate(CityPagination)
def list_job_applications(request, filters: Query[JobApplicationFilter]):
    """The job applications you see (a student: their own; a company's staff: to its
    openings; the institute's staff: all of the institute's), newest first."""
    values = filters.dict()
    return selectors.job_applications(actor(request), **values)


@router.get("/job-applications/{application_id}", response=JobApplicationOut)
def get_job_application(request, application_id: int):
    """One job application you see, with the student's class, track and passed courses
    and the moves you may make now (another company's: 404)."""
    return selectors.job_application_get(actor(request), application_id)


def _answer(request, application):
    return selectors.job_application_get(actor(request), application.pk)


@router.post("/job-applications/{application_id}/interview", response=JobApplicationOut)
def interview(request, application_id: int, payload: JobInterviewIn):
    """The company schedules (or moves) the interview: `at` with its offset, to come."""
    return _answer(
        request,
        services.job_interview(
            actor=actor(request), application_id=application_id, at=payload.at, note=payload.note
        ),
    )


def _word(service):
    def move(request, application_id: int, payload: TrainingNoteIn | None = None):
        return _answer(
            request,
            service(
                actor=actor(request),
                application_id=application_id,
                note=payload.note if payload else "",
            ),
        )

    return move


for _path, _service, _doc in (
    ("offer", services.job_offer, "The company offers the position (`note`: its terms)."),
    ("reject", services.job_reject, "The company turns the application down (`note`: why)."),
    ("withdraw", services.job_withdraw, "The student withdraws (before an offer)."),
    ("decline", services.job_decline, "The student declines the offer."),
):
    _view = _word(_service)
    _view.__name__ = f"job_{_path}"
    _view.__doc__ = _doc + " Another state 409; the other side's move 403."
    router.post(f"/job-applications/{{application_id}}/{_path}", response=JobApplicationOut)(_view)


@router.post("/job-applications/{application_id}/hire", response=JobApplicationOut)
def hire(request, application_id: int, payload: JobHireIn | None = None):
    """The student accepts the offer: hired, and placed with the company from
    `started_on` (default today). Positions filled 409 `positions_filled`; placed
    already 409 `already_placed` (one active placement per student)."""
    return _answer(
        request,
        services.job_hire(
            actor=actor(request),
            application_id=application_id,
            started_on=payload.started_on if payload else None,
        ),
    )


# ---------------------------------------------------------------- placements


@router.get("/placements", response=list[JobPlacementOut])
@paginate(CityPagination)
def list_placements(request, filters: Query[JobPlacementFilter]):
    """The placements you see (the institute's staff: the institute's; a company's staff:
    its own; a student: their own), latest start first; filters `company`, `cohort`
    (code), `year` (of the start), `active`."""
    return selectors.placements_list(actor(request), **filters.dict())


@router.get("/placements/{placement_id}", response=JobPlacementOut)
def get_placement(request, placement_id: int):
    """One placement you see (another company's: 404)."""
    return selectors.placement_get(actor(request), placement_id)


@router.post("/placements", response={201: JobPlacementOut})
def record_placement(
    request,
    response: HttpResponse,
    payload: JobPlacementIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """The institute's staff record a placement made outside the platform: the student
    number, the company, the position, the start. Placed already: 409 `already_placed`."""
    placement = services.placement_record(
        actor=actor(request),
        enrolment_number=payload.enrolment,
        company_id=payload.company,
        position=payload.position,
        started_on=payload.started_on,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/training/placements/{placement.pk}"
    return Status(201, selectors.placement_get(actor(request), placement.pk))


@router.post("/placements/{placement_id}/end", response=JobPlacementOut)
def end_placement(request, placement_id: int, payload: JobPlacementEndIn):
    """The placement ended on `ended_on` (its company's staff, the institute's): the
    student may be placed again. Ended already 409 `invalid_transition`."""
    services.placement_end(
        actor=actor(request),
        placement_id=placement_id,
        ended_on=payload.ended_on,
        note=payload.note,
    )
    return selectors.placement_get(actor(request), placement_id)
