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
from onething.core.models import Department, Region, Role
from onething.core.permissions import Actor, visible
from onething.core.ratings import SATISFIED_MIN

from .. import rules, tally
from ..models import (
    Appeal,
    AppealChannel,
    AppealDueTally,
    AppealTally,
    AppealType,
    Programme,
)
from ..problems import choice_problem, refuse_if

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
        "satisfied": Count("id", filter=Q(rating__gte=SATISFIED_MIN)),
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
    public figures). Rates are percentages with one decimal (None when nothing counts).

    Read from the roll-ups for the public, a region's dispatchers and supervisors and a
    department's officers (their department's appeals): a period is then whole months
    (an appeal counts in the month it was received, as closed if closed by the end of the
    period's last month). A requester's own few appeals are counted directly."""
    qs = _filtered(
        actor, date_from=date_from, date_to=date_to, programme=programme, type=type, region=region
    )
    scope = _tally_scope(actor)
    if scope is not None:
        return _from_tallies(
            scope,
            date_from=date_from,
            date_to=date_to,
            programme=programme,
            type=type,
            region=region,
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


def _tally_scope(actor: Actor | None) -> Q | None:
    """The roll-up rows the actor's figures count, or None when the roll-ups cannot say."""
    if actor is None or actor.is_system or actor.role == Role.ADMIN:
        return Q()
    if actor.role in (Role.DISPATCHER, Role.SUPERVISOR):
        if actor.region_path is None:
            return Q(pk__in=[])
        regions = Region.objects.filter(path__startswith=actor.region_path).values("id")
        return Q(region_key__in=regions)
    if actor.role == Role.OFFICER and actor.department_id:
        return Q(department_key=actor.department_id)
    return None


BREAKDOWNS = ("type", "channel", "programme_key", "department_key")


def _summed(cells: list[dict[str, Any]], field: str | None, measures) -> dict[Any, dict[str, int]]:
    """The ``measures`` of ``cells`` summed per value of ``field`` (all under ``None``)."""
    out: dict[Any, dict[str, int]] = {}
    for cell in cells:
        into = out.setdefault(None if field is None else cell[field], dict.fromkeys(measures, 0))
        for m in measures:
            into[m] += cell[m] or 0
    return out


def _from_tallies(
    scope: Q,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    programme: str,
    type: str,
    region: str,
    each_programme: bool = False,
) -> dict[str, Any]:
    """The figures from the roll-ups; with ``each_programme``, {"all": the figures,
    "programmes": {programme code: its figures}}, from the same one read."""
    today = clock.today()
    where = scope
    if date_from:
        where &= Q(month__gte=date_from.replace(day=1))
    if date_to:
        where &= Q(month__lte=date_to.replace(day=1))
    if programme:
        where &= Q(programme_key=Programme.objects.get(code=programme).pk)
    if type:
        where &= Q(type=type)
    if region:
        path = Region.objects.get(code=region).path
        where &= Q(region_key__in=Region.objects.filter(path__startswith=path).values("id"))
    closed = Q()
    if date_to and date_to < today:
        closed = Q(closed_month__lte=date_to.replace(day=1))
    sums = {m: Sum(m, default=0) for m in tally.MEASURES if m != "closed"}
    sums["closed"] = Sum("closed", filter=closed, default=0)
    due = {"overdue_open": Sum("open", filter=Q(due_date__lt=today), default=0)}
    # one read of each roll-up, grouped by every dimension shown (at most a few thousand
    # groups); the overall figures and each breakdown are summed from it here, instead
    # of one scan of the roll-up per breakdown (and per programme)
    cells = list(AppealTally.objects.filter(where).values(*BREAKDOWNS).annotate(**sums).order_by())
    due_cells = list(
        AppealDueTally.objects.filter(where).values(*BREAKDOWNS).annotate(**due).order_by()
    )
    labels = {
        "type": {k: (k, str(v)) for k, v in AppealType.choices},
        "channel": {k: (k, str(v)) for k, v in AppealChannel.choices},
        "programme_key": {p.pk: (p.code, p.name) for p in Programme.objects.all()},
        "department_key": {d.pk: (d.code, d.name) for d in Department.objects.all()},
    }
    filters = {
        "date_from": date_from,
        "date_to": date_to,
        "programme": programme,
        "type": type,
        "region": region,
    }
    every = _figures_of(cells, due_cells, list(sums), labels, filters)
    if not each_programme:
        return every
    programmes = {
        code: _figures_of(
            [c for c in cells if c["programme_key"] == pk],
            [c for c in due_cells if c["programme_key"] == pk],
            list(sums),
            labels,
            {**filters, "programme": code},
        )
        for pk, (code, _name) in labels["programme_key"].items()
    }
    return {"all": every, "programmes": programmes}


def _figures_of(
    cells: list[dict[str, Any]],
    due_cells: list[dict[str, Any]],
    measures: list[str],
    labels: dict[str, dict[Any, tuple[str, str]]],
    filters: dict[str, Any],
) -> dict[str, Any]:
    def rates(row: dict[str, Any], overdue: int) -> dict[str, Any]:
        return _rates({**row, "overdue_open": overdue, "late": row["late"] + overdue})

    def by(field: str) -> list[dict[str, Any]]:
        overdue = _summed(due_cells, field, ("overdue_open",))
        out = []
        for value, row in _summed(cells, field, measures).items():
            if not row["total"]:
                continue
            key, label = labels[field].get(value, ("", _("(none)")))
            late = overdue.get(value, {}).get("overdue_open", 0)
            out.append({"key": key, "label": label, **rates(row, late)})
        return sorted(out, key=lambda r: r["key"])

    overall = _summed(cells, None, measures).get(None, dict.fromkeys(measures, 0))
    overdue = _summed(due_cells, None, ("overdue_open",)).get(None, {}).get("overdue_open", 0)
    return {
        "filters": filters,
        "overall": rates(overall, overdue),
        "by_type": by("type"),
        "by_channel": by("channel"),
        "by_programme": by("programme_key"),
        "by_department": by("department_key"),
    }


def appeal_figures_per_programme(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None, region: str = ""
) -> dict[str, Any]:
    """The public figures — ``{"all": …, "programmes": {code: …}}``: of every appeal, and
    of each programme (无难事、悉心办, 微幸福…), as ``appeal_figures(None, programme=code, …)``
    gives each — from one read of the roll-ups."""
    return _from_tallies(
        Q(),
        date_from=date_from,
        date_to=date_to,
        programme="",
        type="",
        region=region,
        each_programme=True,
    )


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
