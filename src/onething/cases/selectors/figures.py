"""Figures over cases (used by the supervisors' pages and, later, the dashboard)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.permissions import Actor, visible

from ..models import OPEN_STATUSES, Case, CaseStatus, Channel, Evaluation, Level
from .cases import deadline_q

GROUPS = {
    "month": ("month", None),
    "department": ("department__name", "department__code"),
    "region": ("department__region__name", "department__region__code"),
    "item": ("item__name", "item__code"),
    "status": ("status", None),
    "category": ("item__category__name", "item__category__code"),
}


def _period(qs, date_from: dt.date | None, date_to: dt.date | None):
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed.one("date_to", "range", _("The end is before the start."))
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    return qs


def case_counts(
    actor: Actor, *, group_by: str, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[dict[str, Any]]:
    """Cases per month, department, region, item, category or status."""
    if group_by not in GROUPS:
        raise ValidationFailed.one(
            "group_by", "choice", _("Group by one of: %(g)s.") % {"g": ", ".join(GROUPS)}
        )
    qs = _period(visible(actor, Case.objects.all()), date_from, date_to)
    label, key = GROUPS[group_by]
    if group_by == "month":
        qs = qs.annotate(month=TruncMonth("submitted_at"))
    fields = [label] + ([key] if key else [])
    rows = qs.values(*fields).annotate(cases=Count("id")).order_by(*fields)
    return [
        {
            "key": str(
                r[key]
                if key
                else (r[label].date().isoformat()[:7] if group_by == "month" else r[label])
            ),
            "label": str(r[label].date().isoformat()[:7] if group_by == "month" else r[label]),
            "cases": r["cases"],
        }
        for r in rows
    ]


def case_rates(
    actor: Actor, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """Headline rates: concluded on time, mean working days to conclude, share submitted
    online, satisfaction (基本满意 or better among ratings)."""
    qs = _period(visible(actor, Case.objects.all()), date_from, date_to)
    concluded = qs.filter(status=CaseStatus.CONCLUDED, due_date__isnull=False)
    totals = qs.aggregate(
        total=Count("id"),
        online=Count("id", filter=Q(channel=Channel.ONLINE)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
    )
    conc = concluded.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(concluded_at__date__lte=F("due_date"))),
        mean_days=Avg("working_days_taken"),
    )
    ratings = Evaluation.objects.filter(case__in=qs).aggregate(
        n=Count("id"), satisfied=Count("id", filter=Q(level__gte=Level.BASICALLY_SATISFIED))
    )
    today = clock.today()
    open_qs = qs.filter(status__in=OPEN_STATUSES)
    return {
        "cases": totals["total"],
        "open": totals["open"],
        "overdue_open": open_qs.filter(deadline_q("overdue", today)).count(),
        "warning_open": open_qs.filter(deadline_q("warning", today)).count(),
        "concluded": conc["n"],
        "on_time_rate": round(conc["on_time"] / conc["n"], 4) if conc["n"] else None,
        "mean_working_days": round(float(conc["mean_days"]), 2)
        if conc["mean_days"] is not None
        else None,
        "online_share": round(totals["online"] / totals["total"], 4) if totals["total"] else None,
        "ratings": ratings["n"],
        "satisfaction_rate": round(ratings["satisfied"] / ratings["n"], 4)
        if ratings["n"]
        else None,
    }


def deadline_board(actor: Actor) -> list[dict[str, Any]]:
    """Open cases in warning and overdue, per department (the supervisor's board)."""
    today = clock.today()
    qs = visible(actor, Case.objects.filter(status__in=OPEN_STATUSES))
    rows = (
        qs.values("department__code", "department__name")
        .annotate(
            warning=Count("id", filter=deadline_q("warning", today)),
            overdue=Count("id", filter=deadline_q("overdue", today)),
            open=Count("id"),
        )
        .order_by("-overdue", "-warning", "department__code")
    )
    return [
        {
            "department_code": r["department__code"],
            "department": r["department__name"],
            "open": r["open"],
            "warning": r["warning"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]
