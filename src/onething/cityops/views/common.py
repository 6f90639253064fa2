"""What the operations centre's pages share: who uses them, the marks of a stage, a level
and a deadline, and the choices of departments and regions. (Its lists are read by cursor:
web.listing.cursor_list_page, in the template cityops/list.html.)"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from onething.core import deadlines
from onething.core.models import Region, Role
from onething.core.permissions import Actor
from onething.core.selectors.regions import departments_list
from onething.web.display import Mark, local

from ..models import Event
from ..rules.events import CLOSED, status_label
from ..rules.thresholds import LEVEL_LABELS

# who works on events: the duty dispatchers, the supervisors, the departments' officers,
# the grid inspectors (and the administrators, who see everything)
EVENT_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.INSPECTOR, Role.ADMIN)
# who looks after the devices: the operations centre and the owning departments
DEVICE_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.ADMIN)


def status_mark(event: Event) -> Mark:
    return Mark(status_label(event.status), "closed" if event.status == CLOSED else "open")


def level_mark(level: str) -> Mark:
    return Mark(LEVEL_LABELS.get(level, level), f"level-{level}")


def deadline_mark(state: str | None) -> Mark | str:
    """预警 / 超期 / 正常 while the event is open ('' without a due time or once closed)."""
    if state not in deadlines.RUNNING:
        return ""
    return Mark(deadlines.label(state), state)


def due_text(event: Event) -> str:
    if event.due_at is None:
        return ""
    text = local(event.due_at)
    return f"{text} ({_('provisional')})" if event.due_provisional else text


def department_choices(actor: Actor) -> list[tuple[str, str]]:
    """The departments of the actor's region (and below), to filter by or dispatch to."""
    departments = departments_list(actor)
    if actor.region_path:
        departments = departments.filter(region__path__startswith=actor.region_path)
    return [(d.code, d.name) for d in departments.order_by("region__code", "code")]


def region_choices(root_path: str | None = None) -> list[tuple[str, str]]:
    """The regions under ``root_path`` (a grid: its town and communities), else the city's
    districts and towns (a public list), each indented by its depth below the first."""
    if root_path:
        regions = Region.objects.filter(path__startswith=root_path)
    else:
        city = Region.objects.get(code=settings.ONETHING_CITY_CODE)
        regions = Region.objects.filter(path__startswith=city.path, level__in=("county", "town"))
    rows = list(regions.order_by("path"))
    top = min((r.path.count("/") for r in rows), default=0)
    return [(r.code, "\u3000" * (r.path.count("/") - top) + r.name) for r in rows]
