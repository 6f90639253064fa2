"""A town's duty roster (值班表) for a month: planned as a draft — its nights replaced as a
whole, the rule of two stays a week checked and its warnings returned — then published
(confirmed on the page): published, its nights no longer change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, FieldProblem
from onething.core.models import Role, User
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record

from ..models import DutyNight, DutyRoster
from ..rules import rosters as rules
from .common import clean, leader_town, locked, refuse_if, text_problem

MAX_NIGHTS = 200  # a month's nights a roster takes (a town has a few leaders)


@dataclass(frozen=True)
class Planned:
    roster: DutyRoster
    created: bool
    warnings: list[rules.StayWarning]


def town_leaders(town_id: int) -> list[User]:
    """The town's leaders (active accounts of role leader), by name."""
    return list(
        User.objects.filter(role=Role.LEADER, region_id=town_id, is_active=True).order_by(
            "first_name", "id"
        )
    )


def _month(value: Any, problems: list) -> dt.date | None:
    if isinstance(value, dt.date):
        first = value.replace(day=1)
    else:
        first = rules.parse_month(value)
        if first is None:
            problems.append(
                FieldProblem("month", "format", _("Give the month as YYYY-MM, e.g. 2021-12."))
            )
            return None
    if first < rules.month_of(clock.today()):
        problems.append(
            FieldProblem("month", "past", _("A roster is planned for this month or a later one."))
        )
    return first


def _nights(
    rows: Iterable[Mapping[str, Any]], first: dt.date | None, leaders: dict[int, User], problems
) -> list[tuple[int, dt.date]]:
    rows = list(rows or [])
    if len(rows) > MAX_NIGHTS:
        problems.append(
            FieldProblem(
                "nights", "max_items", _("At most %(n)s nights a month.") % {"n": MAX_NIGHTS}
            )
        )
        return []
    days = set(rules.month_days(first)) if first else set()
    seen: set[tuple[int, dt.date]] = set()
    nights = []
    for i, row in enumerate(rows):
        leader, day = row.get("leader"), row.get("date")
        if not isinstance(leader, int) or isinstance(leader, bool) or leader not in leaders:
            problems.append(
                FieldProblem(
                    f"nights.{i}.leader", "unknown", _("Not a leader of this town or street.")
                )
            )
            continue
        if not isinstance(day, dt.date):
            problems.append(FieldProblem(f"nights.{i}.date", "format", _("A date is needed.")))
            continue
        if first and day not in days:
            problems.append(
                FieldProblem(
                    f"nights.{i}.date",
                    "outside_month",
                    _("%(d)s is not in the roster's month.") % {"d": day.isoformat()},
                )
            )
            continue
        if (leader, day) in seen:
            problems.append(
                FieldProblem(
                    f"nights.{i}.date",
                    "duplicate",
                    _("%(name)s is on duty on %(d)s already.")
                    % {"name": leaders[leader].display_name, "d": day.isoformat()},
                )
            )
            continue
        seen.add((leader, day))
        nights.append((leader, day))
    return sorted(nights, key=lambda n: (n[1], n[0]))


@transaction.atomic
def roster_plan(
    *,
    actor: Actor,
    month: str | dt.date,
    nights: Iterable[Mapping[str, Any]],
    notes: str = "",
) -> Planned:
    """Plan the town's roster of ``month`` (``YYYY-MM``): the draft is made, or its nights
    replaced by ``nights`` (each ``{"leader": account id, "date": day}``). Every problem at
    once (422); a published roster 409. The weeks in which a leader has fewer than two stays
    come back as warnings (rules.rosters.stay_warnings): they do not refuse the plan."""
    town = leader_town(actor)
    problems: list[FieldProblem | None] = []
    first = _month(month, problems)
    leaders = {u.pk: u for u in town_leaders(town.pk)}
    planned = _nights(nights, first, leaders, problems)
    problems.append(text_problem("notes", notes, 300))
    refuse_if(problems)
    roster = DutyRoster.objects.select_for_update().filter(town=town, month=first).first()
    created = roster is None
    now = clock.now()
    if roster is None:
        roster = DutyRoster.objects.create(
            town=town, month=first, planned_by_id=actor.user_id, planned_at=now
        )
        before = None
    else:
        rules.ROSTER_LIFECYCLE.target(roster.status, rules.PLAN, actor.role)
        before = {"nights": _snapshot(roster.nights.values_list("leader_id", "date"))}
        roster.nights.all().delete()
    roster.notes = clean(notes)
    roster.planned_by_id = actor.user_id
    roster.planned_at = now
    roster.save(update_fields=["notes", "planned_by", "planned_at"])
    DutyNight.objects.bulk_create(
        DutyNight(roster=roster, leader_id=leader, date=day) for leader, day in planned
    )
    audit_record(
        actor=actor,
        action="duty.roster.plan",
        subject=roster,
        before=before,
        after={"month": f"{first:%Y-%m}", "nights": _snapshot(planned), "notes": roster.notes},
    )
    warnings = rules.stay_warnings(first, leaders, planned)
    return Planned(roster, created, warnings)


def _snapshot(nights: Iterable[tuple[int, dt.date]]) -> list[str]:
    return [f"{leader}:{day:%Y-%m-%d}" for leader, day in sorted(nights, key=lambda n: n[1])]


@transaction.atomic
def roster_publish(*, actor: Actor, roster_id: int) -> DutyRoster:
    """Publish the town's draft roster (the page asks to confirm: its nights then no longer
    change). A published one 409; one with no night 409 ``roster_empty``."""
    leader_town(actor)
    roster = locked(
        actor,
        DutyRoster.objects.all(),
        _("No duty roster with that identifier is visible to you."),
        pk=roster_id,
    )
    after = rules.ROSTER_LIFECYCLE.target(roster.status, rules.PUBLISH, actor.role)
    if not roster.nights.exists():
        raise Conflict(
            _("The roster has no night yet: plan its nights before publishing it."),
            code="roster_empty",
        )
    before = roster.status
    roster.status = after
    roster.published_at = clock.now()
    roster.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="duty.roster.publish",
        subject=roster,
        before={"status": before},
        after={"status": after, "nights": roster.nights.count()},
    )
    return roster
