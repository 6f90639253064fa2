"""Streets and their renovation as people may read them: the public register of streets
(filtered, keyset-paged), a street's page (its projects with their photos, its monthly
scores, its published ranking entries), the programmes with their totals counted from the
projects (one grouped query each: never a loop over streets), and the projects the staff
work on (scoped: the city-management office of the region, the street's managing
department, the project's responsible department, the region's supervisors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, NotFound, PermissionDenied
from onething.core.models import Department, Region, RegionLevel, Role
from onething.core.permissions import EVERYTHING, Actor, get_visible, require_role, visible
from onething.core.problems import refuse_if

from ..models import (
    RankingEntry,
    RenovationProgramme,
    Street,
    StreetCategory,
    StreetMonth,
    StreetProject,
)
from ..rules.projects import MILESTONES, over_budget
from ..rules.ranking import PUBLISHED
from ..scopes import managed

# who reads the staff pages of streets and projects (supervisors read, officers also act)
STAFF_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
# who changes a project (within their reach): the officers of the city-management office
# and of the managing or responsible department; the administrators
WRITER_ROLES = (Role.OFFICER, Role.ADMIN)
SEARCH_MAX = 40
MONTHS_SHOWN = 24  # a street page's months of scores


# ---------------------------------------------------------------- who reaches what


def street_reach(actor: Actor) -> Q:
    """The streets the actor manages or oversees: the city-management office's region,
    the managing department's own streets, a supervisor's region (everything for the
    system and administrators)."""
    if actor.is_system or actor.role == Role.ADMIN:
        return EVERYTHING
    return managed(actor, "district", "department")


def project_reach(actor: Actor) -> Q:
    """The projects the actor works on or oversees: those of the streets in their reach,
    and, for an officer, those their department is responsible for."""
    if actor.is_system or actor.role == Role.ADMIN:
        return EVERYTHING
    scope = managed(actor, "street__district", "street__department")
    if actor.role == Role.OFFICER and actor.department_id:
        scope = scope | Q(department_id=actor.department_id)
    return scope


def _choice(field: str, value: str, allowed) -> FieldProblem | None:
    if not value or value in allowed:
        return None
    return FieldProblem(field, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(allowed)})


def _region(field: str, code: str) -> tuple[Region | None, FieldProblem | None]:
    if not code:
        return None, None
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None, FieldProblem(
            field, "unknown_region", _("There is no region with code %(code)s.") % {"code": code}
        )
    return region, None


# ---------------------------------------------------------------- the register of streets


def _streets() -> QuerySet[Street]:
    return Street.objects.select_related("district", "street_office", "department")


def streets_list(
    actor: Actor,
    *,
    district: str = "",
    street_office: str = "",
    category: str = "",
    q: str = "",
    department: str = "",
    include_inactive: bool = False,
) -> QuerySet[Street]:
    """The streets of the register (public), by district then name (keyset: the index of
    a district's streets by name): ``district`` and ``street_office`` by region code (a
    subtree), ``category``, ``q`` a part of the name, ``department`` the managing
    department's code. Streets taken off the register only with ``include_inactive``."""
    district_region, district_problem = _region("district", (district or "").strip())
    office_region, office_problem = _region("street_office", (street_office or "").strip())
    q = (q or "").strip()
    refuse_if(
        [
            district_problem,
            office_problem,
            _choice("category", category, StreetCategory.values),
            None
            if len(q) <= SEARCH_MAX
            else FieldProblem(
                "q", "max_length", _("At most %(n)s characters.") % {"n": SEARCH_MAX}
            ),
        ]
    )
    streets = visible(actor, _streets())
    if not include_inactive:
        streets = streets.filter(is_active=True)
    if district_region is not None:
        streets = streets.filter(district__path__startswith=district_region.path)
    if office_region is not None:
        streets = streets.filter(street_office__path__startswith=office_region.path)
    if category:
        streets = streets.filter(category=category)
    if q:
        streets = streets.filter(name__icontains=q)
    if department:
        streets = streets.filter(department__code=department)
    return streets.order_by("district", "name", "id")


def street_get(actor: Actor, code: str) -> Street:
    """One street of the register (public); 404 for an unknown code."""
    return get_visible(actor, _streets(), code=code)


def latest_scores(street_ids: list[int]) -> dict[int, StreetMonth]:
    """Each street's latest monthly score (of those given), in one query: the rows of the
    latest closed month any of them has."""
    if not street_ids:
        return {}
    months = StreetMonth.objects.filter(street_id__in=street_ids)
    latest = months.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return {}
    return {m.street_id: m for m in months.filter(month=latest)}


@dataclass(frozen=True)
class StreetPage:
    """What a street's page shows: the street, its projects (with their photos), its
    monthly scores (oldest first, the last ``MONTHS_SHOWN``) and its entries in published
    ranking batches (newest batch first)."""

    street: Street
    projects: list[StreetProject]
    months: list[StreetMonth]
    rankings: list[RankingEntry]


def street_page(actor: Actor, code: str) -> StreetPage:
    street = street_get(actor, code)
    projects = list(
        visible(actor, StreetProject.objects.filter(street=street))
        .select_related("programme", "department")
        .prefetch_related("photos")
        .order_by("-approved_on", "-id")
    )
    months = list(
        visible(actor, StreetMonth.objects.filter(street=street)).order_by("-month")[:MONTHS_SHOWN]
    )
    months.reverse()
    # the published entries are public: a batch's page shows them to everyone
    rankings = list(
        RankingEntry.objects.filter(street=street, batch__status=PUBLISHED)
        .select_related("batch", "category")
        .order_by("-batch__year", "-batch__sequence", "category__order", "id")
    )
    return StreetPage(street, projects, months, rankings)


# ---------------------------------------------------------------- programmes and totals


def programmes_list(actor: Actor, *, year: int | None = None) -> QuerySet[RenovationProgramme]:
    """The renovation programmes (public), newest year first."""
    programmes = visible(actor, RenovationProgramme.objects.select_related("region"))
    if year:
        programmes = programmes.filter(year=year)
    return programmes.order_by("-year", "code", "id")


def programme_get(actor: Actor, code: str) -> RenovationProgramme:
    return get_visible(actor, RenovationProgramme.objects.select_related("region"), code=code)


def money_of(row: dict[str, Any]) -> dict[str, Any]:
    budget, spent = row.get("budget") or 0, row.get("spent") or 0
    return {
        "streets": row.get("streets") or 0,
        "projects": row.get("projects") or 0,
        "budget_fen": budget,
        "investment_fen": spent,
        "over_budget": over_budget(budget, spent),
    }


AGGREGATES = {
    "streets": Count("street", distinct=True),
    "projects": Count("id"),
    "budget": Sum("budget_fen"),
    "spent": Sum("spent_fen"),
}


def programme_totals(programme: RenovationProgramme, *, approved_by=None) -> dict[str, Any]:
    """A programme's totals from its projects: ``streets`` (distinct streets with a
    project in it), ``projects``, ``budget_fen`` (the budgets' sum), ``investment_fen``
    (what was spent) — in all, ``by_district`` and ``by_milestone``. One grouped query
    each; ``approved_by`` (a date) counts the projects approved by then only."""
    projects = StreetProject.objects.filter(programme=programme)
    if approved_by is not None:
        projects = projects.filter(approved_on__lte=approved_by)
    total = projects.order_by().aggregate(**AGGREGATES)
    by_district = (
        projects.order_by()
        .values("street__district__code", "street__district__name")
        .annotate(**AGGREGATES)
        .order_by("street__district__code")
    )
    by_milestone = {
        row["milestone"]: row
        for row in projects.order_by().values("milestone").annotate(**AGGREGATES)
    }
    return {
        **money_of(total),
        "by_district": [
            {
                "code": row["street__district__code"],
                "name": row["street__district__name"],
                **money_of(row),
            }
            for row in by_district
        ],
        "by_milestone": [
            {"milestone": milestone, **money_of(by_milestone.get(milestone, {}))}
            for milestone in MILESTONES
        ],
    }


def programmes_summary(programme_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The totals in all of each programme given (streets, projects, budget, investment),
    in one grouped query."""
    rows = (
        StreetProject.objects.filter(programme_id__in=programme_ids)
        .order_by()
        .values("programme_id")
        .annotate(**AGGREGATES)
    )
    return {row["programme_id"]: money_of(row) for row in rows}


# ---------------------------------------------------------------- the staff's projects


def _projects() -> QuerySet[StreetProject]:
    return StreetProject.objects.select_related(
        "street__district", "street__street_office", "programme", "department"
    )


def projects_list(
    actor: Actor,
    *,
    programme: str = "",
    milestone: str = "",
    street: str = "",
    district: str = "",
    department: str = "",
    over_budget_only: bool = False,
) -> QuerySet[StreetProject]:
    """The projects the actor works on or oversees (staff only: 403 for other roles),
    newest approval first: ``programme`` (code), ``milestone``, ``street`` (code),
    ``district`` (region code, a subtree), ``department`` (responsible, code),
    ``over_budget_only``."""
    require_role(actor, *STAFF_ROLES)
    district_region, district_problem = _region("district", (district or "").strip())
    refuse_if([district_problem, _choice("milestone", milestone, MILESTONES)])
    projects = _projects().filter(project_reach(actor))
    if programme:
        projects = projects.filter(programme__code=programme)
    if milestone:
        projects = projects.filter(milestone=milestone)
    if street:
        projects = projects.filter(street__code=street)
    if district_region is not None:
        projects = projects.filter(street__district__path__startswith=district_region.path)
    if department:
        projects = projects.filter(department__code=department)
    if over_budget_only:
        projects = projects.filter(spent_fen__gt=F("budget_fen"))
    return projects.order_by("-approved_on", "-id")


def project_get(actor: Actor, number: str) -> StreetProject:
    """One project with its timeline and photos, for the staff who work on it or oversee
    it: 403 for a role that has no staff page, 404 outside the actor's reach."""
    require_role(actor, *STAFF_ROLES)
    project = (
        _projects()
        .prefetch_related("steps__actor", "photos")
        .filter(project_reach(actor), number=number or "")
        .first()
    )
    if project is None:
        raise NotFound(
            _("No %(what)s with that identifier is visible to you.")
            % {"what": StreetProject._meta.verbose_name},
            details={"lookup": {"number": str(number)}},
        )
    return project


def project_public(actor: Actor, number: str) -> StreetProject:
    """A project as the public register shows it (its street's page, its photos)."""
    return get_visible(actor, _projects().prefetch_related("photos"), number=number)


def may_change(actor: Actor, project: StreetProject) -> bool:
    """Whether the actor may move the project on (a project their reach already found)."""
    if actor.is_system or actor.role == Role.ADMIN:
        return True
    return actor.role == Role.OFFICER and bool(actor.department_id)


def street_in_reach(actor: Actor, street: Street) -> bool:
    """Whether the actor may start a project on the street (an officer of the
    city-management office of its region or of its managing department; administrators)."""
    if not (actor.is_system or actor.role in WRITER_ROLES):
        return False
    return Street.objects.filter(street_reach(actor), pk=street.pk).exists()


def streets_managed(actor: Actor) -> QuerySet[Street]:
    """The streets the actor may start a project on, by district then name (officers of
    the city-management office: their region's; of a managing department: its own)."""
    if actor.role not in WRITER_ROLES and not actor.is_system:
        raise PermissionDenied(
            _("Only the city-management office and the street's managing department may do this.")
        )
    return _streets().filter(street_reach(actor), is_active=True).order_by("district", "name", "id")


def departments_for_projects(actor: Actor) -> QuerySet[Department]:
    """The departments a project may be given to: those of the actor's region (the
    system and administrators: all)."""
    departments = Department.objects.select_related("region")
    if not (actor.is_system or actor.role == Role.ADMIN):
        if actor.region_path is None:
            return departments.none()
        departments = departments.filter(region__path__startswith=actor.region_path)
    return departments.order_by("region__code", "code")


def districts() -> QuerySet[Region]:
    """The districts (county level) streets are registered in."""
    return Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
