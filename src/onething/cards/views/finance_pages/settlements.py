"""结算 on pages (union staff): the statements by operator and month, preparing one; a
statement with its lines by venue and day, approve, mark paid with the payment's
reference, its export; and 对账 on the same page: upload the operator's export, see what
is only on our side, only on theirs and where the amounts differ, and the earlier
reconciliations.

A refused input shows again with the reason beside the field (422); a step the statement's
state does not allow (409, e.g. paying twice) shows the service's message on the page with
that status; nothing is half-written. Another role: 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core.errors import Conflict, NotFound, ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.numbers import yuan, yuan_amount
from onething.core.pagination import page_of
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages

from ...forms.finance import ApproveForm, PayForm, PrepareForm, ReconcileForm, SettlementFilter
from ...models import SettlementStatus
from ...selectors import finance_pages as finance
from ...selectors import settlement as selectors
from ...services.reconcile import MAX_BYTES, reconciliation_upload
from ...services.settlement import settlement_approve, settlement_pay, settlement_prepare
from ..common import union_actor

PER_PAGE = 50


def _detail_url(settlement) -> str:
    return reverse("honour-settlement", args=[settlement.pk])


SETTLEMENT_COLUMNS = [
    Column(gettext_lazy("Operator"), lambda s: s.operator.name, _detail_url),
    Column(gettext_lazy("Month"), lambda s: s.month.strftime("%Y-%m"), _detail_url),
    Column(gettext_lazy("Status"), lambda s: s.get_status_display()),
    Column(gettext_lazy("Swipes"), lambda s: s.swipes),
    Column(gettext_lazy("Amount (yuan)"), lambda s: yuan_amount(s.amount_fen)),
    Column(gettext_lazy("Prepared on"), lambda s: s.created_at),
    Column(gettext_lazy("Paid on"), lambda s: s.paid_at),
    Column(gettext_lazy("Payment reference"), lambda s: s.payment_reference),
]


def _list(request, actor, *, prepare_form=None, refusal: str = "", status: int = 200):
    operators = finance.operator_choices(actor)

    class Filter(SettlementFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, operators=operators, **kwargs)

    def rows(data):
        month = data.get("month")
        return selectors.settlements_list(
            actor,
            operator=data.get("operator") or "",
            month=month.strftime("%Y-%m") if month else "",
            status=data.get("status") or "",
        )

    return list_page(
        request,
        title=_("Settlements"),
        form_class=Filter,
        rows=rows,
        columns=SETTLEMENT_COLUMNS,
        export_name="settlements",
        template="cards/finance/settlements.html",
        extra={
            "prepare_form": prepare_form or PrepareForm(operators=operators),
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def settlements_page(request):
    """The statements, newest month first, filtered by operator, month and status."""
    actor = union_actor(request)
    return _list(request, actor)


@login_required
@require_POST
@domain_errors_as_pages
def settlement_prepare_page(request):
    """Prepare the statement of operator X for month M (a draft of it is recomputed). A
    month not over: 422 beside the month; an approved or paid month: 409 with the
    service's message."""
    actor = union_actor(request)
    form = PrepareForm(request.POST, operators=finance.operator_choices(actor))
    if not form.is_valid():
        return _list(request, actor, prepare_form=form, status=422)
    data = form.cleaned_data
    try:
        settlement = settlement_prepare(
            actor=actor,
            operator_code=data["operator"],
            month=data["month"],
            idempotency_key=data.get("idempotency_key") or None,
        )
    except ValidationFailed as error:
        problems_on(form, error, {"rows": "file"}, numbered={"rows": 0})
        return _list(request, actor, prepare_form=form, status=422)
    except Conflict as error:
        return _list(request, actor, prepare_form=form, refusal=error.message, status=409)
    if getattr(settlement, "recomputed", False):
        messages.success(request, _("The draft statement is recomputed from the ledger."))
    else:
        messages.success(request, _("The statement is prepared as a draft."))
    return redirect(_detail_url(settlement))


def _paged(request, items: list, param: str):
    return page_of(items, PER_PAGE, request.GET.get(param), param)


def _query_without(request, *params: str) -> str:
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    return query.urlencode()


def _reconciliation_context(request, actor, settlement) -> dict[str, Any]:
    earlier = list(selectors.reconciliations_list(actor, settlement))
    shown = None
    wanted = request.GET.get("reconciliation")
    if wanted:
        if not wanted.isdigit():
            raise NotFound(_("There is no such reconciliation."))
        shown = finance.reconciliation_get(actor, settlement, int(wanted))
    elif earlier:
        shown = earlier[0]
    context: dict[str, Any] = {
        "reconciliations": _paged(request, earlier, "reconciliations_page"),
        "shown": shown,
    }
    if shown is not None:
        found = finance.reconciliation_findings(actor, shown)
        context["findings"] = [
            {
                "kind": kind,
                "label": label,
                "count": len(found[kind]),
                "page": _paged(request, found[kind], f"{kind}_page"),
                "param": f"{kind}_page",
                "query": _query_without(request, f"{kind}_page"),
            }
            for kind, label in finance.FINDINGS
        ]
        context["clean"] = not any(found.values())
    return context


def _detail(
    request,
    actor,
    settlement_id: int,
    *,
    approve_form=None,
    pay_form=None,
    reconcile_form=None,
    refusal: str = "",
    status: int = 200,
):
    settlement = selectors.settlement_get(actor, settlement_id)
    lines = [
        {**line, "amount": yuan(line["amount_fen"])}
        for line in selectors.statement_lines(settlement)
    ]
    context = {
        "title": _("Statement of %(o)s for %(m)s")
        % {"o": settlement.operator.name, "m": settlement.month.strftime("%Y-%m")},
        "settlement": settlement,
        "amount": yuan(settlement.amount_fen),
        "lines": _paged(request, lines, "lines_page"),
        "lines_query": _query_without(request, "lines_page"),
        "may_approve": settlement.status == SettlementStatus.DRAFT,
        "may_pay": settlement.status == SettlementStatus.APPROVED,
        "approve_form": approve_form or ApproveForm(),
        "pay_form": pay_form or PayForm(),
        "reconcile_form": reconcile_form or ReconcileForm(),
        "refusal": refusal,
        **_reconciliation_context(request, actor, settlement),
    }
    return render(request, "cards/finance/settlement.html", context, status=status)


@login_required
@domain_errors_as_pages
def settlement_page(request, settlement_id: int):
    """One statement; ``?export=csv|xlsx`` downloads its lines and total."""
    actor = union_actor(request)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers, rows = selectors.statement_export(actor, settlement_id)
        return export_response(fmt, f"settlement-{settlement_id}", headers, rows)
    return _detail(request, actor, settlement_id)


@login_required
@require_POST
@domain_errors_as_pages
def settlement_approve_page(request, settlement_id: int):
    actor = union_actor(request)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, actor, settlement_id, approve_form=form, status=422)
    try:
        settlement_approve(actor=actor, settlement_id=settlement_id)
    except Conflict as error:
        return _detail(request, actor, settlement_id, refusal=error.message, status=409)
    messages.success(request, _("The statement is approved: its figures no longer change."))
    return redirect("honour-settlement", settlement_id=settlement_id)


@login_required
@require_POST
@domain_errors_as_pages
def settlement_pay_page(request, settlement_id: int):
    actor = union_actor(request)
    form = PayForm(request.POST)
    if not form.is_valid():
        return _detail(request, actor, settlement_id, pay_form=form, status=422)
    try:
        settlement_pay(
            actor=actor,
            settlement_id=settlement_id,
            payment_reference=form.cleaned_data["payment_reference"],
        )
    except ValidationFailed as error:
        problems_on(form, error, {"rows": "file"}, numbered={"rows": 0})
        return _detail(request, actor, settlement_id, pay_form=form, status=422)
    except Conflict as error:
        return _detail(request, actor, settlement_id, refusal=error.message, status=409)
    messages.success(request, _("The statement is marked paid."))
    return redirect("honour-settlement", settlement_id=settlement_id)


@login_required
@require_POST
@domain_errors_as_pages
def reconcile_page(request, settlement_id: int):
    """Upload the operator's export; the statement page then shows what was found. A file
    we cannot read: 422 with the reason beside the file input, nothing stored."""
    actor = union_actor(request)
    form = ReconcileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, actor, settlement_id, reconcile_form=form, status=422)
    upload = form.cleaned_data["file"]
    try:
        reconciliation = reconciliation_upload(
            actor=actor,
            settlement_id=settlement_id,
            name=upload.name or "",
            data=upload.read(MAX_BYTES + 1),
            idempotency_key=form.cleaned_data.get("idempotency_key") or None,
        )
    except ValidationFailed as error:
        problems_on(form, error, {"rows": "file"}, numbered={"rows": 0})
        return _detail(request, actor, settlement_id, reconcile_form=form, status=422)
    messages.success(request, _("The operator's export is compared with the statement."))
    return redirect(
        f"{reverse('honour-settlement', args=[settlement_id])}"
        f"?reconciliation={reconciliation.pk}#reconciliation"
    )


@login_required
@domain_errors_as_pages
def reconciliation_export(request, settlement_id: int, reconciliation_id: int):
    """Every finding of one reconciliation, CSV or .xlsx (``?export=``)."""
    actor = union_actor(request)
    settlement = selectors.settlement_get(actor, settlement_id)
    reconciliation = finance.reconciliation_get(actor, settlement, reconciliation_id)
    fmt = request.GET.get("export")
    if fmt not in EXPORT_FORMATS:
        raise ValidationFailed.one(
            "export", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(EXPORT_FORMATS)}
        )
    headers, rows = finance.findings_export(actor, reconciliation)
    return export_response(fmt, f"reconciliation-{reconciliation.pk}", headers, rows)
