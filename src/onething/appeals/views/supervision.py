"""The supervisor's desk (督办): overdue appeals and those in warning of the region by department,
the extensions waiting for a decision, the numbered supervision batches with their progress
and a form for a new one; and a batch's page (its appeals, adding more, the export)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core import deadlines
from onething.core.errors import Conflict, ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.pagination import page_of
from onething.core.permissions import Actor, require_role
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..services.extensions import extension_decide
from ..services.supervision import batch_add, batch_create
from ..staff_forms import BatchAddForm, BatchForm, ExtensionDecisionForm
from . import display
from .staff import programme_choices

SHORT_LIST = 10
PER_PAGE = 20
ITEMS_PER_PAGE = 50


def _dispatch_url(**query) -> str:
    return f"{reverse('appeal-dispatch')}?{urlencode({'view': 'all', **query})}"


def _page(request, items, param: str, per_page: int = PER_PAGE):
    return page_of(items, per_page, request.GET.get(param), param)


def _deadline_board(actor: Actor) -> list[dict]:
    """Open appeals overdue and in warning, counted by responsible department (most overdue
    first); each count links to the appeals behind it."""
    rows: dict[str, dict] = {}
    for state in ("overdue", "warning"):
        counts = (
            selectors.appeals_list(actor, deadline=state)
            .order_by()
            .values("department__code", "department__name")
            .annotate(n=Count("id"))
        )
        for count in counts:
            code = count["department__code"] or ""
            row = rows.setdefault(
                code,
                {
                    "code": code,
                    "name": count["department__name"] or _("Not dispatched yet"),
                    "overdue": 0,
                    "warning": 0,
                },
            )
            row[state] = count["n"]
    board = sorted(rows.values(), key=lambda r: (-r["overdue"], -r["warning"], r["name"]))
    for row in board:
        for state in ("overdue", "warning"):
            query = {"deadline": state}
            if row["code"]:
                query["department"] = row["code"]
            row[f"{state}_url"] = _dispatch_url(**query)
    return board


def _desk(request, actor: Actor, batch_form: BatchForm, status: int = 200):
    lists = []
    for state in (deadlines.OVERDUE, deadlines.WARNING):
        appeals = selectors.appeals_list(actor, deadline=state).order_by("due_date", "id")
        shown = list(appeals[:SHORT_LIST])
        display.prepare_deadlines(shown)
        lists.append(
            {
                "state": state,
                "label": deadlines.LABELS[state],
                "appeals": shown,
                "count": appeals.count(),
                "url": _dispatch_url(deadline=state),
            }
        )
    extensions = _page(request, selectors.extensions_pending(actor), "extensions_page")
    batches = _page(request, selectors.batches_list(actor), "batches_page")
    return render(
        request,
        "appeals/staff/supervision.html",
        {
            "title": _("Appeal supervision"),
            "board": _deadline_board(actor),
            "lists": lists,
            "extensions": extensions,
            "batches": batches,
            "batch_form": batch_form,
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def supervision_desk(request):
    """GET: the desk. POST: a new supervision batch (then its page)."""
    actor = page_actor(request)
    require_role(actor, Role.SUPERVISOR)
    form = BatchForm(request.POST or None, programmes=programme_choices(actor))
    if request.method != "POST":
        return _desk(request, actor, form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            batch = batch_create(
                actor=actor,
                number=data["number"],
                title=data["title"],
                deadline=data["deadline"],
                programme_code=data["programme"],
            )
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            messages.success(request, _("Batch “%(t)s” is created.") % {"t": batch.title})
            return redirect("appeal-batch", batch.pk)
    return _desk(request, actor, form, status=422)


@login_required
@require_POST
@domain_errors_as_pages
def extension_decision(request, extension_id: int):
    """Approve (the due date moves) or refuse an extension; back to the desk."""
    actor = page_actor(request)
    require_role(actor, Role.SUPERVISOR)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed.one("decision", "choice", _("Approve or refuse."))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        extension = extension_decide(
            actor=actor, extension_id=extension_id, approve=approve, note=form.cleaned_data["note"]
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.message)
    else:
        number = extension.appeal.number
        if approve:
            messages.success(
                request,
                _("Extension of %(n)s approved: now due %(d)s.")
                % {"n": number, "d": extension.new_due_date},
            )
        else:
            messages.success(request, _("Extension of %(n)s refused.") % {"n": number})
    return redirect(reverse("appeal-supervision") + "#extensions")


# ---------------------------------------------------------------- a batch

BATCH_HEADERS = [
    gettext_lazy("Appeal number"),
    gettext_lazy("Subject"),
    gettext_lazy("Department"),
    gettext_lazy("Status"),
    gettext_lazy("Reply due"),
    gettext_lazy("Deadline state"),
    gettext_lazy("Done"),
    gettext_lazy("Late for the batch"),
]


def _item_row(item) -> dict:
    appeal = item.supervision.appeal
    appeal.deadline_state = item.deadline.state
    return {
        "number": appeal.number,
        "url": reverse("appeal-detail", args=[appeal.number]),
        "title": appeal.title,
        "department": appeal.department.name if appeal.department_id else "",
        "status": display.status_mark(appeal),
        "due": display.due_text(appeal),
        "deadline": display.deadline_mark(appeal),
        "done": item.done,
        "late": item.late_for_batch,
    }


def _export_value(value):
    return ("✓" if value else "") if isinstance(value, bool) else value


@login_required
@domain_errors_as_pages
def batch_page(request, batch_id: int):
    """A supervision batch: its appeals with their state, done ✓ and late for the batch;
    a supervisor adds appeals by number. ``?export=csv|xlsx`` downloads the items."""
    actor = page_actor(request)
    require_role(actor, Role.SUPERVISOR, Role.DISPATCHER, Role.OFFICER)
    batch = selectors.batch_get(actor, batch_id)
    may_add = actor.role == Role.SUPERVISOR
    form = BatchAddForm(request.POST or None) if may_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            require_role(actor, Role.SUPERVISOR)
        status = 422
        if form.is_valid():
            try:
                added = batch_add(
                    actor=actor,
                    batch_id=batch.pk,
                    numbers=form.cleaned_data["numbers"],
                    note=form.cleaned_data["note"],
                )
            except ValidationFailed as error:
                problems_on(form, error)  # numbers.<i>: the appeal not found, on the numbers
                status = error.status
            except Conflict as error:
                form.add_error("numbers", error.message)  # those on the batch already
                status = error.status
            else:
                messages.success(
                    request, _("%(n)s appeals are added to the batch.") % {"n": len(added)}
                )
                return redirect("appeal-batch", batch.pk)
    items = [_item_row(item) for item in selectors.batch_progress(actor, batch)]
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS and request.method == "GET":
        keys = ("number", "title", "department", "status", "due", "deadline", "done", "late")
        return export_response(
            fmt,
            f"supervision-batch-{batch.number}",
            [str(h) for h in BATCH_HEADERS],
            ([_export_value(row[k]) for k in keys] for row in items),
        )
    done = sum(1 for row in items if row["done"])
    return render(
        request,
        "appeals/staff/batch.html",
        {
            "title": batch.title,
            "batch": batch,
            "page": _page(request, items, "page", ITEMS_PER_PAGE),
            "total": len(items),
            "done": done,
            "late": sum(1 for row in items if row["late"]),
            "form": form,
        },
        status=status,
    )
