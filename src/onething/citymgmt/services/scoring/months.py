"""Closing a month of street scores (月度评价), once, by the city's city-management office
(or the platform's monthly job, ``python -m onething citymgmt_close_month``): every street
with any data that month — a counted resident's score, an inspector's check or a 12345
complaint naming it — gets its ``StreetMonth`` (rules.scoring.month_score: residents 50,
inspections 30, complaints 20, the weights of the parts present rescaled to 100).

Three reads of the month, none a street at a time: the counted scores grouped by street
(the index of scores by day), the checks grouped by street (the index of checks by day),
and one streamed pass over the month's complaints (appeals' selector), matched against
every street's name at once. Flagged scores still waiting for review do not count."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.appeals.selectors.complaints import complaints_naming
from onething.core import clock
from onething.core.errors import Conflict
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.audit import audit_record

from ...models import ScoringMonth, Street, StreetInspection, StreetMonth, StreetScore
from ...rules.scoring import COUNTED, FLAGGED, month_after, month_is_over, month_score, month_start
from ...selectors.scoring import month_open_last
from .common import require_city_office


def _bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's first and the next month's first moment, local time (aware)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(month_after(month), dt.time.min, tzinfo=zone)
    return start, end


@transaction.atomic
def month_close(*, actor: Actor, month: dt.date) -> ScoringMonth:
    """Close ``month`` (any day of it) for every street: 409 ``month_not_over`` before its
    last day is past, 409 ``month_closed`` the second time; 403 for anyone but the city's
    city-management office, an administrator or the platform."""
    require_city_office(actor)
    month = month_start(month)
    if not month_is_over(month, clock.today()):
        raise Conflict(
            _("%(m)s is not over yet: a month is closed once its last day is past.")
            % {"m": f"{month:%Y-%m}"},
            code="month_not_over",
            details={"month": f"{month:%Y-%m}"},
        )
    closed_at = clock.now()
    try:
        with transaction.atomic():
            closing = ScoringMonth.objects.create(
                month=month, closed_at=closed_at, closed_by_id=actor.user_id, streets=0
            )
    except IntegrityError:
        raise Conflict(
            _("%(m)s is closed already.") % {"m": f"{month:%Y-%m}"},
            code="month_closed",
            details={"month": f"{month:%Y-%m}"},
        ) from None
    end = month_after(month)
    in_month = {"day__gte": month, "day__lt": end}
    scores = {
        row["street"]: (row["n"], row["total"])
        for row in StreetScore.objects.filter(status=COUNTED, **in_month)
        .values("street")
        .annotate(n=Count("id"), total=Sum("average_centi"))
        .order_by()
    }
    checks = {
        row["street"]: (row["n"], row["total"])
        for row in StreetInspection.objects.filter(**in_month)
        .values("street")
        .annotate(n=Count("id"), total=Sum("mark"))
        .order_by()
    }
    start_at, end_at = _bounds(month)
    complaints = complaints_naming(
        start=start_at,
        end=end_at,
        streets=Street.objects.values_list("pk", "name", "district_id").iterator(chunk_size=2000),
    )
    streets = sorted(set(scores) | set(checks) | {k for k, n in complaints.items() if n})
    rows = []
    for street_id in streets:
        n, total = scores.get(street_id, (0, 0))
        m, marks = checks.get(street_id, (0, 0))
        result = month_score(
            resident_count=n,
            resident_sum_centi=total or 0,
            inspection_count=m,
            inspection_sum=marks or 0,
            complaints=complaints.get(street_id, 0),
        )
        rows.append(
            StreetMonth(
                street_id=street_id,
                month=month,
                resident_count=n,
                resident_centi=result.resident_centi,
                inspection_count=m,
                inspection_mark=result.inspection_mark,
                complaint_count=complaints.get(street_id, 0),
                weights=result.weights,
                score_centi=result.score_centi,
                closed_at=closed_at,
            )
        )
    StreetMonth.objects.bulk_create(rows, batch_size=500)
    closing.streets = len(rows)
    closing.save(update_fields=["streets"])
    waiting = StreetScore.objects.filter(status=FLAGGED, **in_month).count()
    audit_record(
        actor=actor,
        action="scoring_month.close",
        subject=closing,
        after={
            "month": f"{month:%Y-%m}",
            "streets": len(rows),
            "scores_counted": sum(n for n, _t in scores.values()),
            "inspections": sum(m for m, _t in checks.values()),
            "complaints": sum(complaints.values()),
            "flagged_not_counted": waiting,
        },
    )
    return closing


def month_close_last(*, actor: Actor = SYSTEM, today: dt.date | None = None) -> ScoringMonth | None:
    """Close last month if nobody has (the monthly job); None when it was closed already."""
    month = month_open_last(today)
    if month is None:
        return None
    return month_close(actor=actor, month=month)
