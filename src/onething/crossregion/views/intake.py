"""The clerk's cross-region intake (跨域通办专窗): the walk-in's arrival (start click or queue
ticket), the other town and the mode (the town that handles the case; for 高效协同, the
partner town whose departments check its data, decided here), the item among those on
the list today, then the ID card, the item's form and materials, delivery — one
transaction."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onething.cases.views import common as c
from onething.catalog.selectors import item_get
from onething.core import clock
from onething.core.errors import PermissionDenied, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Region, Role, ServiceCenter
from onething.core.permissions import Actor, require_role, visible
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import ArrivalForm, ChoiceForm, CrossRegionIntakeForm
from ..models import Arrival, Mode
from ..rules import WINDOW_MODES
from ..selectors.alliances import alliances_list_all, state_of
from ..services.intake import arrival_start, cross_region_intake

# the service's fields that the page chose above the form: shown above the form
CHOSEN = {
    "item_code": "",
    "handling_region_code": "",
    "partner_region_code": "",
    "mode": "",
    "arrival_id": "",
}


def offer(region: Region, day: dt.date) -> tuple[list[tuple[str, str]], list[tuple]]:
    """What a window in ``region`` can take for other towns on ``day``: the other member
    towns of its alliances ([(code, name)]) and the items on their lists that are applied
    for at a window ([(code, name, window modes)])."""
    towns: dict[str, str] = {}
    items: dict[str, tuple[str, set[str]]] = {}
    for alliance in alliances_list_all():
        state = state_of(alliance)
        if not state.member_on(region.code, day):
            continue
        names = {m.region.code: m.region.name for m in alliance.members.all()}
        towns |= {code: names[code] for code in state.towns_on(day) if code != region.code}
        for listing in alliance.items.all():
            item = listing.item
            modes = state.modes_on(item.code, day) or frozenset()
            modes = {m for m in modes if m in WINDOW_MODES}
            if modes and item.is_active and item.at_window:
                items.setdefault(item.code, (item.name, set()))[1].update(modes)
    return (
        sorted(towns.items()),
        [(code, name, sorted(modes)) for code, (name, modes) in sorted(items.items())],
    )


def other_field(mode: str) -> str:
    """The service's field naming the other town: the handling town, or for 高效协同 the
    partner town (the case is decided here)."""
    return "partner_region_code" if mode == Mode.COLLABORATIVE else "handling_region_code"


def open_arrival(actor: Actor, arrival_id) -> Arrival | None:
    """An arrival at the clerk's centre that has not started a case yet."""
    try:
        pk = int(arrival_id)
    except (TypeError, ValueError):
        return None
    return (
        visible(actor, Arrival.objects.all()).filter(pk=pk, cross_region_case__isnull=True).first()
    )


def _center(actor: Actor) -> ServiceCenter:
    center = (
        ServiceCenter.objects.select_related("region").filter(pk=actor.service_center_id).first()
    )
    if center is None:
        raise PermissionDenied(_("Your account belongs to no service centre."))
    return center


def _page(request, context: dict, status: int = 200):
    context = {"title": _("Cross-region intake"), "arrival_form": None, "form": None} | context
    if context["arrival"] is None and context["arrival_form"] is None:
        context["arrival_form"] = ArrivalForm()
    return render(request, "crossregion/intake.html", context, status=status)


@login_required
@domain_errors_as_pages
def intake(request):
    """The 跨域通办专窗: choose the town, the mode and the item, then take the application."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    center = _center(actor)
    towns, items = offer(center.region, clock.today())
    posted = request.method == "POST"
    source = (
        {
            "town": request.POST.get(other_field(request.POST.get("mode", "")), ""),
            "mode": request.POST.get("mode", ""),
            "item": request.POST.get("item_code", ""),
            "arrival": request.POST.get("arrival_id", ""),
        }
        if posted
        else request.GET
    )
    arrival = open_arrival(actor, source.get("arrival"))
    chosen = any(source.get(k) for k in ("town", "item"))
    chooser = ChoiceForm(source if chosen else None, towns=towns, items=items)
    if arrival is not None:
        chooser.initial["arrival"] = arrival.pk
    context = {"center": center, "arrival": arrival, "chooser": chooser, "towns": towns}
    if not chosen or not chooser.is_valid():
        return _page(request, context, status=422 if chosen else 200)
    choice = chooser.cleaned_data
    item = item_get(actor, choice["item"])
    town = dict(towns)[choice["town"]]
    form = CrossRegionIntakeForm(
        request.POST or None,
        request.FILES or None,
        item=item,
        initial={
            other_field(choice["mode"]): choice["town"],
            "mode": choice["mode"],
            "arrival_id": arrival.pk if arrival else None,
        },
    )
    context |= {"form": form, "item": item, "town": town, "mode": Mode(choice["mode"])}
    if not posted:
        return _page(request, context)
    case = c.submit_with_uploads(actor, form, cross_region_intake, renames=CHOSEN)
    if case is not None:
        done = (
            _("Case %(n)s received; it is decided here and %(town)s checks its data.")
            if choice["mode"] == Mode.COLLABORATIVE
            else _("Case %(n)s received and forwarded to %(town)s.")
        )
        messages.success(request, done % {"n": case.number, "town": town})
        return redirect("case-detail", number=case.number)
    return _page(request, context | {"refused": True}, status=422)


@login_required
@require_POST
@domain_errors_as_pages
def start(request):
    """The walk-in is at the window: the start time runs from now, or from the ticket."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            arrival = arrival_start(
                actor=actor,
                ticket_number=form.cleaned_data["ticket_number"],
                arrived_at=form.cleaned_data["arrived_at"],
            )
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            at = f"{timezone.localtime(arrival.arrived_at):%H:%M}"
            messages.success(request, _("Started at %(t)s.") % {"t": at})
            query = urlencode({"arrival": arrival.pk})
            return redirect(f"{reverse('crossregion-intake')}?{query}")
    center = _center(actor)
    towns, items = offer(center.region, clock.today())
    context = {
        "center": center,
        "arrival": None,
        "arrival_form": form,
        "chooser": ChoiceForm(towns=towns, items=items),
        "towns": towns,
    }
    return _page(request, context, status=422)
