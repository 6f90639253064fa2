"""What an Open311 client sees: a category as a GeoReport service, an appeal as a service
request. Public fields only: no names, phones or e-mails; the texts are masked like the
public board's (identity and phone numbers)."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import Appeal, Category
from .formats import end_of_day
from .selectors import open311_status

# A client's media_url is kept as the last line of the appeal's text (never fetched).
MEDIA_PREFIX = "\n\nmedia_url: "
_MEDIA_LINE = re.compile(r"\n\nmedia_url: (\S+)\Z")


def with_media_url(text: str, media_url: str) -> str:
    return f"{text}{MEDIA_PREFIX}{media_url}" if media_url else text


def split_media_url(text: str) -> tuple[str, str]:
    """(the text without the media_url line, the media_url or "")."""
    match = _MEDIA_LINE.search(text or "")
    if match is None:
        return text or "", ""
    return text[: match.start()], match.group(1)


def service_row(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(rules.split_keywords(category.keywords)),
        "group": category.parent.name if category.parent_id else "",
    }


def service_notice(appeal: Appeal) -> str:
    """What happens to the request, in the request's language."""
    values = {
        "number": appeal.number,
        "department": appeal.department.name if appeal.department_id else "",
        "due": appeal.due_date.isoformat(),
    }
    if appeal.status in ("replied", "closed") and appeal.replied_at:
        values["day"] = timezone.localdate(appeal.replied_at).isoformat()
        return _("%(department)s replied to appeal %(number)s on %(day)s.") % values
    if appeal.department_id:
        return _("%(department)s handles appeal %(number)s; a reply is due by %(due)s.") % values
    return _("Appeal %(number)s waits for the 12345 dispatcher; a reply is due by %(due)s.") % (
        values
    )


def _media_url(request: HttpRequest, appeal: Appeal, client_url: str) -> str:
    photos = getattr(appeal, "photo_list", None)
    if photos is None:
        photos = list(appeal.photos.order_by("id"))
    if photos:  # the public board's copy: the appeal is published (Open311 lists no other)
        return request.build_absolute_uri(
            reverse("appeal-board-photo", args=[appeal.number, photos[0].pk])
        )
    return client_url


def request_row(request: HttpRequest, appeal: Appeal) -> dict:
    """An appeal as a GeoReport service request (the fields of REQUEST_FIELDS)."""
    text, client_media = split_media_url(appeal.text)
    replies = getattr(appeal, "public_replies", None)
    if replies is None:
        replies = list(appeal.replies.filter(public=True).order_by("round", "id"))
    latest = replies[-1] if replies else None
    updated = getattr(appeal, "last_event_at", None) or appeal.received_at
    row = {
        "service_request_id": appeal.number,
        "status": open311_status(appeal.status),
        "status_notes": rules.mask_text(latest.text) if latest else None,
        "service_name": appeal.category.name,
        "service_code": appeal.category.code,
        "description": rules.mask_text(text),
        "agency_responsible": appeal.department.name if appeal.department_id else None,
        "service_notice": service_notice(appeal),
        "requested_datetime": appeal.received_at,
        "updated_datetime": updated,
        "expected_datetime": end_of_day(appeal.due_date),
        "address": rules.mask_text(appeal.address) or appeal.region.name,
        "address_id": None,
        "zipcode": None,
        "lat": appeal.latitude,
        "long": appeal.longitude,
        "media_url": _media_url(request, appeal, client_media),
    }
    return row
