"""The streets' JSON API (under ``/api/citymgmt/``): the public register of streets and a
street's page (projects, monthly scores, published ranking entries), the programmes with
their totals counted from the projects, the public figures as of a day, and the staff's
projects — scoped to the city-management office of the region, the street's managing
department and the region's supervisors — created with ``Idempotency-Key``, moved 立项 →
施工 → 完工 (409 from another milestone), their spending and before/after photos.
A role that changes no project 403, a project outside your reach 404, bad input 422
naming the field, in the request's language."""

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core import clock
from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.uploads import PHOTO_OPENAPI, photo_response

from ...selectors import figures as figures_selectors
from ...selectors import streets as selectors
from ...services import streets as services
from .schemas import (
    CityManagementFigures,
    CityStreetDetailOut,
    CityStreetFilter,
    CityStreetOut,
    RenovationProgrammeDetailOut,
    RenovationProgrammeOut,
    StreetProjectDetailOut,
    StreetProjectFilter,
    StreetProjectIn,
    StreetProjectMoveIn,
    StreetProjectOut,
    StreetProjectPhotoOut,
    StreetProjectSpendIn,
    Text,
)

router = Router(tags=["city management"])

IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first answer")


# ---------------------------------------------------------------- the public register


@router.get("/streets", response=list[CityStreetOut], auth=None)
@paginate(CityPagination)
def list_streets(request, filters: Query[CityStreetFilter]):
    """The register of streets and lanes (public), by district then name; filters
    `district` and `street_office` (region codes), `category`, `q` (a part of the name)."""
    return selectors.streets_list(actor(request), **filters.dict())


@router.get("/streets/{code}", response=CityStreetDetailOut, auth=None)
def get_street(request, code: Text):
    """A street (public): its projects, its monthly scores (oldest first) and its entries
    in published ranking batches."""
    page = selectors.street_page(actor(request), code)
    return {
        **CityStreetOut.from_orm(page.street).dict(),
        "projects": page.projects,
        "months": page.months,
        "rankings": page.rankings,
    }


@router.get("/programmes", response=list[RenovationProgrammeOut], auth=None)
@paginate(CityPagination)
def list_programmes(request):
    """The renovation programmes (public), newest year first."""
    return selectors.programmes_list(actor(request))


@router.get("/programmes/{code}", response=RenovationProgrammeDetailOut, auth=None)
def get_programme(request, code: Text):
    """A programme and its totals counted from its projects: `streets` (distinct streets
    with a project), `projects`, `budget_fen`, `investment_fen` (spent), in all, by district
    and by milestone."""
    programme = selectors.programme_get(actor(request), code)
    programme.totals = selectors.programme_totals(programme)
    return programme


@router.get(
    "/projects/{number}/photos/{photo_id}",
    auth=None,
    openapi_extra=PHOTO_OPENAPI,
)
def get_photo(request, number: Text, photo_id: int):
    """A before or after photo of a project (public, as the street's page shows it)."""
    project = selectors.project_public(actor(request), number)
    return photo_response(
        project.photos.all(), photo_id, _("The project has no such photo."), public=True
    )


@router.get("/public/figures", response=CityManagementFigures, auth=None)
def public_figures(request, on: dt.date | None = None):
    """The city's figures of street renovation, parking, residents' scoring and the red
    and black lists as of `on` (YYYY-MM-DD; default today), counted from the records."""
    return figures_selectors.public_figures(on or clock.today())


# ---------------------------------------------------------------- the staff's projects


@router.get("/projects", response=list[StreetProjectOut])
@paginate(CityPagination)
def list_projects(request, filters: Query[StreetProjectFilter]):
    """The projects you work on or oversee (the city-management office: its region's;
    a managing or responsible department: its own; supervisors: their region's), newest
    approval first."""
    values = filters.dict()
    return selectors.projects_list(
        actor(request),
        programme=values["programme"],
        milestone=values["milestone"],
        street=values["street"],
        district=values["district"],
        department=values["department"],
        over_budget_only=values["over_budget"],
    )


@router.post("/projects", response={201: StreetProjectDetailOut})
def create_project(
    request,
    response: HttpResponse,
    payload: StreetProjectIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """立项 (the city-management office; the street's managing department): a street's
    project with its items (codes of the renovation items), budget (fen), programme and
    responsible department. A retry with the same `Idempotency-Key` answers the first
    project (the same key with another project: 409). `Location` points at it."""
    project = services.project_create(
        actor=actor(request),
        street_code=payload.street,
        title=payload.title,
        items=payload.items,
        budget_fen=payload.budget_fen,
        programme_code=payload.programme,
        department_code=payload.department,
        approved_on=payload.approved_on,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/citymgmt/projects/{project.number}"
    return Status(201, _detail(request, project.number))


def _detail(request, number: str):
    return selectors.project_get(actor(request), number)


@router.get("/projects/{number}", response=StreetProjectDetailOut)
def get_project(request, number: Text):
    """One project you work on or oversee, with its timeline, photos and the milestone
    moves you may make now."""
    return _detail(request, number)


@router.post("/projects/{number}/start", response=StreetProjectDetailOut)
def start_project(request, number: Text, payload: StreetProjectMoveIn):
    """施工: construction started (from 立项 only: else 409)."""
    services.project_start(actor=actor(request), number=number, on=payload.on, note=payload.note)
    return _detail(request, number)


@router.post("/projects/{number}/complete", response=StreetProjectDetailOut)
def complete_project(request, number: Text, payload: StreetProjectMoveIn):
    """完工: completed (from 施工 only: else 409)."""
    services.project_complete(actor=actor(request), number=number, on=payload.on, note=payload.note)
    return _detail(request, number)


@router.post("/projects/{number}/spend", response=StreetProjectDetailOut)
def spend_on_project(
    request,
    number: Text,
    payload: StreetProjectSpendIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Record money spent (fen; a negative amount with a note corrects an earlier record).
    What was spent never falls below zero; beyond the budget is allowed (`over_budget`).
    A retry with the same `Idempotency-Key` records it once."""
    services.project_spend(
        actor=actor(request),
        number=number,
        amount_fen=payload.amount_fen,
        note=payload.note,
        idempotency_key=idempotency_key,
    )
    return _detail(request, number)


@router.post("/projects/{number}/photos", response={201: StreetProjectPhotoOut})
def add_photo(
    request,
    number: Text,
    phase: Form[str],
    file: File[UploadedFile],
    caption: Form[str] = "",
    idempotency_key: str | None = IdempotencyKey,
):
    """A photo `before` or `after` the renovation (multipart: `phase`, `caption`, `file`,
    a JPEG or PNG checked by its content). A retry with the same `Idempotency-Key` stores
    it once."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    photo = services.project_photo_add(
        actor=actor(request),
        number=number,
        phase=phase,
        caption=caption,
        name=file.name or "photo",
        data=file.read(limit),
        idempotency_key=idempotency_key,
    )
    return Status(201, photo)
