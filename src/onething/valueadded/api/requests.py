"""Requests for value-added services:

- ``POST /requests`` (JSON) or ``POST /requests/upload`` (multipart, with up to three
  files ``attachments``): an enterprise's staff ask for a service; ``Idempotency-Key``
  answers a retry with the first request;
- ``GET /requests`` (your enterprise's) and ``GET /queue`` (the requests routed to the
  providers you act for, with their deadline state), ``GET /requests/{number}`` (its
  files, timeline and your moves), a file of it, the contact's full phone (the provider
  only; audited, with its purpose);
- the provider's ``accept``, ``decline`` (with the reason) and ``conclude`` (the outcome;
  a financing reached with its amount in fen); the enterprise's ``withdraw`` (before it is
  accepted) and ``rate`` (once, after the conclusion).

Another enterprise's or provider's request: 404; a move that is the other side's: 403; a
move from a status it does not leave: 409; bad input: 422 naming every field."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.errors import NotFound
from onething.core.pagination_api import CityPagination
from onething.core.uploads import file_doc, stored_response

from .. import selectors
from ..rules.requests import MAX_ATTACHMENTS
from ..services import handling, requests
from .schemas import (
    IdempotencyKey,
    Number,
    RecordId,
    Text,
    ValueAddedConcludeIn,
    ValueAddedContactOut,
    ValueAddedNoteIn,
    ValueAddedQueueFilter,
    ValueAddedRateIn,
    ValueAddedReasonIn,
    ValueAddedRequestDetailOut,
    ValueAddedRequestFilter,
    ValueAddedRequestIn,
    ValueAddedRequestOut,
)

router = Router(tags=["valueadded"])
FILE_OPENAPI = file_doc("The file", "application/octet-stream")


def _submitted(request, response, payload: ValueAddedRequestIn, key, files=()):
    who = actor(request)
    made, _created = requests.request_submit(
        actor=who, idempotency_key=key, attachments=files, **payload.dict()
    )
    response["Location"] = f"/api/valueadded/requests/{made.number}"
    return Status(201, selectors.request_get(who, made.number))


@router.post("/requests", response={201: ValueAddedRequestDetailOut})
def submit_request(
    request,
    response: HttpResponse,
    payload: ValueAddedRequestIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """An enterprise's staff ask for a service of the catalogue (one their enterprise may
    ask for). It goes to the service's provider, due to be answered within the working
    days the service promises. A retry with the same `Idempotency-Key` answers the first
    request; the same key with another request 409."""
    return _submitted(request, response, payload, idempotency_key)


@router.post("/requests/upload", response={201: ValueAddedRequestDetailOut})
def submit_request_with_files(
    request,
    response: HttpResponse,
    payload: Form[ValueAddedRequestIn],
    attachments: File[list[UploadedFile]] = None,
    idempotency_key: str | None = IdempotencyKey,
):
    """The same as `POST /requests` as a multipart form, with up to three files (PDF, JPEG
    or PNG, checked by their content) named `attachments`; a refused one is named by its
    place (`attachments.0`, …)."""
    limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1
    files = [(f.name or "file", f.read(limit)) for f in (attachments or [])[: MAX_ATTACHMENTS + 1]]
    return _submitted(request, response, payload, idempotency_key, files)


@router.get("/requests", response=list[ValueAddedRequestOut])
@paginate(CityPagination)
def list_my_requests(request, filters: Query[ValueAddedRequestFilter]):
    """Your enterprise's requests, newest first."""
    return selectors.my_requests(actor(request), **filters.dict())


@router.get("/queue", response=list[ValueAddedRequestOut])
@paginate(CityPagination)
def list_queue(request, filters: Query[ValueAddedQueueFilter]):
    """The requests routed to the providers you act for (a department's officers, a
    partner's staff), newest first, with their deadline state."""
    return selectors.provider_queue(actor(request), **filters.dict())


@router.get("/requests/{number}", response=ValueAddedRequestDetailOut)
def get_request(request, number: Number):
    return selectors.request_get(actor(request), number)


@router.get("/requests/{number}/attachments/{attachment_id}", openapi_extra=FILE_OPENAPI)
def get_attachment(request, number: Number, attachment_id: RecordId):
    """A file of a request you may see."""
    found = selectors.request_get(actor(request), number)
    attachment = found.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(_("The request has no such file."))
    return stored_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.name
    )


@router.get("/requests/{number}/contact", response=ValueAddedContactOut)
def reveal_contact(request, number: Number, purpose: Text = ""):
    """The contact's full phone number, for the provider handling the request; every read
    is written to the audit log (``pii.read``) with its purpose (required)."""
    phone = selectors.request_contact_reveal(actor=actor(request), number=number, purpose=purpose)
    return {"number": number, "contact_phone": phone}


@router.post("/requests/{number}/accept", response=ValueAddedRequestDetailOut)
def accept_request(request, number: Number, payload: ValueAddedNoteIn):
    """受理 (the provider)."""
    handling.request_accept(actor=actor(request), number=number, note=payload.note)
    return selectors.request_get(actor(request), number)


@router.post("/requests/{number}/decline", response=ValueAddedRequestDetailOut)
def decline_request(request, number: Number, payload: ValueAddedReasonIn):
    """不予受理 (the provider), with the reason."""
    handling.request_decline(actor=actor(request), number=number, reason=payload.reason)
    return selectors.request_get(actor(request), number)


@router.post("/requests/{number}/conclude", response=ValueAddedRequestDetailOut)
def conclude_request(request, number: Number, payload: ValueAddedConcludeIn):
    """办结 (the provider): the outcome; a financing reached with its amount in fen."""
    handling.request_conclude(actor=actor(request), number=number, **payload.dict())
    return selectors.request_get(actor(request), number)


@router.post("/requests/{number}/withdraw", response=ValueAddedRequestDetailOut)
def withdraw_request(request, number: Number, payload: ValueAddedReasonIn):
    """撤回 (the enterprise), before the provider accepts."""
    requests.request_withdraw(actor=actor(request), number=number, reason=payload.reason)
    return selectors.request_get(actor(request), number)


@router.post("/requests/{number}/rate", response=ValueAddedRequestDetailOut)
def rate_request(request, number: Number, payload: ValueAddedRateIn):
    """评价 (the enterprise), once the request is concluded: 5 非常满意 … 1 非常不满意."""
    requests.request_rate(actor=actor(request), number=number, **payload.dict())
    return selectors.request_get(actor(request), number)
