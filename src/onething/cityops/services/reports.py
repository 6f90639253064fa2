"""An inspector's report sent again (a retry over a bad connection) opens one event: the
report under core's idempotency key (``Idempotency-Key`` of the API)."""

from __future__ import annotations

from django.db import transaction

from onething.core.permissions import Actor
from onething.core.services.idempotency import idempotent_create

from ..models import Event
from .events import event_report


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
) -> Event:
    """``event_report``, once per idempotency key of the actor: a retry with the same key
    answers the first event; the same key with another report is refused (409)."""
    fields = {
        "title": title,
        "description": description,
        "region_code": region_code,
        "latitude": latitude,
        "longitude": longitude,
        "appeal_number": appeal_number,
    }
    event, _created = idempotent_create(
        actor=actor,
        operation="city_event.report",
        key=idempotency_key,
        payload=fields,
        model=Event,
        create=lambda: event_report(actor=actor, **fields),
    )
    return event
