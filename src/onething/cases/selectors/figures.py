"""Figures over cases within the caller's scope (the figures API, the supervisors' pages).

Read from the roll-ups (``CaseTally``, ``CaseDueTally``, kept in each case's transaction)
for the scopes the roll-ups are keyed by — the city, a supervisor's region, an officer's
department — so their cost follows months × departments × items, never the number of
cases. A clerk's figures are their centre's, which the roll-ups do not key by: those are
counted from the centre's cases through the (centre, submission time) index, bounded by
one centre's volume. An applicant's are their own few cases.

A case counts in the month it was submitted (Wuxi time); a period is whole months."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import NOTHING, Actor, visible
from onething.core.ratings import SATISFIED_MIN
from onething.core.selectors.calendar import official_calendar

from .. import tally
from ..models import (
    OPEN_STATUSES,
    Case,
    CaseDueTally,
    CaseStatus,
    CaseTally,
    Channel,
    Evaluation,
)
from ..rules import warning_horizon
from .cases import deadline_q

# group -> (label field, key field) on the roll-up
GROUPS = {
    "month": ("month", None),
    "department": ("department__name", "department__code"),
    "region": ("department__region__name", "department__region__code"),
    "item": ("item__name", "item__code"),
    "category": ("item__category__name", "item__category__code"),
    "status": (None, None),  # open / concluded / declined or withdrawn
}
STATUS_GROUPS = {
    "open": lambda: _("Being handled"),
    "concluded": lambda: _("Concluded"),
    "closed": lambda: _("Declined or withdrawn"),
}


def _tally_scope(actor: Actor) -> Q | None:
    """The roll-up rows the actor may count, or None when the roll-ups cannot say (an
    applicant's own cases)."""
    if actor.is_system or actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.SUPERVISOR:
        return actor.department_q("department")
    if actor.role == Role.OFFICER:
        return Q(department_id=actor.department_id) if actor.department_id else NOTHING
    if actor.role == Role.CLERK:
        return Q(center_key=actor.service_center_id) if actor.service_center_id else NOTHING
    if actor.role in (Role.APPLICANT, Role.AGENT):
        return None
    return NOTHING


def _due_scope(actor: Actor) -> Q | None:
    """As ``_tally_scope``, for the due-date roll-up, which has no centre: a clerk's
    centre is counted from its open cases (a few hundred, through (centre, status))."""
    return None if actor.role == Role.CLERK else _tally_scope(actor)


def _months(date_from: dt.date | None, date_to: dt.date | None) -> Q:
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed.one("date_to", "range", _("The end is before the start."))
    q = Q()
    if date_from:
        q &= Q(month__gte=date_from.replace(day=1))
    if date_to:
        q &= Q(month__lte=date_to.replace(day=1))
    return q


def _cases(actor: Actor, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet:
    """The scope's cases in the period's whole months (for the scopes without roll-ups)."""
    qs = visible(actor, Case.objects.all())
    tz = timezone.get_current_timezone()
    if date_from:
        first = dt.datetime.combine(date_from.replace(day=1), dt.time(), tz)
        qs = qs.filter(submitted_at__gte=first)
    if date_to:
        end = (date_to.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        qs = qs.filter(submitted_at__lt=dt.datetime.combine(end, dt.time(), tz))
    return qs


def case_counts(
    actor: Actor, *, group_by: str, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[dict[str, Any]]:
    """Cases per month, department, region, item, category or status (open, concluded,
    declined or withdrawn)."""
    if group_by not in GROUPS:
        raise ValidationFailed.one(
            "group_by", "choice", _("Group by one of: %(g)s.") % {"g": ", ".join(GROUPS)}
        )
    period = _months(date_from, date_to)
    scope = _tally_scope(actor)
    if scope is None:
        return _counts_from_cases(_cases(actor, date_from, date_to), group_by)
    rows = CaseTally.objects.filter(scope, period)
    if group_by == "status":
        t = rows.aggregate(
            cases=Sum("cases", default=0),
            open=Sum("open", default=0),
            concluded=Sum("concluded", default=0),
        )
        counts = {
            "open": t["open"],
            "concluded": t["concluded"],
            "closed": t["cases"] - t["open"] - t["concluded"],
        }
        return [
            {"key": k, "label": str(STATUS_GROUPS[k]()), "cases": n} for k, n in counts.items() if n
        ]
    label, key = GROUPS[group_by]
    fields = [label] + ([key] if key else [])
    out = []
    for r in rows.values(*fields).annotate(n=Sum("cases")).order_by(*fields):
        if not r["n"]:
            continue
        shown = r[label].isoformat()[:7] if group_by == "month" else str(r[label])
        out.append({"key": str(r[key]) if key else shown, "label": shown, "cases": r["n"]})
    return out


def _counts_from_cases(qs: QuerySet, group_by: str) -> list[dict[str, Any]]:
    if group_by == "status":
        t = qs.aggregate(
            cases=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            concluded=Count("id", filter=Q(status=CaseStatus.CONCLUDED)),
        )
        counts = {
            "open": t["open"],
            "concluded": t["concluded"],
            "closed": t["cases"] - t["open"] - t["concluded"],
        }
        return [
            {"key": k, "label": str(STATUS_GROUPS[k]()), "cases": n} for k, n in counts.items() if n
        ]
    label, key = GROUPS[group_by]
    if group_by == "month":
        qs = qs.annotate(month=TruncMonth("submitted_at"))
    fields = [label] + ([key] if key else [])
    out = []
    for r in qs.values(*fields).annotate(n=Count("id")).order_by(*fields):
        shown = r[label].date().isoformat()[:7] if group_by == "month" else str(r[label])
        out.append({"key": str(r[key]) if key else shown, "label": shown, "cases": r["n"]})
    return out


def case_rates(
    actor: Actor, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """Headline rates: concluded on time, mean working days to conclude, share submitted
    online, satisfaction (基本满意 or better among ratings); open cases overdue and in
    warning today."""
    period = _months(date_from, date_to)
    scope = _tally_scope(actor)
    if scope is None:
        return _rates_from_cases(_cases(actor, date_from, date_to))
    t = CaseTally.objects.filter(scope, period).aggregate(
        **{m: Sum(m, default=0) for m in tally.MEASURES}
    )
    due_scope = _due_scope(actor)
    if due_scope is None:
        open_cases = _cases(actor, date_from, date_to).filter(status__in=OPEN_STATUSES)
        board = _board_from_cases(open_cases)
    else:
        board = _due_board(CaseDueTally.objects.filter(due_scope, period))
    return {
        "cases": t["cases"],
        "open": t["open"],
        "overdue_open": sum(r["overdue"] for r in board),
        "warning_open": sum(r["warning"] for r in board),
        "concluded": t["concluded"],
        "on_time_rate": _rate(t["on_time"], t["concluded"]),
        "mean_working_days": round(t["working_days"] / t["timed"], 2) if t["timed"] else None,
        "online_share": _rate(t["online"], t["cases"]),
        "ratings": t["ratings"],
        "satisfaction_rate": _rate(t["satisfied"], t["ratings"]),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rates_from_cases(qs: QuerySet) -> dict[str, Any]:
    totals = qs.aggregate(
        total=Count("id"),
        online=Count("id", filter=Q(channel=Channel.ONLINE)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
    )
    concluded = qs.filter(status=CaseStatus.CONCLUDED, due_date__isnull=False)
    conc = concluded.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(concluded_at__date__lte=F("due_date"))),
        mean_days=Avg("working_days_taken"),
    )
    ratings = Evaluation.objects.filter(case__in=qs).aggregate(
        n=Count("id"), satisfied=Count("id", filter=Q(rating__gte=SATISFIED_MIN))
    )
    today = clock.today()
    open_qs = qs.filter(status__in=OPEN_STATUSES)
    return {
        "cases": totals["total"],
        "open": totals["open"],
        "overdue_open": open_qs.filter(deadline_q("overdue", today)).count(),
        "warning_open": open_qs.filter(deadline_q("warning", today)).count(),
        "concluded": conc["n"],
        "on_time_rate": _rate(conc["on_time"], conc["n"]),
        "mean_working_days": round(float(conc["mean_days"]), 2)
        if conc["mean_days"] is not None
        else None,
        "online_share": _rate(totals["online"], totals["total"]),
        "ratings": ratings["n"],
        "satisfaction_rate": _rate(ratings["satisfied"], ratings["n"]),
    }


def _due_board(rows: QuerySet) -> list[dict[str, Any]]:
    """Running cases per department: in warning (one working day left or less) and overdue
    today (the due-date roll-up: a sum over due dates, so it moves with the day)."""
    today = clock.today()
    horizon = warning_horizon(today, official_calendar())
    return list(
        rows.filter(~Q(running=0))
        .values("department__code", "department__name")
        .annotate(
            running_total=Sum("running"),
            overdue=Sum("running", filter=Q(due_date__lt=today), default=0),
            warning=Sum("running", filter=Q(due_date__gte=today, due_date__lte=horizon), default=0),
        )
        .order_by("department__code")
    )


def _board_from_cases(open_cases: QuerySet) -> list[dict[str, Any]]:
    today = clock.today()
    rows = (
        open_cases.values("department__code", "department__name")
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


def deadline_board(actor: Actor) -> list[dict[str, Any]]:
    """Open cases per department, with those in warning and overdue (the supervisor's
    board): from the roll-ups. Open counts every case not concluded, declined or
    withdrawn (waiting for acceptance or a correction included)."""
    scope = _due_scope(actor)
    if scope is None:  # a clerk's centre, an applicant's own: their few open cases
        return _board_from_cases(visible(actor, Case.objects.filter(status__in=OPEN_STATUSES)))
    running = {r["department__code"]: r for r in _due_board(CaseDueTally.objects.filter(scope))}
    rows = (
        CaseTally.objects.filter(scope, ~Q(open=0))
        .values("department__code", "department__name")
        .annotate(open_total=Sum("open"))
        .order_by("department__code")
    )
    board = [
        {
            "department_code": r["department__code"],
            "department": r["department__name"],
            "open": r["open_total"],
            "warning": running.get(r["department__code"], {}).get("warning", 0),
            "overdue": running.get(r["department__code"], {}).get("overdue", 0),
        }
        for r in rows
        if r["open_total"]
    ]
    return sorted(board, key=lambda r: (-r["overdue"], -r["warning"], r["department_code"]))
