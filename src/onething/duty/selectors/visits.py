"""Night visits as the actor may see them: a list (newest first, filtered, read by cursor),
one visit with its demands, and each demand's appeal as it stands — status, responsible
department, replies (the answer), the project it became and its milestones — read through
the appeals' selectors (a town's leader reads the appeals of their town)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from onething.appeals.selectors import appeals_list, categories_tree
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import SYSTEM, Actor, get_visible, visible

from ..models import NightVisit, VisitDemand
from ..rules import rosters as roster_rules
from ..rules.figures import month_key
from ..scopes import require_duty


def visits_list(
    actor: Actor, *, month: str = "", town: str = "", q: str = "", part: int | None = None
) -> QuerySet[NightVisit]:
    """The visits the actor sees, newest first; ``month`` (YYYY-MM), ``town`` (a code) and
    ``q`` (the place, whom they met, what was raised) filter them."""
    require_duty(actor)
    rows = visible(actor, NightVisit.objects.select_related("town", "leader"), part).annotate(
        demand_count=Count("demands")
    )
    if month:
        first = roster_rules.parse_month(month)
        if first is None:
            raise ValidationFailed(
                [FieldProblem("month", "format", _("Give the month as YYYY-MM."))]
            )
        rows = rows.filter(at__date__gte=first, at__date__lt=roster_rules.next_month(first))
    if town:
        rows = rows.filter(town__code=town)
    if q:
        rows = rows.filter(
            Q(place__icontains=q)
            | Q(met_names__icontains=q)
            | Q(summary__icontains=q)
            | Q(number__icontains=q)
        )
    return rows.order_by("-at", "-id")


def visit_get(actor: Actor, number: str) -> NightVisit:
    require_duty(actor)
    return get_visible(
        actor,
        NightVisit.objects.select_related("town", "leader", "night").prefetch_related("demands"),
        number=number,
    )


@dataclass(frozen=True)
class DemandProgress:
    """A demand and its appeal as the actor sees it (None: not visible to them)."""

    demand: VisitDemand
    appeal: Any | None
    replies: list[Any]
    project: Any | None
    milestones: list[Any]

    @property
    def answered(self) -> bool:
        return self.appeal is not None and self.appeal.first_replied_at is not None


def demands_progress(actor: Actor, visit: NightVisit) -> list[DemandProgress]:
    """Each demand of the visit with its appeal's progress: status, department, replies,
    project and milestones (one read of the appeals)."""
    demands = list(visit.demands.all())
    numbers = [d.appeal_number for d in demands]
    appeals = {
        a.number: a
        for a in appeals_list(actor)
        .filter(number__in=numbers)
        .select_related("project")
        .prefetch_related("replies", "project__milestones")
    }
    rows = []
    for demand in demands:
        appeal = appeals.get(demand.appeal_number)
        project = getattr(appeal, "project", None) if appeal is not None else None
        rows.append(
            DemandProgress(
                demand=demand,
                appeal=appeal,
                replies=list(appeal.replies.all()) if appeal is not None else [],
                project=project,
                milestones=list(project.milestones.all()) if project is not None else [],
            )
        )
    return rows


def category_names() -> dict[str, str]:
    """The appeals' categories (code → name), for a demand's category."""
    return dict(categories_tree(SYSTEM).values_list("code", "name"))


def category_choices() -> list[tuple[str, str]]:
    """The categories a demand may take, in tree order (a leaf under its parent)."""
    rows = categories_tree(SYSTEM)
    return [(c.code, f"{c.parent.name} › {c.name}" if c.parent_id else c.name) for c in rows]


def demands_of(actor: Actor) -> QuerySet[VisitDemand]:
    """The demands the actor sees (with their visits)."""
    require_duty(actor)
    return visible(actor, VisitDemand.objects.select_related("visit", "visit__town"))


def visit_months(actor: Actor) -> list[str]:
    """The months (YYYY-MM) with visits the actor sees, latest first (a filter's choices)."""
    days = visible(actor, NightVisit.objects.all()).dates("at", "month", order="DESC")
    return [month_key(d) for d in days]
