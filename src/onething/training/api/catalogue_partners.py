"""The institute's API: partner companies and their advisers, universities and their
registrars' accounts, credit agreements (under ``/api/training/``). Reads are public
(a registrar's account list is the institute staff's); the institute's staff write.
Mounted by ``catalogue``."""

from django.http import HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination

from ..selectors import catalogue as selectors
from ..services import catalogue as services
from .catalogue_partner_schemas import (
    TrainingAdviserEditIn,
    TrainingAdviserIn,
    TrainingAdviserOut,
    TrainingAgreementDetailOut,
    TrainingAgreementEditIn,
    TrainingAgreementFilter,
    TrainingAgreementIn,
    TrainingAgreementOut,
    TrainingAgreementTerminateIn,
    TrainingAssignmentIn,
    TrainingPartnerEditIn,
    TrainingPartnerFilter,
    TrainingPartnerIn,
    TrainingPartnerOut,
    TrainingUniversityAccountIn,
    TrainingUniversityAccountOut,
    TrainingUniversityEditIn,
    TrainingUniversityFilter,
    TrainingUniversityIn,
    TrainingUniversityOut,
)
from .common import IdempotencyKey, Text

router = Router(tags=["training"])


# ---------------------------------------------------------------- partners and advisers


@router.get("/partners", response=list[TrainingPartnerOut], auth=None)
@paginate(CityPagination)
def list_partners(request, filters: Query[TrainingPartnerFilter]):
    """The partner companies (public), the earliest to join first, with their advisers
    (企业家班主任) and the classes those lead; `q`: a part of the name."""
    return selectors.partners_list(actor(request), **filters.dict())


@router.post("/partners", response={201: TrainingPartnerOut})
def create_partner(
    request,
    response: HttpResponse,
    payload: TrainingPartnerIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """An enterprise of the register (by its unified social credit code) becomes a
    partner from `joined_on` (the institute's staff)."""
    partner = services.partner_create(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    response["Location"] = f"/api/training/partners/{partner.pk}"
    return Status(201, selectors.partner_get(actor(request), partner.pk))


@router.get("/partners/{partner_id}", response=TrainingPartnerOut, auth=None)
def get_partner(request, partner_id: int):
    return selectors.partner_get(actor(request), partner_id)


@router.post("/partners/{partner_id}", response=TrainingPartnerOut)
def edit_partner(request, partner_id: int, payload: TrainingPartnerEditIn):
    services.partner_update(
        actor=actor(request), partner_id=partner_id, **payload.dict(exclude_unset=True)
    )
    return selectors.partner_get(actor(request), partner_id)


@router.post("/partners/{partner_id}/advisers", response={201: TrainingAdviserOut})
def create_adviser(
    request,
    partner_id: int,
    payload: TrainingAdviserIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """企业家班主任: a leader of the company, with the username of their sign-in (an
    account acting for the company) when they have one."""
    adviser = services.adviser_create(
        actor=actor(request),
        partner_id=partner_id,
        idempotency_key=idempotency_key,
        **payload.dict(),
    )
    return Status(201, selectors.adviser_get(actor(request), adviser.pk))


@router.post("/advisers/{adviser_id}", response=TrainingAdviserOut)
def edit_adviser(request, adviser_id: int, payload: TrainingAdviserEditIn):
    services.adviser_update(
        actor=actor(request), adviser_id=adviser_id, **payload.dict(exclude_unset=True)
    )
    return selectors.adviser_get(actor(request), adviser_id)


@router.post("/advisers/{adviser_id}/classes", response={201: TrainingAdviserOut})
def assign_adviser(request, adviser_id: int, payload: TrainingAssignmentIn):
    """The adviser leads a cohort's track (a track the cohort teaches; the same class
    twice: 409)."""
    services.adviser_assign(
        actor=actor(request),
        adviser_id=adviser_id,
        cohort_code=payload.cohort,
        track_code=payload.track,
    )
    return Status(201, selectors.adviser_get(actor(request), adviser_id))


@router.post("/advisers/{adviser_id}/classes/{assignment_id}/remove", response=TrainingAdviserOut)
def unassign_adviser(request, adviser_id: int, assignment_id: int):
    """The adviser no longer leads that class."""
    selectors.adviser_get(actor(request), adviser_id)
    services.adviser_unassign(actor=actor(request), assignment_id=assignment_id)
    return selectors.adviser_get(actor(request), adviser_id)


# ---------------------------------------------------------------- universities


@router.get("/universities", response=list[TrainingUniversityOut], auth=None)
@paginate(CityPagination)
def list_universities(request, filters: Query[TrainingUniversityFilter]):
    """The universities (public) by name; `kind`: 985, overseas or other; `q`."""
    return selectors.universities_list(actor(request), **filters.dict())


@router.post("/universities", response={201: TrainingUniversityOut})
def create_university(
    request,
    response: HttpResponse,
    payload: TrainingUniversityIn,
    idempotency_key: str | None = IdempotencyKey,
):
    university = services.university_create(
        actor=actor(request), idempotency_key=idempotency_key, **payload.dict()
    )
    response["Location"] = f"/api/training/universities/{university.pk}"
    return Status(201, university)


@router.get("/universities/{university_id}", response=TrainingUniversityOut, auth=None)
def get_university(request, university_id: int):
    return selectors.university_get(actor(request), university_id)


@router.post("/universities/{university_id}", response=TrainingUniversityOut)
def edit_university(request, university_id: int, payload: TrainingUniversityEditIn):
    return services.university_update(
        actor=actor(request), university_id=university_id, **payload.dict(exclude_unset=True)
    )


@router.get("/universities/{university_id}/accounts", response=list[TrainingUniversityAccountOut])
def list_university_accounts(request, university_id: int):
    """The registrars' accounts of a university (the institute's staff)."""
    services.require_staff(actor(request))
    university = selectors.university_get(actor(request), university_id)
    return list(selectors.university_accounts(actor(request), university))


@router.post("/universities/{university_id}/accounts", response={201: TrainingUniversityAccountOut})
def link_university_account(request, university_id: int, payload: TrainingUniversityAccountIn):
    """Link a registrar's account (role university, made by an administrator) to the
    university: it receives the transcripts issued to it."""
    link = services.university_account_link(
        actor=actor(request), university_id=university_id, username=payload.username
    )
    return Status(201, link)


# ---------------------------------------------------------------- agreements


@router.get("/agreements", response=list[TrainingAgreementOut], auth=None)
@paginate(CityPagination)
def list_agreements(request, filters: Query[TrainingAgreementFilter]):
    """The credit agreements (学分互认, public), the latest start first; filters
    `university` (id), `state` on `on` (pending, valid, expired, terminated)."""
    return selectors.agreements_list(actor(request), **filters.dict())


@router.post("/agreements", response={201: TrainingAgreementDetailOut})
def create_agreement(
    request,
    response: HttpResponse,
    payload: TrainingAgreementIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """An agreement with a university: the courses it counts (credits, the university's
    course name), the grade scheme, signed and valid dates (the institute's staff)."""
    data = payload.dict()
    agreement = services.agreement_create(
        actor=actor(request),
        university_id=data.pop("university"),
        idempotency_key=idempotency_key,
        **data,
    )
    response["Location"] = f"/api/training/agreements/{agreement.number}"
    return Status(201, selectors.agreement_get(actor(request), agreement.number))


@router.get("/agreements/{number}", response=TrainingAgreementDetailOut, auth=None)
def get_agreement(request, number: Text):
    return selectors.agreement_get(actor(request), number)


@router.post("/agreements/{number}", response=TrainingAgreementDetailOut)
def edit_agreement(request, number: Text, payload: TrainingAgreementEditIn):
    """Change what is sent (`courses`: the whole list again). A terminated agreement
    changes no more (409)."""
    services.agreement_update(
        actor=actor(request), number=number, **payload.dict(exclude_unset=True)
    )
    return selectors.agreement_get(actor(request), number)


@router.post("/agreements/{number}/terminate", response=TrainingAgreementDetailOut)
def terminate_agreement(request, number: Text, payload: TrainingAgreementTerminateIn):
    """End the agreement early: from `on` (default today) it counts no more credits; once
    only (409)."""
    services.agreement_terminate(
        actor=actor(request), number=number, reason=payload.reason, on=payload.on
    )
    return selectors.agreement_get(actor(request), number)
