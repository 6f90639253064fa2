"""An honoree's page for union staff: the record (ID number masked, the full number read
through the audited reveal), the status with its history and the change form, the
certificates, the cards and their actions (issue, report lost, bind a transit card).

Each action posts to its own URL and calls one service. Success goes back to the page with
a message; a refusal shows the page again with the typed values and the reason beside the
field: 422 for a problem with the input, 409 for what the record's state does not allow.
Nothing is half-written: each service runs in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import Conflict, NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.permissions import Actor
from onething.web.views.base import domain_errors_as_pages

from ...forms.registry import CardIssueForm, ReportLostForm, RevealForm, StatusForm, TransitForm
from ...models import HonoreeStatus
from ...rules import status as status_rules
from ...selectors.registry import card_get
from ...selectors.registry_pages import batch_choices, honoree_id_reveal, honoree_record
from ...services import cards as card_services
from ...services.registry import honoree_status_change
from ..common import refusal_on, union_actor

REFUSED = gettext_lazy("Nothing was changed: correct what is marked.")


def _forms(actor: Actor, record, bound: dict) -> dict:
    """The page's forms: the one just refused as it was posted, the others empty."""
    honoree = record.honoree
    targets = status_rules.TRANSITIONS.get(honoree.status, frozenset())
    forms = {
        "status_form": StatusForm(targets=targets) if targets else None,
        "issue_form": None,
        "lost_form": ReportLostForm() if record.active_card else None,
        "transit_form": TransitForm() if record.active_card else None,
        "reveal_form": RevealForm(),
    }
    if honoree.status == HonoreeStatus.ACTIVE and record.active_card is None:
        forms["issue_form"] = CardIssueForm(batches=batch_choices(actor))
    return forms | bound


def _page(request, actor: Actor, honoree_id: int, *, bound=None, status=200, **extra):
    record = honoree_record(actor, honoree_id)
    honoree = record.honoree
    labels = dict(HonoreeStatus.choices)
    context = {
        "title": honoree.person.name,
        "record": record,
        "history": [
            (c.at, labels.get(c.before, c.before), labels.get(c.after, c.after), c.reason, c.by)
            for c in record.history
        ],
        "honoree": honoree,
        "person": honoree.person,
        **_forms(actor, record, bound or {}),
        **extra,
    }
    return render(request, "cards/registry/honoree.html", context, status=status)


@login_required
@domain_errors_as_pages
def honoree_detail(request, honoree_id: int):
    actor = union_actor(request)
    return _page(request, actor, honoree_id)


def _act(request, actor, honoree_id, form_name, form, call, done, renames=None):
    """Run one action's service on a valid form; the page again on any refusal."""
    if form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
            message = done(call(**data))
        except ValidationFailed as error:
            problems_on(form, error, renames)
        except Conflict as error:  # 409: the record's state does not allow it (any more)
            refusal_on(form, error, renames)
            return _page(
                request,
                actor,
                honoree_id,
                bound={form_name: form},
                status=error.status,
                refusal=error.message,
            )
        else:
            messages.success(request, message)
            return redirect("honour-honoree", honoree_id=honoree_id)
    return _page(request, actor, honoree_id, bound={form_name: form}, status=422, refusal=REFUSED)


@login_required
@require_POST
@domain_errors_as_pages
def status_change(request, honoree_id: int):
    actor = union_actor(request)
    honoree = honoree_record(actor, honoree_id).honoree  # 404 before anything else

    def done(changed):
        return _("The status is now “%(s)s”.") % {"s": changed.get_status_display()}

    return _act(
        request,
        actor,
        honoree.pk,
        "status_form",
        StatusForm(request.POST),
        lambda **data: honoree_status_change(actor=actor, honoree_id=honoree.pk, **data),
        done,
    )


@login_required
@require_POST
@domain_errors_as_pages
def card_issue(request, honoree_id: int):
    actor = union_actor(request)
    honoree = honoree_record(actor, honoree_id).honoree
    form = CardIssueForm(request.POST, batches=batch_choices(actor))

    def call(*, idempotency_key, **data):
        return card_services.card_issue(
            actor=actor, honoree_id=honoree.pk, idempotency_key=idempotency_key or None, **data
        )

    return _act(
        request,
        actor,
        honoree.pk,
        "issue_form",
        form,
        call,
        lambda card: _("Card %(n)s is issued.") % {"n": card.number},
    )


def _card_of(actor: Actor, honoree_id: int, number: str):
    """The card, if it is this honoree's (404 otherwise)."""
    honoree = honoree_record(actor, honoree_id).honoree
    card = card_get(actor, number)
    if card.honoree_id != honoree.pk:
        raise NotFound(_("No honour card with that identifier is visible to you."))
    return card


@login_required
@require_POST
@domain_errors_as_pages
def card_report_lost(request, honoree_id: int, number: str):
    actor = union_actor(request)
    card = _card_of(actor, honoree_id, number)

    def done(report):
        if report.replacement is None:
            return _("Card %(n)s is blocked. Issue the replacement below.") % {"n": card.number}
        return _("Card %(old)s is blocked; card %(new)s replaces it.") % {
            "old": card.number,
            "new": report.replacement.number,
        }

    return _act(
        request,
        actor,
        honoree_id,
        "lost_form",
        ReportLostForm(request.POST),
        lambda **data: card_services.card_report_lost(actor=actor, card_number=card.number, **data),
        done,
        renames={"number": "new_number", "transit_number": "new_transit_number"},
    )


@login_required
@require_POST
@domain_errors_as_pages
def card_bind_transit(request, honoree_id: int, number: str):
    actor = union_actor(request)
    card = _card_of(actor, honoree_id, number)
    return _act(
        request,
        actor,
        honoree_id,
        "transit_form",
        TransitForm(request.POST),
        lambda **data: card_services.card_bind_transit(
            actor=actor, card_number=card.number, **data
        ),
        lambda bound: (
            _("Card %(n)s is bound to transit card %(t)s.")
            % {"n": bound.number, "t": bound.transit_number}
        ),
    )


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def reveal(request, honoree_id: int):
    """The full ID number, shown once on the page (never kept); the read is audited."""
    actor = union_actor(request)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            number = honoree_id_reveal(
                actor=actor, honoree_id=honoree_id, purpose=form.cleaned_data["purpose"]
            )
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            return _page(request, actor, honoree_id, revealed=number)
    return _page(request, actor, honoree_id, bound={"reveal_form": form}, status=422)
