"""The physical cards' pages: every card (filtered by batch, status, number; exported) and
the issuance batches with the count of cards in each, and the form of a new batch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on
from onething.core.identity import mask_name
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ...forms.registry import BatchFilter, BatchForm, CardFilter
from ...selectors.registry import cards_list
from ...selectors.registry_pages import batch_choices, batches_page_list
from ...services.cards import card_batch_create
from ..common import refusal_on, union_actor

CARD_COLUMNS = [
    Column(gettext_lazy("Card number"), lambda c: c.number),
    Column(gettext_lazy("Transit card number"), lambda c: c.transit_number),
    Column(
        gettext_lazy("Honoree"),
        lambda c: mask_name(c.honoree.person.name),
        lambda c: reverse("honour-honoree", args=[c.honoree_id]),
    ),
    Column(gettext_lazy("Issuance batch"), lambda c: c.batch.number),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Issued"), lambda c: c.issued_at),
    Column(gettext_lazy("Blocked"), lambda c: c.blocked_at),
    Column(gettext_lazy("Replaces"), lambda c: c.replaces.number if c.replaces_id else ""),
]


def _cards_of_batch(batch) -> str:
    return f"{reverse('honour-cards')}?{urlencode({'batch': batch.number})}"


BATCH_COLUMNS = [
    Column(gettext_lazy("Batch number"), lambda b: b.number, _cards_of_batch),
    Column(gettext_lazy("Name"), lambda b: b.name),
    Column(gettext_lazy("Cards"), lambda b: b.cards_total, _cards_of_batch, count=True),
    Column(gettext_lazy("Active"), lambda b: b.cards_active),
    Column(gettext_lazy("Blocked (reported lost)"), lambda b: b.cards_blocked),
    Column(pgettext_lazy("status", "Revoked"), lambda b: b.cards_revoked),
    Column(gettext_lazy("Created"), lambda b: b.created_at),
]


@login_required
@domain_errors_as_pages
def cards(request):
    """Every physical card, newest first."""
    actor = union_actor(request)
    batches = list(batch_choices(actor))

    class Filter(CardFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, batches=batches, **kwargs)

    return list_page(
        request,
        title=gettext_lazy("Honour cards"),
        form_class=Filter,
        rows=lambda f: cards_list(
            actor, status=f.get("status", ""), batch=f.get("batch"), q=f.get("q", "")
        ),
        columns=CARD_COLUMNS,
        export_name="honour-cards",
        template="cards/registry/cards.html",
        extra={"batches_url": reverse("honour-card-batches")},
    )


@login_required
@domain_errors_as_pages
def batches(request):
    """The issuance batches with their cards counted, and (POST) a new batch: the service's
    problems beside the form's fields (422), a number already used beside it (409)."""
    actor = union_actor(request)
    form = BatchForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                batch = card_batch_create(actor=actor, **form.cleaned_data)
            except ValidationFailed as error:
                problems_on(form, error)
            except Conflict as error:
                refusal_on(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Batch %(n)s “%(name)s” is created.")
                    % {"n": batch.number, "name": batch.name},
                )
                return redirect("honour-card-batches")
    response = list_page(
        request,
        title=gettext_lazy("Issuance batches"),
        form_class=BatchFilter,
        rows=lambda f: batches_page_list(actor, q=f.get("q", "")),
        columns=BATCH_COLUMNS,
        export_name="card-batches",
        template="cards/registry/batches.html",
        extra={"batch_form": form, "cards_url": reverse("honour-cards")},
    )
    if status != 200 and response.status_code == 200:
        response.status_code = status
    return response
