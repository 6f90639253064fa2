"""Events of the operations centre: the scoped list and one event with its timeline, an
inspector's report (idempotent with ``Idempotency-Key``) and the moves of the closed loop:
立案 register, 不予立案 dismiss, 派遣 dispatch, 处置 handle, 核查 check, 结案 close. A move
for a role it is not for answers 403, one from a status it does not leave 409; an event
outside your scope 404."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination_api import CityPagination
from onething.core.permissions import in_parts
from onething.core.uploads import PHOTO_OPENAPI, photo_response

from .. import selectors
from ..schemas import (
    CityEventCheckIn,
    CityEventDetailOut,
    CityEventDismissIn,
    CityEventDispatchIn,
    CityEventFilter,
    CityEventHandleIn,
    CityEventNoteIn,
    CityEventOut,
    CityEventReportIn,
    Text,
)
from ..services import events as services
from ..services.events import MAX_PHOTOS
from ..services.reports import event_report_once

router = Router(tags=["operations centre"])

IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry gets the first event")


@router.get("/cityops/events", response=list[CityEventOut])
@paginate(CityPagination)
def list_events(request, filters: Query[CityEventFilter]):
    """The events you may see, newest first: your region's (dispatchers, supervisors), your
    department's (officers), those you reported and those of your grid (inspectors)."""
    who = actor(request)
    values = filters.dict()
    return in_parts(
        who,
        lambda part: selectors.events_list(
            who,
            status=values["status"],
            source=values["source"],
            level=values["level"],
            department_code=values["department"],
            open_only=values["open_only"],
            mine=values["mine"],
            part=part,
        ),
    )


@router.post("/cityops/events", response={201: CityEventDetailOut})
def report_event(
    request,
    response: HttpResponse,
    payload: CityEventReportIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """发现 (grid inspectors): report what you found on your round; it waits for the duty
    dispatcher to register it. A retry with the same `Idempotency-Key` answers the first
    event. `Location` points at the event."""
    return _reported(request, response, payload, idempotency_key)


def _reported(request, response, payload: CityEventReportIn, key: str | None, photos=()):
    event = event_report_once(
        actor=actor(request), idempotency_key=key, photos=photos, **payload.dict()
    )
    response["Location"] = f"/api/cityops/events/{event.number}"
    return Status(201, event)


@router.post("/cityops/events/upload", response={201: CityEventDetailOut})
def report_event_with_photos(
    request,
    response: HttpResponse,
    payload: Form[CityEventReportIn],
    photos: File[list[UploadedFile]] = None,
    idempotency_key: str | None = IdempotencyKey,
):
    """The same as `POST /cityops/events` as a multipart form, with up to three photos
    (JPEG or PNG, checked by their content: size and pixels) in the files named `photos`.
    A refused photo is named by its place (`photos.0`, …)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    files = [(f.name or "photo", f.read(limit)) for f in (photos or [])[: MAX_PHOTOS + 1]]
    return _reported(request, response, payload, idempotency_key, files)


# after the fixed paths (``/cityops/events/upload``): Django tries the routes in order
@router.get("/cityops/events/{number}", response=CityEventDetailOut)
def get_event(request, number: Text):
    """One event with its timeline (steps), its photos and the moves you may make now."""
    return selectors.event_get(actor(request), number)


@router.get(
    "/cityops/events/{number}/photos/{photo_id}",
    openapi_extra=PHOTO_OPENAPI,
)
def get_photo(request, number: Text, photo_id: int):
    """A photo of an event you may see."""
    event = selectors.event_get(actor(request), number)
    return photo_response(event.photos.all(), photo_id, _("The event has no such photo."))


@router.post("/cityops/events/{number}/register", response=CityEventDetailOut)
def register_event(request, number: Text, payload: CityEventNoteIn):
    """立案 (the duty dispatcher): take a reported event on."""
    return services.event_register(actor=actor(request), number=number, note=payload.note)


@router.post("/cityops/events/{number}/dismiss", response=CityEventDetailOut)
def dismiss_event(request, number: Text, payload: CityEventDismissIn):
    """不予立案 (the duty dispatcher): no matter for the city; closed with the reason."""
    return services.event_dismiss(actor=actor(request), number=number, reason=payload.reason)


@router.post("/cityops/events/{number}/dispatch", response=CityEventDetailOut)
def dispatch_event(request, number: Text, payload: CityEventDispatchIn):
    """派遣 (the duty dispatcher): send a registered event to the department that handles
    it, due within its time limit; on one dispatched already, a redispatch elsewhere."""
    event = services.event_dispatch(
        actor=actor(request),
        number=number,
        department_code=payload.department_code,
        note=payload.note,
    )
    return event


@router.post("/cityops/events/{number}/handle", response=CityEventDetailOut)
def handle_event(request, number: Text, payload: CityEventHandleIn):
    """处置 (the department's officer): report what was done."""
    return services.event_handle(actor=actor(request), number=number, note=payload.note)


@router.post("/cityops/events/{number}/check", response=CityEventDetailOut)
def check_event(request, number: Text, payload: CityEventCheckIn):
    """核查 (the grid inspector): passed, it waits for the close; not passed, it goes back
    to the department with what is still wrong."""
    event = services.event_check(
        actor=actor(request), number=number, passed=payload.passed, note=payload.note
    )
    return event


@router.post("/cityops/events/{number}/close", response=CityEventDetailOut)
def close_event(request, number: Text, payload: CityEventNoteIn):
    """结案 (the duty dispatcher): close a checked event."""
    return services.event_close(actor=actor(request), number=number, note=payload.note)
