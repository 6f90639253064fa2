"""Rosters and nights as the actor may see them: a list of rosters (filtered, newest month
first), one roster with its month grid — every leader of the town, every day, the night's
state — and the warnings of the rule of two stays a week, each in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Region, Role, User
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.regions import region_ids_under

from ..models import DutyNight, DutyRoster
from ..rules import nights as night_rules
from ..rules import rosters as rules
from ..scopes import require_duty


def rosters_list(
    actor: Actor, *, town: str = "", month: str = "", status: str = ""
) -> QuerySet[DutyRoster]:
    """The rosters the actor sees, the latest month first; ``town`` (a code), ``month``
    (YYYY-MM) and ``status`` (draft, published) filter them (422 naming a bad one)."""
    require_duty(actor)
    problems = []
    first = None
    if month:
        first = rules.parse_month(month)
        if first is None:
            problems.append(FieldProblem("month", "format", _("Give the month as YYYY-MM.")))
    if status and status not in rules.ROSTER_STATUSES:
        problems.append(
            FieldProblem(
                "status",
                "choice",
                _("Choose one of: %(c)s.") % {"c": ", ".join(rules.ROSTER_STATUSES)},
            )
        )
    if problems:
        raise ValidationFailed(problems)
    rows = visible(actor, DutyRoster.objects.select_related("town")).annotate(
        night_count=Count("nights", filter=Q(nights__planned=True))
    )
    if town:
        rows = rows.filter(town__code=town)
    if first:
        rows = rows.filter(month=first)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-month", "-id")


def roster_get(actor: Actor, roster_id: int) -> DutyRoster:
    require_duty(actor)
    return get_visible(
        actor,
        DutyRoster.objects.select_related("town", "planned_by").prefetch_related("nights"),
        pk=roster_id,
    )


def roster_of_month(actor: Actor, month: dt.date) -> DutyRoster | None:
    """The leader's town's roster of ``month`` (None: not planned yet)."""
    require_duty(actor)
    return (
        visible(actor, DutyRoster.objects.select_related("town").prefetch_related("nights"))
        .filter(town_id=actor.region_id, month=month)
        .first()
    )


def leaders_of(town_id: int, nights: list[DutyNight] = ()) -> list[User]:
    """The town's leaders (active), and any other account a night names (a leader who has
    left since), by name."""
    ids = {n.leader_id for n in nights}
    return list(
        User.objects.filter(
            Q(role=Role.LEADER, region_id=town_id, is_active=True) | Q(pk__in=ids)
        ).order_by("first_name", "id")
    )


@dataclass
class GridRow:
    leader: User
    cells: list[dict[str, Any]] = field(default_factory=list)
    planned: int = 0
    kept: int = 0
    missed: int = 0


def roster_grid(town_id: int, month: dt.date, nights: list[DutyNight]) -> dict[str, Any]:
    """The month grid: the days (with their weekday and ISO week), one row per leader with
    a cell per day (``state``: planned, kept, missed or '' for no night; ``planned``: on
    the roster), and each leader's counts."""
    now = clock.now()
    days = rules.month_days(month)
    by = {(n.leader_id, n.date): n for n in nights}
    rows = []
    for leader in leaders_of(town_id, nights):
        row = GridRow(leader)
        for day in days:
            night = by.get((leader.pk, day))
            state = night_rules.state(night.status, day, now) if night else ""
            row.cells.append({"day": day, "night": night, "state": state})
            if night and night.planned:
                row.planned += 1
                row.kept += state == night_rules.KEPT
                row.missed += state == night_rules.MISSED
        rows.append(row)
    return {
        "days": [{"day": d, "weekend": d.weekday() >= 5, "week": d.isocalendar()[1]} for d in days],
        "rows": rows,
    }


def warning_rows(warnings: list[rules.StayWarning], names: dict[int, str]) -> list[dict[str, Any]]:
    """Each warning with its sentence: the leader, the week, the stays against the rule
    (a week partly outside the month says it is judged on its days in the month)."""
    rows = []
    for w in warnings:
        week = w.week
        words = {
            "name": names.get(w.leader, ""),
            "first": f"{week.first:%m-%d}",
            "last": f"{week.last:%m-%d}",
            "stays": w.stays,
            "required": w.required,
            "days": week.days,
        }
        message = (
            ngettext(
                "%(name)s: %(stays)s stay in the week of %(first)s–%(last)s, at least "
                "%(required)s asked.",
                "%(name)s: %(stays)s stays in the week of %(first)s–%(last)s, at least "
                "%(required)s asked.",
                w.stays,
            )
            % words
        )
        if week.partial:
            message += " " + (
                _(
                    "The week has %(days)s days in this month and is judged on them (the rule's "
                    "two stays a week, prorated)."
                )
                % words
            )
        rows.append(
            {
                "leader": w.leader,
                "leader_name": words["name"],
                "week": f"{week.year}-W{week.number:02d}",
                "first": week.first,
                "last": week.last,
                "days_in_month": week.days,
                "partial": week.partial,
                "stays": w.stays,
                "required": w.required,
                "message": message,
            }
        )
    return rows


def roster_warnings(roster: DutyRoster) -> list[dict[str, Any]]:
    """The warnings of a roster as planned (its planned nights, its town's leaders)."""
    nights = [n for n in roster.nights.all() if n.planned]
    leaders = leaders_of(roster.town_id, nights)
    found = rules.stay_warnings(
        roster.month, [u.pk for u in leaders], [(n.leader_id, n.date) for n in nights]
    )
    return warning_rows(found, {u.pk: u.display_name for u in leaders})


def night_state(night: DutyNight, now: dt.datetime | None = None) -> str:
    return night_rules.state(night.status, night.date, now or clock.now())


def towns_seen(actor: Actor) -> QuerySet[Region]:
    """The towns and streets whose rosters the actor sees (a filter's choices)."""
    require_duty(actor)
    if actor.role == Role.LEADER:
        return Region.objects.filter(pk=actor.region_id)
    towns = Region.objects.filter(level="town").order_by("code")
    if actor.is_system or actor.role == Role.ADMIN:
        return towns
    if not actor.region_path:
        return towns.none()
    return towns.filter(pk__in=region_ids_under(actor.region_path))
