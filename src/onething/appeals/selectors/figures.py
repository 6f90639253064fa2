"""Figures of appeals: totals by type, channel, programme and department; completion
(办结率: closed by the period's end), on-time reply (按时回复率), on-time conclusion
(按时办结率, ``rules.conclusion``) and satisfaction rates; average working days to the
first reply. Aggregates carry
no personal data, so the public may read the city's; staff read those of what they see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
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


def conclusion_filters() -> tuple[Q, Q]:
    """Closed and concluded on time, closed and concluded late (按时办结), as conditions on
    the appeal table: ``rules.concluded_in_time`` in SQL (the local day of the last
    round's reply, else of the closing, against the due date)."""
    day = TruncDate(Coalesce("replied_at", "closed_at"))
    closed = Q(status="closed")
    return closed & LessThanOrEqual(day, F("due_date")), closed & GreaterThan(day, F("due_date"))


def as_of(today: dt.date, until: dt.date | None) -> dt.date:
    """The day the open appeals' lateness is judged on: the period's last day, today at
    the latest."""
    return min(until, today) if until is not None else today


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
    in_time, late = conclusion_filters()
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
        "concluded_on_time": Count("id", filter=closed & in_time),
        "concluded_late": Count("id", filter=closed & late),
        "overdue_at_end": Count(
            "id", filter=Q(status__in=rules.OPEN_STATUSES, due_date__lt=as_of(today, until))
        ),
    }


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    """The counts and rates shown. ``concluded_late`` takes in the appeals open past their
    due date at the period's end (``overdue_at_end``): 按时办结率 is on time / (on time +
    late), ``rules.conclusion`` summed."""
    on_time_concluded = row["concluded_on_time"]
    late_concluded = row["concluded_late"] + row["overdue_at_end"]
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
        "concluded_on_time": on_time_concluded,
        "concluded_late": late_concluded,
        "on_time_conclusion_rate": rules.rate(
            on_time_concluded, on_time_concluded + late_concluded
        ),
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
# the measures that count an appeal only if it was closed by the period's end
AS_OF_THE_END = ("closed", "concluded_on_time", "concluded_late")
OVERDUE = ("overdue_open", "overdue_at_end")


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
    sums = {m: Sum(m, default=0) for m in tally.MEASURES if m not in AS_OF_THE_END}
    sums |= {m: Sum(m, filter=closed, default=0) for m in AS_OF_THE_END}
    due = {
        "overdue_open": Sum("open", filter=Q(due_date__lt=today), default=0),
        "overdue_at_end": Sum("open", filter=Q(due_date__lt=as_of(today, date_to)), default=0),
    }
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
    none = dict.fromkeys(OVERDUE, 0)

    def rates(row: dict[str, Any], overdue: dict[str, int]) -> dict[str, Any]:
        late = row["late"] + overdue["overdue_open"]
        return _rates({**row, **overdue, "late": late})

    def by(field: str) -> list[dict[str, Any]]:
        overdue = _summed(due_cells, field, OVERDUE)
        out = []
        for value, row in _summed(cells, field, measures).items():
            if not row["total"]:
                continue
            key, label = labels[field].get(value, ("", _("(none)")))
            out.append({"key": key, "label": label, **rates(row, overdue.get(value, none))})
        return sorted(out, key=lambda r: r["key"])

    overall = _summed(cells, None, measures).get(None, dict.fromkeys(measures, 0))
    overdue = _summed(due_cells, None, OVERDUE).get(None, none)
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


ENTERPRISE_PROGRAMME = "wunanshi"  # 无难事、悉心办: the enterprise platform's programme


def enterprise_platform(per_programme: dict[str, Any]) -> dict[str, Any] | None:
    """The enterprise platform's figures as the seed gives them (留言总量, 涉企诉求, 惠企建议,
    按时办结率), from ``appeal_figures_per_programme``'s answer, with the other two rates
    beside them under their own names; None when there is no such programme."""
    figures = per_programme["programmes"].get(ENTERPRISE_PROGRAMME)
    if figures is None:
        return None
    overall = figures["overall"]
    types = {r["key"]: r["total"] for r in figures["by_type"]}
    return {
        "programme": ENTERPRISE_PROGRAMME,
        "label": Programme.objects.get(code=ENTERPRISE_PROGRAMME).name,
        "messages": overall["total"],
        "demands": types.get("demand", 0),
        "suggestions": types.get("suggestion", 0),
        "concluded_on_time": overall["concluded_on_time"],
        "concluded_late": overall["concluded_late"],
        "on_time_conclusion_rate": overall["on_time_conclusion_rate"],
        "on_time_rate": overall["on_time_rate"],
        "completion_rate": overall["completion_rate"],
    }
