"""The public reads of Open311 GeoReport v2: appeals filed under an Open311 category (through
any channel) that may be published, with their public replies and photos. Anyone may read
them, as the public board; what is shown of each is chosen in ``present``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from .. import rules
from ..models import Appeal, AppealEvent, AppealPhoto, Reply

MAX_REQUESTS = 1000  # the spec's default volume: 90 days or the first 1,000 requests
WINDOW = dt.timedelta(days=90)
CLOSED_STATUSES = ("replied", "closed")  # answered by the department: the spec's "closed"
STATUS_GROUPS = {"open": rules.OPEN_STATUSES, "closed": CLOSED_STATUSES}


def open311_status(status: str) -> str:
    """The spec's status of an appeal: ``closed`` once the department has replied (or the
    follow-up closed it), ``open`` before (and again after a reopening)."""
    return "closed" if status in CLOSED_STATUSES else "open"


_last_event_at = (
    AppealEvent.objects.filter(appeal=OuterRef("pk")).order_by("-at", "-id").values("at")[:1]
)


def _public() -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(publish=True, category__open311=True)
        .select_related("category", "department", "region")
        # per appeal shown (a GROUP BY over the events would join those of every appeal
        # in the window before the newest 1,000 are picked)
        .annotate(last_event_at=Subquery(_last_event_at))
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(public=True).order_by("round", "id"),
                to_attr="public_replies",
            ),
            Prefetch("photos", queryset=AppealPhoto.objects.order_by("id"), to_attr="photo_list"),
        )
    )


def requests_list(
    *,
    numbers: Sequence[str] = (),
    service_codes: Sequence[str] = (),
    statuses: Sequence[str] = (),
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> list[Appeal]:
    """The newest public requests (at most 1,000). ``numbers`` (service_request_id) override
    every other filter, as the spec says; otherwise requests received in [start, end]
    (the caller fills in the 90-day default window), of the ``service_codes`` and in the
    ``statuses`` (open / closed) given."""
    qs = _public()
    if numbers:
        qs = qs.filter(number__in=list(numbers))
    else:
        if service_codes:
            qs = qs.filter(category__code__in=list(service_codes))
        if statuses:
            wanted = [s for group in statuses for s in STATUS_GROUPS[group]]
            qs = qs.filter(status__in=wanted)
        if start is not None:
            qs = qs.filter(received_at__gte=start)
        if end is not None:
            qs = qs.filter(received_at__lte=end)
    return list(qs.order_by("-received_at", "-id")[:MAX_REQUESTS])


def request_get(number: str) -> Appeal | None:
    """One public request by its number, or None (unknown, unpublished or not Open311)."""
    return _public().filter(number=number).first()
