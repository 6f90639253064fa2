"""批量代领 at the window (role clerk): the agencies' pickup requests waiting at the clerk's
centre, and one request's page where the clerk checks the agent's identity and confirms
the handover — or refuses it with the reason the agent reads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core.errors import DomainError, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..models import PickupStatus
from ..selectors import pickup_cases, pickup_get, pickups_list, pickups_to_confirm
from ..services.pickup import pickup_confirm, pickup_refuse


def pickup_link(pickup) -> str:
    return reverse("window-pickup", args=[pickup.number])


def status_mark(pickup) -> Mark:
    return Mark(pickup.get_status_display(), pickup.status)


COLUMNS = [
    Column(gettext_lazy("Pickup number"), lambda p: p.number, pickup_link),
    Column(gettext_lazy("Agency"), lambda p: p.agency.name),
    Column(gettext_lazy("Agent"), lambda p: p.collected_by.display_name),
    Column(gettext_lazy("Results"), lambda p: p.cases.count()),
    Column(gettext_lazy("Requested"), lambda p: local(p.requested_at)),
    Column(gettext_lazy("Status"), status_mark),
]


class PickupQueueFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=PickupStatus.choices, required=False
    )


class ConfirmForm(forms.Form):
    identity_checked = forms.BooleanField(
        label=gettext_lazy(
            "I checked the agent's identity card and the agency's declaration, and handed "
            "the results over"
        ),
        required=True,
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the agent reads it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _rows(actor, data):
    status = data.get("status") or PickupStatus.WAITING
    if status == PickupStatus.WAITING:
        return pickups_to_confirm(actor)
    return pickups_list(actor, status=status)


@login_required
@domain_errors_as_pages
def pickups(request):
    """The pickups waiting at the centre for the window's confirmation (the oldest first);
    the decided ones by status."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    return list_page(
        request,
        title=gettext_lazy("Pickups to confirm"),
        form_class=PickupQueueFilter,
        rows=lambda f: _rows(actor, f),
        columns=COLUMNS,
        export_name="pickups",
    )


def _page(request, actor, number, forms_: dict | None = None, status: int = 200):
    pickup = pickup_get(actor, number)
    waiting = pickup.status == PickupStatus.WAITING and actor.role == Role.CLERK
    context = {
        "title": _("Batch pickup %(n)s") % {"n": pickup.number},
        "pickup": pickup,
        "cases": pickup_cases(pickup),
        "waiting": waiting,
        "confirm_form": (forms_ or {}).get("confirm") or ConfirmForm(prefix="confirm"),
        "refuse_form": (forms_ or {}).get("refuse") or RefuseForm(prefix="refuse"),
        # a refusal by the service (409) when no form is shown any more
        "refusal": " ".join(str(e) for f in (forms_ or {}).values() for e in f.non_field_errors()),
    }
    return render(request, "bundles/window_pickup.html", context, status=status)


@login_required
@domain_errors_as_pages
def pickup(request, number: str):
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    return _page(request, actor, number)


ACTIONS = {
    "confirm": (
        ConfirmForm,
        lambda a, n, d: pickup_confirm(actor=a, number=n, identity_checked=d["identity_checked"]),
        gettext_lazy("Pickup %(n)s confirmed: the results are handed over."),
    ),
    "refuse": (
        RefuseForm,
        lambda a, n, d: pickup_refuse(actor=a, number=n, reason=d["reason"]),
        gettext_lazy("Pickup %(n)s refused; the agent sees the reason."),
    ),
}


@require_POST
@login_required
@domain_errors_as_pages
def act(request, number: str, action: str):
    """Confirm or refuse, posted: one service call, then back to the pickup's page. A
    refusal of the form or of the service is shown on the page (422 beside the input,
    409 with the reason); a pickup of another centre is a 404."""
    actor = page_actor(request)
    require_role(actor, Role.CLERK)
    if action not in ACTIONS:
        return _page(request, actor, number, status=404)
    form_class, call, done = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            call(actor, number, form.cleaned_data)
        except ValidationFailed as error:
            problems_on(form, error)
        except DomainError as error:
            if error.status == 404:
                raise
            form.add_error(None, error.message)
            return _page(request, actor, number, {action: form}, status=error.status)
        else:
            messages.success(request, str(done) % {"n": number})
            return redirect("window-pickup", number=number)
    return _page(request, actor, number, {action: form}, status=422)
