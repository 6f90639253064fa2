"""What the operations centre's pages share: who uses them, the marks of a stage, a level
and a deadline, the choices of departments and regions, and a list read by cursor (keyset:
the next page starts after the last row's ``opened_at, id``, through the list's index,
however deep), filtered, exported as CSV or .xlsx, a table on a desktop and cards on a
phone (web/cards.js)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from onething.core import deadlines
from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.models import Region, Role
from onething.core.pagination import count_label, page_window
from onething.core.permissions import Actor
from onething.core.selectors.regions import departments_list
from onething.web.display import Mark, local
from onething.web.listing import Column

from ..models import Event
from ..rules.events import CLOSED, status_label
from ..rules.thresholds import LEVEL_LABELS

# who works on events: the duty dispatchers, the supervisors, the departments' officers,
# the grid inspectors (and the administrators, who see everything)
EVENT_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.INSPECTOR, Role.ADMIN)
# who looks after the devices: the operations centre and the owning departments
DEVICE_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER, Role.ADMIN)
PER_PAGE = 20


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


# ---------------------------------------------------------------- a list by cursor


def cursor_list_page(
    request,
    *,
    title: str,
    form,
    rows: Callable[[dict[str, Any]], Any],
    columns: list[Column],
    export_name: str,
    template: str = "cityops/list.html",
    prepare: Callable[[list[Any]], None] | None = None,
    extra: dict[str, Any] | None = None,
) -> Any:
    """Render (or export) a filtered list a page at a time: the first page, then each next
    one after the last row (``?cursor=``). ``rows`` gets the form's cleaned data and
    returns the selector's list (already scoped). A filter, a cursor or an export format
    the list refuses is shown above it with status 422."""
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    listed = None
    if valid:
        try:
            listed = rows(data)
        except ValidationFailed as error:
            problems_on(form, error)
            valid = False
    fmt = request.GET.get("export")
    if fmt and fmt not in EXPORT_FORMATS:
        problems_on(
            form,
            ValidationFailed.one(
                "export", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(EXPORT_FORMATS)}
            ),
        )
        valid = False
    if valid and fmt:
        return export_response(
            fmt,
            export_name,
            [str(c.label) for c in columns],
            ([c.value(obj) for c in columns] for obj in _prepared(listed, prepare)),
        )
    cursor = request.GET.get("cursor") or None
    items: list[Any] = []
    count, next_cursor = "0", None
    if valid:
        try:
            window = page_window(listed, 1, cursor, PER_PAGE)
        except ValidationFailed as error:  # a cursor this list did not give out
            problems_on(form, error)
            valid = False
        else:
            items, next_cursor = window.items, window.next_cursor
            count = count_label(window.count, window.capped)
    if prepare is not None:
        prepare(items)
    query = request.GET.copy()
    for name in ("cursor", "export"):
        query.pop(name, None)
    context = {
        "title": title,
        "form": form,
        "columns": columns,
        "rows": [[(c.shown(o), c.link(o) if c.link else None) for c in columns] for o in items],
        "count": count,
        "query": query.urlencode(),
        "next_cursor": next_cursor,
        "continued": bool(cursor),
        **(extra or {}),
    }
    return render(request, template, context, status=200 if valid else 422)


def _prepared(listed, prepare, size: int = 1000):
    batch: list[Any] = []
    for obj in listed.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) == size:
            if prepare is not None:
                prepare(batch)
            yield from batch
            batch = []
    if batch and prepare is not None:
        prepare(batch)
    yield from batch
