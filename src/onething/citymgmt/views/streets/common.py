"""What the streets' pages share: the marks of a milestone and of spending beyond the
budget, and the choices of regions. (Their lists are read by cursor:
web.listing.cursor_list_page, in the template citymgmt/streets/list.html.)"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from onething.core.models import Region, RegionLevel
from onething.web.display import Mark

from ...models import StreetProject
from ...rules.projects import COMPLETED, milestone_label, over_budget


def url_or_blank(name: str, *args) -> str:
    """The page's address, or '' when that page is not installed (another part's)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def milestone_mark(milestone: str) -> Mark:
    return Mark(milestone_label(milestone), "closed" if milestone == COMPLETED else "open")


def budget_mark(project: StreetProject) -> Mark | str:
    """超预算 when more was spent than budgeted ('' otherwise)."""
    if over_budget(project.budget_fen, project.spent_fen):
        return Mark(_("Over budget"), "overdue")
    return ""


def district_choices() -> list[tuple[str, str]]:
    return [
        (r.code, r.name) for r in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
    ]


def street_office_choices(district_code: str = "") -> list[tuple[str, str]]:
    """The street offices and towns (of a district, when one is chosen)."""
    offices = Region.objects.filter(level=RegionLevel.TOWN).select_related("parent")
    if district_code:
        offices = offices.filter(parent__code=district_code)
    return [(r.code, f"{r.parent.name} {r.name}" if r.parent_id else r.name) for r in offices]
