"""An agency's pages (role agent): its declarations (代领声明) naming the enterprises it acts
for, and the batch pickup (批量代领) of their results waiting at a window."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.core.selectors.declarations import declarations_list
from onething.core.services.declarations import declaration_file
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import DeclarationFilter, DeclarationForm, PickupFilter, PickupForm
from ..selectors import pickups_list, ready_centres, ready_results
from ..services.pickup import batch_pickup
from .window import PickupQueueFilter as PickupStatusFilter
from .window import status_mark

LATEST_PICKUPS = 10  # the agency's pickups on the pickup page; every one on its own list


def declaration_state(declaration) -> Mark:
    if declaration.revoked_at:
        return Mark(_("revoked"), "revoked")
    if declaration.valid_until and declaration.valid_until < clock.today():
        return Mark(_("expired"), "expired")
    return Mark(_("valid"), "valid")


def _enterprises(declaration) -> str:
    return "；".join(f"{e.name} {e.credit_code}" for e in declaration.enterprises.all())


DECLARATION_COLUMNS = [
    Column(gettext_lazy("Declaration number"), lambda d: d.number),
    Column(gettext_lazy("Enterprises"), _enterprises),
    Column(gettext_lazy("Declared on"), lambda d: local(d.declared_at)),
    Column(gettext_lazy("Declared by"), lambda d: d.declared_by.display_name),
    Column(
        gettext_lazy("Valid until"), lambda d: d.valid_until.isoformat() if d.valid_until else "—"
    ),
    Column(gettext_lazy("State"), declaration_state),
]


@login_required
@domain_errors_as_pages
def declarations(request):
    """The agency's declarations and the enterprises each names."""
    actor = page_actor(request)
    require_role(actor, Role.AGENT)
    return list_page(
        request,
        title=gettext_lazy("Agency declarations"),
        form_class=DeclarationFilter,
        rows=lambda f: declarations_list(actor, **f),
        columns=DECLARATION_COLUMNS,
        export_name="declarations",
        template="bundles/declarations.html",
        extra={
            "new_url": reverse("agency-declaration-new"),
            "new_label": _("File a declaration"),
        },
    )


@login_required
@domain_errors_as_pages
def declaration_new(request):
    """File a declaration: credit codes one per line; a bad line is named by its number
    and nothing is filed."""
    actor = page_actor(request)
    require_role(actor, Role.AGENT)
    form = DeclarationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                declaration = declaration_file(
                    actor=actor,
                    credit_codes=form.cleaned_data["credit_codes"],
                    valid_until=form.cleaned_data["valid_until"],
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
            except ValidationFailed as error:
                problems_on(form, error, numbered={"credit_codes": 1})
            else:
                messages.success(
                    request,
                    _("Declaration %(n)s filed: %(k)s enterprises.")
                    % {"n": declaration.number, "k": declaration.enterprises.count()},
                )
                return redirect("agency-declarations")
    return render(
        request,
        "bundles/declaration_new.html",
        {"title": _("File a declaration"), "form": form},
        status=status,
    )


@login_required
@domain_errors_as_pages
def pickup(request):
    """批量代领: the results of the declared enterprises waiting at a window; tick some or
    all and ask for them in one request, which a window clerk of that centre confirms when
    the agent stands at the window. A refusal names each result and why (nothing is
    half-asked-for); the agency's requests are listed with their status."""
    actor = page_actor(request)
    require_role(actor, Role.AGENT)
    refusal = None
    pickup_form = PickupForm(request.POST or None)
    if request.method == "POST":
        if pickup_form.is_valid():
            try:
                collected = batch_pickup(
                    actor=actor,
                    case_numbers=pickup_form.service_numbers(),
                    center_code=pickup_form.cleaned_data["center_code"],
                    idempotency_key=pickup_form.cleaned_data["idempotency_key"] or None,
                )
            except ValidationFailed as error:
                refusal = {"status": 422, "messages": [p.message for p in error.problems]}
            except Conflict as error:
                fields = (error.details or {}).get("fields") or []
                refusal = {
                    "status": 409,
                    "messages": [f["message"] for f in fields] or [error.message],
                }
            else:
                cases = list(collected.cases.select_related("licence").order_by("number"))
                messages.success(
                    request,
                    _(
                        "Pickup %(p)s asked for: %(k)s results — %(l)s. Show your identity "
                        "card at %(c)s: the window clerk confirms the handover."
                    )
                    % {
                        "p": collected.number,
                        "k": len(cases),
                        "l": "、".join(f"{x.licence.title} {x.licence.number}" for x in cases),
                        "c": collected.center.name,
                    },
                )
                return redirect("agency-pickup")
        else:
            refusal = {
                "status": 422,
                "messages": [e for errors in pickup_form.errors.values() for e in errors],
            }
    centres = ready_centres(actor)
    latest = list(pickups_list(actor)[: LATEST_PICKUPS + 1])  # the rest: agency-pickups
    chosen = request.GET.get("center") or (centres[0]["center__code"] if len(centres) == 1 else "")
    response = list_page(
        request,
        title=gettext_lazy("Batch pickup"),
        form_class=PickupFilter,
        rows=lambda f: ready_results(actor, **f),
        columns=PICKUP_COLUMNS,
        export_name="ready-results",
        template="bundles/pickup.html",
        extra={
            "centres": centres,
            "center": chosen,
            "my_pickups": latest[:LATEST_PICKUPS],
            "more_pickups": len(latest) > LATEST_PICKUPS,
            "refusal": refusal,
            "ticked": set(pickup_form.data.getlist("case_numbers")) if refusal else set(),
            "pickup_key": PickupForm().fields["idempotency_key"].initial,
        },
    )
    if refusal and response.status_code == 200:
        response.status_code = refusal["status"]
    return response


MY_PICKUP_COLUMNS = [
    Column(gettext_lazy("Pickup number"), lambda p: p.number),
    Column(gettext_lazy("Service centre"), lambda p: p.center.name if p.center else "—"),
    Column(gettext_lazy("Requested"), lambda p: local(p.requested_at)),
    Column(gettext_lazy("Status"), status_mark),
    Column(gettext_lazy("Reason for refusing"), lambda p: p.refusal_reason),
]


@login_required
@domain_errors_as_pages
def my_pickups(request):
    """The agency's pickup requests, newest first, a page at a time (the pickup page shows
    the latest few)."""
    actor = page_actor(request)
    require_role(actor, Role.AGENT)
    return list_page(
        request,
        title=gettext_lazy("My pickup requests"),
        form_class=PickupStatusFilter,
        rows=lambda f: pickups_list(actor, status=f.get("status") or ""),
        columns=MY_PICKUP_COLUMNS,
        export_name="my-pickups",
    )


PICKUP_COLUMNS = [
    Column(gettext_lazy("Case number"), lambda x: x.number),
    Column(gettext_lazy("Enterprise"), lambda x: x.enterprise.name),
    Column(gettext_lazy("Credit code"), lambda x: x.enterprise.credit_code),
    Column(gettext_lazy("Result"), lambda x: x.licence.title),
    Column(gettext_lazy("Licence number"), lambda x: x.licence.number),
    Column(gettext_lazy("Waiting at"), lambda x: x.center.name),
    Column(gettext_lazy("Concluded on"), lambda x: local(x.concluded_at)),
]
