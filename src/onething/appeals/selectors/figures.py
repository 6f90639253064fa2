"""Figures of appeals: totals by type, channel, programme and department; completion
(closed by the period's end), on-time and satisfaction rates; average working days to the
first reply. Aggregates carry
no personal data, so the public may read the city's; staff read those of what they see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.models import Region
from onething.core.permissions import Actor, visible

from .. import rules
from ..models import Appeal, AppealChannel, AppealType, Programme
from ..services.common import choice_problem, refuse_if

FIGURE_FILTERS = ("date_from", "date_to", "programme", "type", "region")


def _filtered(
    actor: Actor | None,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    programme: str,
    type: str,
    region: str,
) -> QuerySet[Appeal]:
    problems = []
    if date_from and date_to and date_from > date_to:
        problems.append(FieldProblem("date_to", "order", _("The end is before the start.")))
    if programme and not Programme.objects.filter(code=programme).exists():
        problems.append(
            FieldProblem("programme", "unknown", _("Unknown programme %(c)s.") % {"c": programme})
        )
    if type:
        problems.append(choice_problem("type", type, AppealType.values))
    region_obj = None
    if region:
        region_obj = Region.objects.filter(code=region).first()
        if region_obj is None:
            problems.append(
                FieldProblem("region", "unknown", _("Unknown region %(c)s.") % {"c": region})
            )
    refuse_if(problems)
    qs = Appeal.objects.all() if actor is None else visible(actor, Appeal.objects.all())
    if date_from:
        qs = qs.filter(received_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(received_at__date__lte=date_to)
    if programme:
        qs = qs.filter(programme__code=programme)
    if type:
        qs = qs.filter(type=type)
    if region_obj:
        qs = qs.filter(region__path__startswith=region_obj.path)
    return qs


def _measures(today: dt.date, until: dt.date | None = None) -> dict[str, Any]:
    """The counts of the figures. With ``until`` (a period's last day) an appeal counts as
    closed only if it was closed by the end of that day: "as of" the period, as a report
    of that date would have said."""
    open_overdue = Q(status__in=rules.OPEN_STATUSES, due_date__lt=today)
    closed = Q(status="closed")
    if until is not None and until < today:
        end = dt.datetime.combine(
            until + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
        )
        closed &= Q(closed_at__lt=end)
    return {
        "total": Count("id"),
        "closed": Count("id", filter=closed),
        "replied": Count("id", filter=Q(first_replied_at__isnull=False)),
        "on_time": Count("id", filter=Q(replied_on_time=True)),
        "late": Count("id", filter=Q(replied_on_time=False) | open_overdue),
        "rated": Count("id", filter=Q(rating__isnull=False)),
        "satisfied": Count("id", filter=Q(rating__gte=rules.SATISFIED_MIN)),
        "reply_days": Sum("reply_working_days"),
        "overdue_open": Count("id", filter=open_overdue),
    }


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "total": row["total"],
        "closed": row["closed"],
        "replied": row["replied"],
        "on_time": row["on_time"],
        "overdue_open": row["overdue_open"],
        "rated": row["rated"],
        "satisfied": row["satisfied"],
        "completion_rate": rules.rate(row["closed"], row["total"]),
        "on_time_rate": rules.rate(row["on_time"], row["on_time"] + row["late"]),
        "satisfaction_rate": rules.rate(row["satisfied"], row["rated"]),
        "average_reply_days": rules.mean(row["reply_days"] or 0, row["replied"]),
    }


def appeal_figures(
    actor: Actor | None = None,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    programme: str = "",
    type: str = "",
    region: str = "",
) -> dict[str, Any]:
    """The figures over the appeals ``actor`` sees (all of them when ``actor`` is None: the
    public figures). Rates are percentages with one decimal (None when nothing counts)."""
    qs = _filtered(
        actor, date_from=date_from, date_to=date_to, programme=programme, type=type, region=region
    )
    measures = _measures(clock.today(), date_to)
    overall = _rates(qs.aggregate(**measures))
    labels = {
        "type": dict(AppealType.choices),
        "channel": dict(AppealChannel.choices),
    }

    def by(field: str, label_field: str | None = None) -> list[dict[str, Any]]:
        keys = [field] + ([label_field] if label_field else [])
        rows = qs.values(*keys).annotate(**measures).order_by(field)
        out = []
        for row in rows:
            key = row[field]
            if label_field:
                label = row[label_field] or _("(none)")
            else:
                label = str(labels[field].get(key, key))
            out.append({"key": key or "", "label": label, **_rates(row)})
        return out

    return {
        "filters": {
            "date_from": date_from,
            "date_to": date_to,
            "programme": programme,
            "type": type,
            "region": region,
        },
        "overall": overall,
        "by_type": by("type"),
        "by_channel": by("channel"),
        "by_programme": by("programme__code", "programme__name"),
        "by_department": by("department__code", "department__name"),
    }


EXPORT_HEADERS = [
    "dimension",
    "key",
    "label",
    "total",
    "closed",
    "completion_rate",
    "on_time",
    "on_time_rate",
    "overdue_open",
    "rated",
    "satisfied",
    "satisfaction_rate",
    "average_reply_days",
]


def figures_rows(figures: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The figures as one table (for CSV and .xlsx)."""
    rows = []

    def add(dimension: str, key: str, label: str, r: dict[str, Any]) -> None:
        rows.append([dimension, key, label] + [r[h] for h in EXPORT_HEADERS[3:]])

    add("overall", "", _("All appeals"), figures["overall"])
    for dimension in ("type", "channel", "programme", "department"):
        for r in figures[f"by_{dimension}"]:
            add(dimension, r["key"], r["label"], r)
    return EXPORT_HEADERS, rows
