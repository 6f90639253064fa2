"""An enterprise's side of a request (服务申请): it asks for a service of the catalogue
(with up to three files; retried with the same ``Idempotency-Key`` it is made once), may
withdraw it before the provider accepts, and rates the service once it is concluded.

The request goes to the service's provider, due to be answered within the working days
the service promises. The contact's phone is sealed (core.crypto) and shown masked; when
none is typed, the phone of the account's person on file is used. Every problem of the
input at once (422), nothing written; the files of a refused submission are kept for the
next one (``KEPT_ATTACHMENTS``, core.kept_uploads)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.crypto import keyring, seal
from onething.core.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from onething.core.identity import PII_FIELDS, mask_phone, normalise_phone
from onething.core.kept_uploads import KeptUploads
from onething.core.models import Person
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.selectors.calendar import official_calendar
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import number_next
from onething.core.uploads import inspect_upload, stored_extension

from ..models import PHONE_LABEL, RequestAttachment, ServiceRequest
from ..rules.requests import (
    MAX_ATTACHMENTS,
    NOTE_MAX,
    RATE,
    SUBMIT,
    SUBMITTED,
    WITHDRAW,
    rating_problems,
    request_problems,
    response_due,
)
from ..selectors.catalogue import acts_for, eligible, requester_enterprise, service_get
from ..timeframe import local_day
from .common import locked_request, moved, step

KEPT_ATTACHMENTS = KeptUploads(
    folder="valueadded/kept",
    salt="onething.valueadded.kept-attachment",
    field="attachments",
    images_only=False,  # a PDF or a photo
)
Upload = tuple[str, bytes]  # (file name, content)


def _phone(actor: Actor, typed: str) -> tuple[str, FieldProblem | None]:
    """The contact phone: the one typed, else the account's person's on file."""
    typed = (typed or "").strip()
    if typed:
        try:
            return normalise_phone(typed, "contact_phone"), None
        except ValidationFailed as error:
            return "", error.problems[0]
    person = Person.objects.filter(pk=actor.person_id).first() if actor.person_id else None
    if person is not None and person.phone_cipher:
        return keyring().decrypt(person.phone_cipher, PII_FIELDS["phone"]), None
    return "", FieldProblem("contact_phone", "required", _("Give a phone number to call."))


def _files_checked(attachments: Sequence[Upload]) -> tuple[list, list[FieldProblem]]:
    inspected, problems = [], []
    for index, (name, data) in enumerate(attachments[:MAX_ATTACHMENTS]):
        try:
            inspected.append(inspect_upload(name or "", data, f"attachments.{index}"))
        except ValidationFailed as refused:
            problems += refused.problems
    return inspected, problems


def request_submit(
    *,
    actor: Actor,
    service_code: str,
    subject: str,
    details: str,
    contact_name: str,
    contact_phone: str = "",
    attachments: Sequence[Upload] = (),
    idempotency_key: str | None = None,
) -> tuple[ServiceRequest, bool]:
    """An enterprise's staff ask for a service (active, one their enterprise may ask for,
    not one their own enterprise provides). (request, created): a retry with the same key
    answers the first request (created False)."""
    enterprise = requester_enterprise(actor)
    if enterprise is None:
        raise PermissionDenied(
            _("Value-added services are requested by an enterprise's staff account."),
            details={"your_role": actor.role},
        )
    service = service_get(actor, service_code)
    phone, phone_problem = _phone(actor, contact_phone)
    inspected, file_problems = _files_checked(attachments)
    refuse_if(
        [
            *request_problems(
                subject=subject,
                details=details,
                contact_name=contact_name,
                attachments=len(attachments),
            ),
            phone_problem,
            *file_problems,
        ]
    )
    if not (service.active and service.provider.active):
        raise Conflict(
            _("%(s)s is not offered at the moment.") % {"s": service.name},
            code="service_inactive",
            details={"service": service.code},
        )
    if acts_for(actor, service.provider_id):
        raise Conflict(
            _("Your enterprise provides this service itself."),
            code="own_service",
            details={"service": service.code},
        )
    if not eligible(service, enterprise):
        raise Conflict(
            _("%(s)s is offered to other enterprises (by size or industry) than yours.")
            % {"s": service.name},
            code="not_eligible",
            details={"service": service.code, "sizes": service.sizes},
        )
    fields = {
        "subject": subject.strip(),
        "details": details.strip(),
        "contact_name": contact_name.strip(),
    }
    files = [
        (name, data, checked) for (name, data), checked in zip(attachments, inspected, strict=True)
    ]
    payload = {
        "service": service.code,
        **fields,
        "contact_phone": hashlib.sha256(phone.encode()).hexdigest(),
        "attachments": [[n, hashlib.sha256(d).hexdigest()] for n, d, _c in files],
    }

    def create() -> ServiceRequest:
        return _create(actor, service, enterprise, fields, phone, files, idempotency_key)

    with transaction.atomic():
        return idempotent_create(
            actor=actor,
            operation="valueadded.request_submit",
            key=idempotency_key,
            payload=payload,
            model=ServiceRequest,
            create=create,
        )


def _create(actor, service, enterprise, fields, phone, files, key) -> ServiceRequest:
    now = clock.now()
    day = local_day(now)
    due = response_due(day, service.response_days, official_calendar())
    sealed = seal(phone, PHONE_LABEL, mask_phone(phone))
    request = ServiceRequest.objects.create(
        number=number_next(series="value_added", region_code=enterprise.region.code[:6], on=day),
        service=service,
        provider=service.provider,
        enterprise=enterprise,
        requested_by_id=actor.user_id,
        contact_phone_cipher=sealed.cipher,
        contact_phone_digest=sealed.digest,
        contact_phone_masked=sealed.masked,
        status=SUBMITTED,
        submitted_at=now,
        due_date=due.date,
        due_provisional=due.provisional,
        request_key=(key or "")[:64],
        **fields,
    )
    for name, data, checked in files:
        digest = hashlib.sha256(data).hexdigest()
        attached = RequestAttachment(
            request=request,
            name=(name or "file")[:120],
            content_type=checked.content_type,
            size=checked.size,
            sha256=digest,
        )
        attached.file.save(
            f"{digest[:32]}{stored_extension(name or '', '.pdf')}", ContentFile(data), save=False
        )
        attached.save()
    step(request, SUBMIT, actor, at=now)
    return request


@transaction.atomic
def request_withdraw(*, actor: Actor, number: str, reason: str = "") -> ServiceRequest:
    """The enterprise withdraws its request before the provider accepts it."""
    refuse_if([text_problem("reason", reason, NOTE_MAX)])
    request = locked_request(actor, number)
    reason = (reason or "").strip()
    return moved(request, WITHDRAW, actor, note=reason, withdraw_reason=reason)


@transaction.atomic
def request_rate(*, actor: Actor, number: str, rating, comment: str = "") -> ServiceRequest:
    """The enterprise rates the concluded service once (1 非常不满意 to 5 非常满意)."""
    refuse_if(rating_problems(rating, comment))
    request = locked_request(actor, number)
    if request.rated_at is not None:
        raise Conflict(
            _("The service of this request is rated already."),
            code="rated_already",
            details={"number": request.number, "rating": request.rating},
        )
    comment = (comment or "").strip()
    return moved(
        request,
        RATE,
        actor,
        note=comment,
        rating=rating,
        rating_comment=comment,
        rated_at=clock.now(),
    )
