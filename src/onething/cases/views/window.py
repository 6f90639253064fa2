"""The window's pages for clerks: the workbench (cases to accept, results to hand over)
and the intake of a walk-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.catalog.selectors import item_get
from onething.core.models import Role
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import in_parts, require_role
from onething.web.listing import list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import ItemChoiceForm, WindowIntakeForm
from ..models import CaseStatus
from ..selectors.cases import acceptance_queue, cases_list, handover_queue, window_items
from ..services.intake import case_intake_at_window
from . import common as c
from .filters import QUEUES, WorkbenchFilter

COLUMNS = [
    c.NUMBER,
    c.ITEM,
    c.APPLICANT,
    c.STATUS,
    c.CHANNEL,
    c.SUBMITTED,
    c.DUE,
    c.DEADLINE,
    c.DELIVERY,
    c.DEPARTMENT,
    c.MARKS,
]


def _queue(actor, data: dict):
    """The tab's list, read part by part when the clerk's scope is an OR (the centre's
    cases, and those another town forwarded to it)."""
    filters = {k: v for k, v in data.items() if k != "queue"}
    queue = data.get("queue") or "to_accept"
    if queue == "to_accept":
        return in_parts(actor, lambda part: acceptance_queue(actor, part=part, **filters))
    if queue == "to_hand_over":
        return in_parts(actor, lambda part: handover_queue(actor, part=part, **filters))
    return in_parts(
        actor, lambda part: cases_list(actor, open_only=queue == "open", part=part, **filters)
    )


@login_required
@domain_errors_as_pages
def workbench(request):
    """The centre's cases waiting for acceptance, then the results to hand over."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    active = request.GET.get("queue") or "to_accept"
    counts = {
        "to_accept": count_label(*capped_count(_queue(actor, {"queue": "to_accept"}))),
        "to_hand_over": count_label(*capped_count(_queue(actor, {"queue": "to_hand_over"}))),
    }
    return list_page(
        request,
        title=gettext_lazy("Window workbench"),
        form_class=WorkbenchFilter,
        rows=lambda f: _queue(actor, f),
        columns=COLUMNS,
        export_name="workbench",
        template="cases/list.html",
        prepare=c.prepare_marks,
        extra={
            "tabs": [(key, label, counts.get(key), key == active) for key, label in QUEUES],
            "new_url": reverse("workbench-intake"),
            "workbench": True,
            "new_label": _("Walk-in intake"),
        },
    )


@login_required
@domain_errors_as_pages
def intake(request):
    """A walk-in: choose the item, then the ID card, the item's form and materials."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    items = window_items(actor)
    code = request.POST.get("item_code") or request.GET.get("item") or ""
    chooser = ItemChoiceForm(initial={"item": code}, items=items)
    if code not in {i.code for i in items}:
        context = {"title": _("Walk-in intake"), "chooser": chooser, "form": None}
        if code:
            chooser = ItemChoiceForm({"item": code}, items=items)
            chooser.is_valid()
            context["chooser"] = chooser
        return render(request, "cases/intake.html", context, status=422 if code else 200)
    item = item_get(actor, code)
    form = WindowIntakeForm(request.POST or None, request.FILES or None, item=item)
    status = 200
    if request.method == "POST":
        status = 422
        case = c.submit_with_uploads(actor, form, case_intake_at_window, renames={"item_code": ""})
        if case is not None:
            done = (
                _("Case %(n)s concluded on the spot; the licence is ready.")
                if case.status == CaseStatus.CONCLUDED
                else _("Case %(n)s received.")
            )
            messages.success(request, done % {"n": case.number})
            return redirect("case-detail", number=case.number)
    return render(
        request,
        "cases/intake.html",
        {"title": _("Walk-in intake"), "chooser": chooser, "form": form, "item": item},
        status=status,
    )
