"""An inspector's report sent again (a retry over a bad connection) opens one event: the
report under core's idempotency key (``Idempotency-Key`` of the API, the hidden key of the
report page), its photos counted in the request by their content. The photos of a report
page that was refused are kept for the inspector's next submission (``KEPT_PHOTOS``,
core.kept_uploads)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import transaction

from onething.core.kept_uploads import KeptUploads
from onething.core.permissions import Actor
from onething.core.services.idempotency import idempotent_create

from ..models import Event
from .events import event_report

KEPT_PHOTOS = KeptUploads(folder="cityops/kept", salt="onething.cityops.kept-photo", field="photos")


@transaction.atomic
def event_report_once(
    *,
    actor: Actor,
    idempotency_key: str | None,
    title: str,
    description: str,
    region_code: str,
    latitude=None,
    longitude=None,
    appeal_number: str = "",
    photos: Sequence[tuple[str, bytes]] = (),
) -> Event:
    """``event_report``, once per idempotency key of the actor: a retry with the same key
    answers the first event; the same key with another report (other photos too) is
    refused (409)."""
    fields = {
        "title": title,
        "description": description,
        "region_code": region_code,
        "latitude": latitude,
        "longitude": longitude,
        "appeal_number": appeal_number,
    }
    payload = dict(fields)
    if photos:  # a report without photos keeps the request digest it always had
        payload["photos"] = [[name, hashlib.sha256(data).hexdigest()] for name, data in photos]
    event, _created = idempotent_create(
        actor=actor,
        operation="city_event.report",
        key=idempotency_key,
        payload=payload,
        model=Event,
        create=lambda: event_report(actor=actor, photos=photos, **fields),
    )
    return event
