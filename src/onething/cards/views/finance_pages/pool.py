"""补贴资金池 on a page (union staff): the balance (topped up, accrued by the ledger,
available) with a warning below the threshold, the top-ups (filtered by month, paginated,
exported), a top-up form (yuan typed, whole fen stored) and the threshold form; and the
swipe ledger with its corrections, filtered by operator, venue and month."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.numbers import yuan, yuan_amount, yuan_plain
from onething.web.display import Code
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ...forms.finance import LedgerFilter, ThresholdForm, TopUpFilter, TopUpForm
from ...selectors import finance_pages as selectors
from ...selectors.ledger import pool_status
from ...services.pool import pool_threshold_set, pool_top_up
from ..common import union_actor

# A service's field → the input that carries it.
FIELD_INPUTS = {"amount_fen": "amount", "warning_below_fen": "warning_below"}

TOP_UP_COLUMNS = [
    Column(gettext_lazy("When"), lambda t: t.at),
    Column(gettext_lazy("Amount (yuan)"), lambda t: yuan_amount(t.amount_fen)),
    Column(gettext_lazy("By"), lambda t: t.by.display_name if t.by_id else ""),
    Column(gettext_lazy("Note"), lambda t: t.note),
]


def _swipe_name(entry) -> str:
    return Code(f"{entry.swipe.gate.code}:{entry.swipe.swipe_id}") if entry.swipe_id else ""


LEDGER_COLUMNS = [
    Column(gettext_lazy("Booked on"), lambda e: e.booked_on),
    Column(gettext_lazy("Operator"), lambda e: e.operator.name),
    Column(gettext_lazy("Venue"), lambda e: e.venue.name),
    Column(gettext_lazy("Swiped at"), lambda e: e.swiped_at),
    Column(gettext_lazy("Swipe"), _swipe_name),
    Column(gettext_lazy("Amount (yuan)"), lambda e: yuan_amount(e.amount_fen)),
    Column(gettext_lazy("Corrects row"), lambda e: f"#{e.corrects_id}" if e.corrects_id else ""),
    Column(gettext_lazy("Row"), lambda e: f"#{e.pk}"),
    Column(gettext_lazy("Note"), lambda e: e.note),
]


def _pool_page(request, actor, *, top_up_form=None, threshold_form=None, status: int = 200):
    """The pool page: its balance, the two forms and the top-ups list."""
    balance = pool_status(actor)
    figures: dict[str, Any] = {
        key: yuan(balance[f"{key}_fen"])
        for key in ("topped_up", "accrued", "available", "warning_below")
    }
    return list_page(
        request,
        title=_("Subsidy pool"),
        form_class=TopUpFilter,
        rows=lambda data: selectors.top_ups_in(actor, month=data.get("month")),
        columns=TOP_UP_COLUMNS,
        export_name="pool-top-ups",
        template="cards/finance/pool.html",
        extra={
            "pool": balance,
            "money": figures,
            "top_up_form": top_up_form or TopUpForm(),
            "threshold_form": threshold_form
            or ThresholdForm(initial={"warning_below": yuan_plain(balance["warning_below_fen"])}),
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def pool_page(request):
    actor = union_actor(request)
    return _pool_page(request, actor)


@login_required
@require_POST
@domain_errors_as_pages
def pool_top_up_page(request):
    """Fund the pool: the amount typed in yuan (at most two decimals, more than 0) is
    stored in whole fen. A refused input: the pool page again, the reason beside the
    field, 422, nothing written. A double submit adds the money once."""
    actor = union_actor(request)
    form = TopUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            top_up = pool_top_up(
                actor=actor,
                amount_fen=data["amount"],
                note=data.get("note") or "",
                idempotency_key=data.get("idempotency_key") or None,
            )
        except ValidationFailed as error:
            problems_on(form, error, FIELD_INPUTS)
        else:
            messages.success(
                request, _("%(a)s added to the pool.") % {"a": yuan(top_up.amount_fen)}
            )
            return redirect("honour-pool")
    return _pool_page(request, actor, top_up_form=form, status=422)


@login_required
@require_POST
@domain_errors_as_pages
def pool_threshold_page(request):
    """The balance below which the pool warns, typed in yuan (0: never)."""
    actor = union_actor(request)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        try:
            pool = pool_threshold_set(
                actor=actor, warning_below_fen=form.cleaned_data["warning_below"]
            )
        except ValidationFailed as error:
            problems_on(form, error, FIELD_INPUTS)
        else:
            messages.success(
                request,
                _("The pool now warns below %(a)s.") % {"a": yuan(pool.warning_below_fen)},
            )
            return redirect("honour-pool")
    return _pool_page(request, actor, threshold_form=form, status=422)


@login_required
@domain_errors_as_pages
def ledger_page(request):
    """The swipe ledger (one row per allowed swipe, plus corrections), newest first."""
    actor = union_actor(request)
    operators = selectors.operator_choices(actor)
    venues = selectors.venue_choices(actor)

    class Filter(LedgerFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, operators=operators, venues=venues, **kwargs)

    def rows(data):
        return selectors.ledger_in(
            actor,
            operator=data.get("operator") or "",
            venue=data.get("venue") or "",
            month=data.get("month"),
            kind=data.get("kind") or "",
        )

    return list_page(
        request,
        title=_("Swipe ledger"),
        form_class=Filter,
        rows=rows,
        columns=LEDGER_COLUMNS,
        export_name="swipe-ledger",
        template="cards/finance/ledger.html",
        per_page=50,
    )
