"""A cohort's selection page (the institute's staff): its places (capacity, taken, free),
its applications by status, what a selection would do now; the selection itself
(confirmed first; over capacity refused, saying why), the import of interview scores
from a sheet (every row's problem at once beside the file input) and the closing of the
waiting list."""

from __future__ import annotations

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.web.views.base import page_actor

from ...rules.statuses import APPLICATION_STATUS_LABELS, APPLICATION_STATUSES
from ...selectors import applications as selectors
from ...services.interviews import interview_scores_import
from ...services.selection import selection_run, waiting_list_close
from ..common import posted, signed_in
from . import forms as f

SHEET_LIMIT = 5 * 2**20 + 1
# a row's problem names its column as the sheet's header does
HEADERS = {"number": "申请编号", "score": "面试得分", "note": "备注"}
ROW_COLUMN = re.compile(r"\.(number|score|note)$")


def _page(request, code: str, *, bound: dict | None = None, status: int = 200):
    actor = page_actor(request)
    overview = selectors.selection_overview(actor, code)
    bound = bound or {}
    list_url = reverse("training-applications")
    rows = [
        {
            "status": s,
            "label": APPLICATION_STATUS_LABELS[s],
            "count": overview.by_status.get(s, 0),
            "url": f"{list_url}?cohort={code}&status={s}",
        }
        for s in APPLICATION_STATUSES
    ]
    context = {
        "title": _("Selection: %(c)s") % {"c": overview.cohort.name},
        "overview": overview,
        "rows": rows,
        "would_offer": len(overview.plan.offers),
        "would_wait": len(overview.plan.waiting),
        "selection_form": bound.get("select")
        or f.SelectionForm(auto_id="select-%s", free=overview.free),
        "import_form": bound.get("import") or f.ImportScoresForm(auto_id="import-%s"),
        "close_form": bound.get("close") or f.CloseWaitingForm(auto_id="close-%s"),
        "refused": bool(bound),
        "list_url": f"{list_url}?cohort={code}",
    }
    return render(request, "training/applications/selection.html", context, status=status)


@signed_in
def selection_page(request, code: str):
    actor = page_actor(request)
    selectors.staff_cohort(actor, code)
    if request.method != "POST":
        return _page(request, code)
    form = f.SelectionForm(request.POST, auto_id="select-%s")
    status = 422
    if form.is_valid():
        try:
            result = selection_run(
                actor=actor, cohort_code=code, places=form.cleaned_data.get("places")
            )
        except ValidationFailed as error:
            problems_on(form, error)
        except Conflict as error:  # over capacity, nothing to select, not selecting
            field = "places" if error.code == "over_capacity" else "form"
            problems_on(form, [FieldProblem(field, error.code, error.message)])
            status = 409
        else:
            messages.success(
                request,
                _("%(o)s places offered, %(w)s on the waiting list.")
                % {"o": len(result.offered), "w": len(result.waiting)},
            )
            return redirect("training-selection", code=code)
    return _page(request, code, bound={"select": form}, status=status)


@posted
def interviews_import(request, code: str):
    actor = page_actor(request)
    selectors.staff_cohort(actor, code)
    form = f.ImportScoresForm(request.POST, request.FILES, auto_id="import-%s")
    chosen = request.FILES.get("file")
    try:
        if chosen is None:
            raise ValidationFailed.one("file", "required", _("Choose the sheet to import."))
        count = interview_scores_import(
            actor=actor, cohort_code=code, name=chosen.name or "", data=chosen.read(SHEET_LIMIT)
        )
    except ValidationFailed as error:
        form.is_valid()
        problems = [
            FieldProblem(ROW_COLUMN.sub(lambda m: "." + HEADERS[m[1]], p.field), p.rule, p.message)
            for p in error.problems
        ]
        problems_on(form, problems, {"rows": "file"}, numbered={"rows": 0})
        return _page(request, code, bound={"import": form}, status=422)
    messages.success(request, _("%(n)s interview scores imported.") % {"n": count})
    return redirect("training-selection", code=code)


@posted
def waiting_close(request, code: str):
    actor = page_actor(request)
    selectors.staff_cohort(actor, code)
    form = f.CloseWaitingForm(request.POST, auto_id="close-%s")
    if not form.is_valid():
        return _page(request, code, bound={"close": form}, status=422)
    count = waiting_list_close(actor=actor, cohort_code=code)
    messages.success(request, _("The waiting list is closed: %(n)s not selected.") % {"n": count})
    return redirect("training-selection", code=code)
