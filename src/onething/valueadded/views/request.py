"""One request's page: what was asked (the service, the enterprise, the contact with the
phone masked, the files), where it stands (status, the day the provider answers by and
its deadline state, the outcome, the rating), its timeline, and the moves its viewer may
make now — the provider's 受理 / 不予受理 / 办结, the enterprise's 撤回 and 评价 — each
irreversible one confirmed first. The provider may read the contact's full phone, said
why and audited."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.numbers import yuan
from onething.core.ratings import rating_label
from onething.core.uploads import stored_response
from onething.web.display import account_name, local, timeline_lines
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from .. import selectors
from ..rules.catalogue import category_label
from ..rules.requests import (
    ACCEPT,
    CONCLUDE,
    DECLINE,
    PROVIDER,
    RATE,
    REQUEST_LIFECYCLE,
    USUAL_OUTCOME,
    WITHDRAW,
    outcome_label,
    outcome_problems,
    step_label,
    yuan_to_fen,
)
from ..services.handling import request_accept, request_conclude, request_decline
from ..services.requests import request_rate, request_withdraw
from .common import deadline_mark, signed_in, status_mark
from .forms import AcceptForm, ConcludeForm, DeclineForm, RateForm, RevealForm, WithdrawForm

MOVES = {
    ACCEPT: (
        pgettext_lazy("service request", "Accept"),
        pgettext_lazy("service request", "Accept the request"),
        gettext_lazy("You take the request on; the enterprise is told."),
        AcceptForm,
    ),
    DECLINE: (
        pgettext_lazy("service request", "Decline"),
        pgettext_lazy("service request", "Decline the request"),
        gettext_lazy("The enterprise reads your reason."),
        DeclineForm,
    ),
    CONCLUDE: (
        pgettext_lazy("service request", "Conclude"),
        pgettext_lazy("service request", "Conclude the request"),
        gettext_lazy("What came of it; a financing reached with its amount."),
        ConcludeForm,
    ),
    WITHDRAW: (
        pgettext_lazy("service request", "Withdraw"),
        pgettext_lazy("service request", "Withdraw the request"),
        gettext_lazy("Possible until the provider accepts it."),
        WithdrawForm,
    ),
    RATE: (
        pgettext_lazy("service request", "Rate the service"),
        pgettext_lazy("service request", "Send the rating"),
        gettext_lazy("Once, after the request is concluded."),
        RateForm,
    ),
}
RENAMES = {"amount_fen": "amount"}


def _form(request_obj, move: str, data=None):
    form_class = MOVES[move][3]
    if move == CONCLUDE:
        usual = USUAL_OUTCOME.get(request_obj.service.category, "")
        return form_class(data, usual=usual, auto_id=f"{move}-%s")
    return form_class(data, auto_id=f"{move}-%s")


def _page(request, actor, found, *, bound=None, revealed: str = "", reveal_form=None, status=200):
    side = selectors.side_of(actor, found)
    allowed = selectors.request_actions(actor, found)
    panels = move_panels(
        allowed,
        bound,
        MOVES,
        url=lambda move: reverse("valueadded-move", args=[found.number, move]),
        form=lambda move: _form(found, move),
        secondary={DECLINE, WITHDRAW},
    )
    deadline = selectors.request_deadline(found)
    context = {
        "title": found.subject,
        "req": found,
        "side": side,
        "status_mark": status_mark(found),
        "deadline_mark": deadline_mark(found),
        "deadline": deadline,
        "category": category_label(found.service.category),
        "outcome": outcome_label(found.outcome_kind),
        "amount": yuan(found.amount_fen) if found.amount_fen else "",
        "rating": rating_label(found.rating),
        "submitted_at": local(found.submitted_at),
        "answered_at": local(found.answered_at),
        "concluded_at": local(found.concluded_at),
        "requested_by": account_name(found.requested_by),
        "attachments": list(found.attachments.all()),
        "timeline": timeline_lines(found.steps.select_related("actor__person").all(), step_label),
        "panels": panels,
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "may_reveal": side == PROVIDER and bool(found.contact_phone_cipher),
        "reveal_form": reveal_form or RevealForm(auto_id="reveal-%s"),
        "revealed": revealed,
        "back_url": reverse("valueadded-provider" if side == PROVIDER else "valueadded-mine"),
    }
    return render(request, "valueadded/request.html", context, status=status)


@never_cache
@signed_in
def request_page(request, number: str):
    actor = page_actor(request)
    return _page(request, actor, selectors.request_get(actor, number))


def _perform(actor, number: str, move: str, data: dict) -> str:
    if move == ACCEPT:
        request_accept(actor=actor, number=number, note=data.get("note") or "")
        return _("The request is accepted; the enterprise sees it.")
    if move == DECLINE:
        request_decline(actor=actor, number=number, reason=data.get("reason") or "")
        return _("The request is declined; the enterprise reads your reason.")
    if move == CONCLUDE:
        amount, problem = yuan_to_fen(data.get("amount"))
        if problem is not None:  # said with the conclusion's other problems, at once
            others = outcome_problems(data.get("outcome_kind"), data.get("outcome"), None)
            raise ValidationFailed([p for p in others if p and p.field != "amount_fen"] + [problem])
        request_conclude(
            actor=actor,
            number=number,
            outcome_kind=data.get("outcome_kind") or "",
            outcome=data.get("outcome") or "",
            amount_fen=amount,
        )
        return _("The request is concluded; the enterprise may now rate the service.")
    if move == WITHDRAW:
        request_withdraw(actor=actor, number=number, reason=data.get("reason") or "")
        return _("Your request is withdrawn.")
    request_rate(
        actor=actor, number=number, rating=data.get("rating"), comment=data.get("comment") or ""
    )
    return _("Thank you: your rating is recorded.")


@require_POST
@signed_in
def move_page(request, number: str, move: str):
    if move not in MOVES:
        raise Http404
    actor = page_actor(request)
    found = selectors.request_get(actor, number)
    form = _form(found, move, request.POST)

    def check():
        REQUEST_LIFECYCLE.target(found.status, move, selectors.side_of(actor, found))

    return move_posted(
        request,
        move,
        form,
        check=check,
        perform=lambda data: _perform(actor, number, move, data),
        url=reverse("valueadded-request", args=[number]),
        refused=lambda bound: _page(request, actor, found, bound=bound, status=422),
        renames=RENAMES,
    )


@never_cache
@require_POST
@signed_in
def reveal_page(request, number: str):
    """The contact's full phone, shown once on the page (never kept); the read is audited."""
    actor = page_actor(request)
    found = selectors.request_get(actor, number)
    form = RevealForm(request.POST, auto_id="reveal-%s")
    if form.is_valid():
        try:
            phone = selectors.request_contact_reveal(
                actor=actor, number=number, purpose=form.cleaned_data["purpose"]
            )
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            return _page(request, actor, found, revealed=phone)
    return _page(request, actor, found, reveal_form=form, status=422)


@signed_in
def attachment(request, number: str, attachment_id: int):
    """A file of a request, for those who may see the request (never a public media URL)."""
    found = selectors.request_get(page_actor(request), number)
    item = found.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise NotFound(_("The request has no such file."))
    return stored_response(item.file, content_type=item.content_type, filename=item.name)
