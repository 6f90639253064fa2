"""The moves of an event's closed loop on its page: one panel per move the viewer may make
now — the moves come from EVENT_LIFECYCLE (``actions(status, role)``), never listed here
again — each posting to ``cityops-event-act``, which calls the one service of the move
(web.panels, shown by web/_move_panels.html).
A move that cannot be undone (不予立案, 结案) asks for a ticked confirmation. An input the
service refuses shows the page again with every problem beside its input (422); a move the
event's stage no longer allows (409, a page left open while someone else moved it) goes
back to the event's page with the reason; an event the user may not see is a 404, a move
their role may not make a 403."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import NotFound
from onething.core.permissions import Actor, require_role
from onething.web.panels import Panel, move_panels, move_posted
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import forms as f
from .. import selectors
from ..models import Event
from ..rules.events import EVENT_LIFECYCLE, HOURS, due_for, status_label
from ..services import events as services
from .common import EVENT_ROLES, department_choices

# move → (title, button, hint, form class)
PANELS = {
    "register": (
        gettext_lazy("Register the event (立案)"),
        gettext_lazy("Register"),
        gettext_lazy("The centre takes it on; next it is dispatched to a department."),
        f.NoteForm,
    ),
    "dismiss": (
        gettext_lazy("Dismiss (不予立案)"),
        gettext_lazy("Dismiss"),
        gettext_lazy("A false alarm, a duplicate, no matter for the city: closed with the reason."),
        f.DismissForm,
    ),
    "dispatch": (
        gettext_lazy("Dispatch to a department (派遣)"),
        gettext_lazy("Dispatch"),
        "",
        f.DispatchForm,
    ),
    "redispatch": (
        gettext_lazy("Dispatch to another department"),
        gettext_lazy("Dispatch again"),
        gettext_lazy("The due time stays as it is."),
        f.DispatchForm,
    ),
    "handle": (
        gettext_lazy("Report the handling (处置)"),
        gettext_lazy("Handled"),
        gettext_lazy("The grid inspector checks it on the spot next."),
        f.HandleForm,
    ),
    "check": (
        gettext_lazy("Check passed (核查)"),
        gettext_lazy("Check passed"),
        gettext_lazy("Checked on the spot: the centre closes the event next."),
        f.NoteForm,
    ),
    "send_back": (
        gettext_lazy("Send back for handling again"),
        gettext_lazy("Send back"),
        gettext_lazy("The department handles it again."),
        f.SendBackForm,
    ),
    "close": (
        gettext_lazy("Close the event (结案)"),
        gettext_lazy("Close"),
        gettext_lazy("The loop ends: the event is closed."),
        f.CloseForm,
    ),
}
IRREVERSIBLE = frozenset({"dismiss", "close"})


def time_limit_text(event: Event) -> str:
    """The time limit a dispatch gives the department: "2 hours", "3 working days"."""
    try:
        unit, n = due_for(event.level, event.source)
    except ValueError:
        return _("No time limit (the value is back to normal).")
    if unit == HOURS:
        return _("To be handled within %(n)s hours of the dispatch.") % {"n": n}
    return _("To be handled within %(n)s working days of the dispatch.") % {"n": n}


def moves_for(actor: Actor, event: Event) -> list[str]:
    """The moves the actor may make on the event now, as the lifecycle says (the event is
    one they may see: the scope is checked by the selector that found it)."""
    allowed = EVENT_LIFECYCLE.actions(event.status, actor.role, system=actor.is_system)
    return [move for move in allowed if move in PANELS]


def move_form(move: str, actor: Actor, data=None) -> forms.Form:
    """The form of ``move``, bound to ``data`` when given; its ids prefixed by the move, as
    every panel sits on one page."""
    form_class = PANELS[move][3]
    kw = {"auto_id": f"{move}-%s"}
    if form_class is f.DispatchForm:
        return form_class(data, departments=lambda: department_choices(actor), **kw)
    return form_class(data, **kw)


def panels(actor: Actor, event: Event, bound: dict[str, forms.Form] | None = None) -> list[Panel]:
    return move_panels(
        moves_for(actor, event),
        bound,
        PANELS,
        url=lambda move: reverse("cityops-event-act", args=[event.number, move]),
        form=lambda move: move_form(move, actor),
        hint=lambda move: time_limit_text(event) if move == "dispatch" else None,
        secondary=IRREVERSIBLE | {"send_back"},
    )


def _perform(actor: Actor, number: str, move: str, data: dict) -> str:
    """Call the move's service; the message to show after it."""
    note = data.get("note") or ""
    if move in ("dispatch", "redispatch"):
        done = services.event_dispatch(
            actor=actor, number=number, department_code=data["department"], note=note
        )
        return _("Event %(n)s is dispatched to %(d)s.") % {"n": number, "d": done.department.name}
    if move == "register":
        done = services.event_register(actor=actor, number=number, note=note)
    elif move == "dismiss":
        done = services.event_dismiss(actor=actor, number=number, reason=data["reason"])
    elif move == "handle":
        done = services.event_handle(actor=actor, number=number, note=note)
    elif move in ("check", "send_back"):
        done = services.event_check(actor=actor, number=number, passed=move == "check", note=note)
    else:
        done = services.event_close(actor=actor, number=number, note=note)
    return _("Event %(n)s is now at the stage “%(s)s”.") % {
        "n": number,
        "s": status_label(done.status),
    }


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def act(request, number: str, move: str):
    from .events import detail_page  # the event's page, shown again with a refused form

    actor = page_actor(request)
    require_role(actor, *EVENT_ROLES)
    event = selectors.event_get(actor, number)  # 404 for an event the actor may not see
    if move not in PANELS:
        raise NotFound(_("There is no such action."))
    return move_posted(
        request,
        move,
        move_form(move, actor, data=request.POST),
        # the lifecycle first: a role the move is not for 403, a stage it does not leave 409
        check=lambda: EVENT_LIFECYCLE.target(
            event.status, move, actor.role, system=actor.is_system
        ),
        perform=lambda data: _perform(actor, event.number, move, data),
        url=reverse("cityops-event", args=[event.number]),
        refused=lambda bound: detail_page(request, actor, event, bound=bound, status=422),
    )
