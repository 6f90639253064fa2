"""Intake (受理) of appeals, as JSON or with photos, and reading them: the list, one appeal,
its photos and the audited full contact phone."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.errors import NotFound
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.uploads import open_stored

from .. import selectors
from ..schemas import AppealDetailOut, AppealFilter, AppealIn, AppealOut, ContactOut
from ..schemas.common import Id, Text
from ..services.intake import MAX_PHOTOS, appeal_submit
from .common import IdempotencyKey

router = Router(tags=["appeals"])


def _submit(request, response, payload: AppealIn, key: str | None, photos=()):
    data = payload.dict()
    appeal = appeal_submit(
        actor=actor(request),
        type=data["type"],
        category_code=data["category"],
        title=data["title"],
        text=data["text"],
        urgency=data["urgency"],
        channel=data["channel"],
        programme_code=data["programme"],
        region_code=data["region"],
        address=data["address"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        enterprise_id=data["enterprise_id"],
        person_id=data["person_id"],
        policy_id=data["policy_id"],
        publish=data["publish"],
        photos=photos,
        idempotency_key=key,
    )
    response["Location"] = f"/api/appeals/{appeal.number}"
    return Status(201, appeal)


@router.post("/appeals", response={201: AppealOut})
def submit(request, response: HttpResponse, payload: AppealIn, idempotency_key=IdempotencyKey):
    """File an appeal: an enterprise's message (无难事、悉心办), a citizen's 微幸福 item, a
    12345 call (dispatchers) or a visit (officers). It is numbered, given its due date in
    working days and routed by the first matching rule (else it waits for a dispatcher).
    `Location` points at the whole appeal."""
    return _submit(request, response, payload, idempotency_key)


@router.post("/appeals/upload", response={201: AppealOut})
def submit_with_photos(
    request,
    response: HttpResponse,
    payload: Form[AppealIn],
    photos: File[list[UploadedFile]] = None,
    idempotency_key=IdempotencyKey,
):
    """The same as `POST /appeals` as a multipart form, with up to six photos (JPEG or PNG,
    checked by their content) in the files named `photos`."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    files = [(f.name or "photo", f.read(limit)) for f in (photos or [])[: MAX_PHOTOS + 1]]
    return _submit(request, response, payload, idempotency_key, files)


@router.get("/appeals", response=list[AppealOut])
@paginate(CityPagination)
def list_appeals(request, filters: Query[AppealFilter]):
    """The appeals you may see: your own (requesters), your department's (officers), your
    region's (dispatchers, supervisors). `deadline=overdue|warning` finds open ones past or
    near their due date; `queue=dispatch` those waiting for a dispatcher, `queue=inbox`
    your department's to handle."""
    values = {k: v or "" for k, v in filters.dict().items()}
    who = actor(request)
    return in_parts(who, lambda part: selectors.appeals_list(who, part=part, **values))


@router.get("/appeals/{number}", response=AppealDetailOut)
def get_appeal(request, number: Text):
    """One appeal with its deadline, replies, follow-ups, timeline, photos, project and
    supervision, and the actions you may take on it now. The contact phone is masked."""
    return selectors.appeal_get(actor(request), number)


@router.get("/appeals/{number}/contact", response=ContactOut)
def reveal_contact(request, number: Text, purpose: Text = ""):
    """The contact's full phone number, for the staff handling the appeal. Every read is
    written to the audit log (`pii.read`)."""
    phone = selectors.appeal_contact_reveal(actor=actor(request), number=number, purpose=purpose)
    return {"number": number, "contact_phone": phone}


@router.get(
    "/appeals/{number}/photos/{photo_id}",
    openapi_extra={
        "responses": {
            200: {
                "description": "The photo",
                "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_photo(request, number: Text, photo_id: Id):
    """A photo of an appeal you may see."""
    appeal = selectors.appeal_get(actor(request), number)
    photo = appeal.photos.filter(pk=photo_id).first()
    if photo is None:
        raise NotFound(_("Appeal %(n)s has no such photo.") % {"n": number})
    return FileResponse(open_stored(photo.file), content_type=photo.content_type)
