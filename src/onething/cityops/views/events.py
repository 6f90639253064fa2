"""The events of the operations centre (城运事件) on pages: the list the user may see
(dispatchers and supervisors: their region's; officers: their department's; inspectors:
those they reported and those of their grid), filtered, by cursor, exported; and one
event's page — what happened (the device, its value and thresholds, or the inspector's
report with photos and place), the linked 12345 appeal, the deadline (预警 / 超期), the
audited timeline and the moves the user may make now (views/moves.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.appeals.selectors import appeal_get
from onething.core.errors import NotFound
from onething.core.models import Role
from onething.core.permissions import Actor, in_parts, require_role
from onething.core.transitions import STAY
from onething.core.uploads import photo_response
from onething.web.display import account_name, local, timeline_lines
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import EventFilter
from ..models import Event
from ..rules.events import EVENT_LIFECYCLE, STATUSES, action_label, status_label
from ..schemas import sees_exact_place
from .common import (
    DEVICE_ROLES,
    EVENT_ROLES,
    deadline_mark,
    department_choices,
    due_text,
    level_mark,
    status_mark,
)
from .moves import panels


def event_link(event: Event) -> str:
    return reverse("cityops-event", args=[event.number])


def _deadline(event: Event):
    return deadline_mark(selectors.event_deadline(event))


COLUMNS = [
    Column(gettext_lazy("Event number"), lambda e: e.number, event_link),
    Column(pgettext_lazy("city event", "What happened"), lambda e: e.title),
    Column(pgettext_lazy("city event", "Found by"), lambda e: e.get_source_display()),
    Column(pgettext_lazy("city event", "Level"), lambda e: level_mark(e.level)),
    Column(gettext_lazy("Event status"), status_mark),
    Column(gettext_lazy("Region"), lambda e: e.region.name),
    Column(
        gettext_lazy("Handling department"), lambda e: e.department.name if e.department else ""
    ),
    Column(gettext_lazy("Found at"), lambda e: local(e.opened_at)),
    Column(gettext_lazy("To be handled by"), due_text),
    Column(gettext_lazy("Deadline"), _deadline),
]


def waiting_tabs(actor: Actor) -> list[tuple[str, str]]:
    """A tab for each stage at which the actor's role moves an event on (待立案, 待派遣,
    待处置, 待核查, 待结案), from the lifecycle."""
    tabs = []
    for status in STATUSES:
        moves = [
            m
            for m in EVENT_LIFECYCLE.actions(status, actor.role)
            if EVENT_LIFECYCLE.table[m].target != STAY
        ]
        if moves:
            tabs.append((_("To %(move)s") % {"move": action_label(moves[0])}, f"?status={status}"))
    return tabs


@login_required
@domain_errors_as_pages
def events_page(request):
    actor = page_actor(request)
    require_role(actor, *EVENT_ROLES)
    departments = department_choices(actor) if actor.role != Role.OFFICER else ()
    form = EventFilter(
        request.GET or None, departments=departments, show_mine=actor.role == Role.INSPECTOR
    )

    def rows(data):
        return in_parts(
            actor,
            lambda part: selectors.events_list(
                actor,
                status=data.get("status") or "",
                source=data.get("source") or "",
                level=data.get("level") or "",
                department_code=data.get("department") or "",
                open_only=bool(data.get("open_only")),
                mine=bool(data.get("mine")),
                part=part,
            ),
        )

    return cursor_list_page(
        request,
        title=_("City events"),
        form=form,
        rows=rows,
        columns=COLUMNS,
        export_name="city-events",
        extra={
            "tabs": waiting_tabs(actor),
            "new_url": reverse("cityops-report") if actor.role == Role.INSPECTOR else "",
            "new_label": _("Report an event"),
        },
        template="cityops/list.html",
    )


# ---------------------------------------------------------------- one event


def _flow(event: Event) -> list[dict]:
    """The loop's stages, done up to the event's (发现 → 立案 → 派遣 → 处置 → 核查 → 结案)."""
    reached = STATUSES.index(event.status)
    return [
        {
            "key": status,
            "label": status_label(status),
            "state": "done" if n < reached else "current" if n == reached else "",
        }
        for n, status in enumerate(STATUSES)
    ]


def _appeal(actor: Actor, number: str) -> dict | None:
    """The linked 12345 appeal: its number, and its page when the viewer may see it."""
    if not number:
        return None
    try:
        appeal_get(actor, number)
    except NotFound:
        return {"number": number, "url": ""}
    try:
        return {"number": number, "url": reverse("appeal-detail", args=[number])}
    except NoReverseMatch:
        return {"number": number, "url": ""}


def _device_url(actor: Actor, event: Event) -> str:
    if not event.device_id or actor.role not in DEVICE_ROLES:
        return ""
    try:
        selectors.device_get(actor, event.device.code)
    except NotFound:
        return ""
    return reverse("cityops-device", args=[event.device.code])


def detail_page(request, actor: Actor, event: Event, *, bound=None, status: int = 200):
    hidden = bool(event.device_id and event.device.is_security) and not sees_exact_place(actor)
    state = selectors.event_deadline(event)
    context = {
        "title": event.title,
        "event": event,
        "status_mark": status_mark(event),
        "level_mark": level_mark(event.level),
        "flow": _flow(event),
        "deadline": deadline_mark(state),
        "due_text": due_text(event),
        "location_hidden": hidden,
        "device_url": _device_url(actor, event),
        "metric": event.metric,
        "metric_level": level_mark(event.metric.level) if event.metric_id else "",
        "appeal": _appeal(actor, event.appeal_number),
        "photos": list(event.photos.all()),
        "timeline": timeline_lines(event.steps.all(), selectors.step_label),
        "panels": panels(actor, event, bound),
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "reporter": account_name(event.reported_by) if event.reported_by_id else "",
        "opened_at": local(event.opened_at),
        "closed_at": local(event.closed_at),
        "returned_at": local(event.returned_at),
    }
    return render(request, "cityops/event_detail.html", context, status=status)


@login_required
@domain_errors_as_pages
def event_page(request, number: str):
    actor = page_actor(request)
    require_role(actor, *EVENT_ROLES)
    return detail_page(request, actor, selectors.event_get(actor, number))


@login_required
@domain_errors_as_pages
def event_photo(request, number: str, photo_id: int):
    """A photo of an event, for those who may see the event (never a public media URL)."""
    actor = page_actor(request)
    require_role(actor, *EVENT_ROLES)
    event = selectors.event_get(actor, number)
    return photo_response(event.photos.all(), photo_id, _("The event has no such photo."))
