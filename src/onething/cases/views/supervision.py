"""The supervisor's pages: the deadline board, the cases behind it, the rectifications of
bad ratings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import ValidationFailed
from onething.core.exports import EXPORT_FORMATS, export_response
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import require_role
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import RectificationCloseForm
from ..models import Rectification
from ..selectors.cases import cases_list, rectification_get, rectifications_list
from ..selectors.figures import case_rates, deadline_board
from ..selectors.urges import urge_notice
from ..services.ratings import rectification_close
from . import common as c
from . import urges
from .filters import RectificationFilter, SupervisionFilter

CASE_COLUMNS = [
    c.NUMBER,
    c.ITEM,
    c.DEPARTMENT,
    c.STATUS,
    c.DUE,
    c.DEADLINE,
    c.SUBMITTED,
    c.CENTRE,
    c.APPLICANT,
    urges.URGE_COLUMN,
]
BOARD_HEADERS = [
    gettext_lazy("Department"),
    gettext_lazy("Open"),
    gettext_lazy("Warning"),
    gettext_lazy("Overdue"),
]
RECTIFICATION_COLUMNS = [
    Column(
        gettext_lazy("Case number"),
        lambda r: r.case.number,
        lambda r: reverse("rectification-detail", args=[r.pk]),
    ),
    Column(gettext_lazy("Service item"), lambda r: r.case.item.name),
    Column(gettext_lazy("Handling department"), lambda r: r.department.name),
    Column(gettext_lazy("Rating"), lambda r: r.evaluation.get_rating_display()),
    Column(gettext_lazy("Comment"), lambda r: r.evaluation.comment),
    Column(gettext_lazy("Opened"), lambda r: c.local(r.opened_at)),
    Column(gettext_lazy("Due"), lambda r: r.due_date),
    Column(gettext_lazy("Status"), lambda r: c.Mark(r.get_status_display(), r.status)),
    Column(gettext_lazy("Follow-up call"), lambda r: c.local(r.follow_up_at)),
]
SUPERVISORS = (Role.SUPERVISOR,)


def _cases_url(**query) -> str:
    return f"{reverse('supervision-cases')}?{urlencode(query)}"


@login_required
@domain_errors_as_pages
def supervision(request):
    """Open cases in warning and overdue per department, each count leading to its cases."""
    actor = page_actor(request)
    require_role(actor, *SUPERVISORS)
    board = deadline_board(actor)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        rows = ([r["department"], r["open"], r["warning"], r["overdue"]] for r in board)
        return export_response(fmt, "deadline-board", [str(h) for h in BOARD_HEADERS], rows)
    for row in board:
        code = row["department_code"]
        row["open_url"] = _cases_url(department_code=code, open_only="on")
        row["warning_url"] = _cases_url(department_code=code, deadline="warning")
        row["overdue_url"] = _cases_url(department_code=code, deadline="overdue")
    lists = []
    for state, label in (
        ("overdue", gettext_lazy("Overdue cases")),
        ("warning", gettext_lazy("Cases in warning")),
    ):
        cases = cases_list(actor, deadline=state).order_by("due_date", "id")
        n, capped = capped_count(cases)
        first = list(cases[:10])
        urges.prepare_urged(first)
        lists.append((state, label, first, n, count_label(n, capped), _cases_url(deadline=state)))
    return render(
        request,
        "cases/supervision.html",
        {
            "title": _("Supervision"),
            "board": board,
            "lists": lists,
            "rates": case_rates(actor),
            "open_rectifications": count_label(
                *capped_count(rectifications_list(actor, status="open"))
            ),
            "urge_notice": urge_notice(actor),
        },
    )


def _supervised(actor, filters: dict):
    """The region's cases: the running ones (a deadline or "open only" chosen) by due
    date, the soonest first; all of them newest first (the ordering its index keeps)."""
    cases = cases_list(actor, **filters)
    if filters.get("deadline") or filters.get("open_only"):
        return cases.order_by("due_date", "submitted_at", "id")
    return cases


@login_required
@domain_errors_as_pages
def supervision_cases(request):
    actor = page_actor(request)
    require_role(actor, *SUPERVISORS)
    return list_page(
        request,
        title=gettext_lazy("Cases in the supervised region"),
        form_class=SupervisionFilter,
        rows=lambda f: _supervised(actor, f),
        columns=CASE_COLUMNS,
        export_name="cases",
        template="cases/list.html",
        prepare=urges.prepare_urged,
    )


@login_required
@domain_errors_as_pages
def rectifications(request):
    actor = page_actor(request)
    require_role(actor, Role.SUPERVISOR, Role.OFFICER)
    return list_page(
        request,
        title=gettext_lazy("Rectifications of bad ratings"),
        form_class=RectificationFilter,
        rows=lambda f: rectifications_list(actor, **f),
        columns=RECTIFICATION_COLUMNS,
        export_name="rectifications",
        template="cases/list.html",
    )


@login_required
@domain_errors_as_pages
def rectification_detail(request, pk: int):
    """A rectification, and for a supervisor the form that closes it."""
    actor = page_actor(request)
    require_role(actor, Role.SUPERVISOR, Role.OFFICER)
    rectification = rectification_get(actor, pk)
    form = RectificationCloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                rectification_close(actor=actor, rectification_id=pk, **form.cleaned_data)
            except ValidationFailed as error:
                problems_on(form, error)
            else:
                messages.success(request, _("The rectification is closed."))
                return redirect("rectifications")
    return render(
        request,
        "cases/rectification.html",
        {
            "title": _("Rectification of %(n)s") % {"n": rectification.case.number},
            "r": rectification,
            "form": form,
            "may_close": actor.role == Role.SUPERVISOR
            and rectification.status == Rectification.Status.OPEN,
        },
        status=status,
    )
