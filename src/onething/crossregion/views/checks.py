"""高效协同核验 pages: the officer's queue of data checks (those the department answers,
those it asked), one check with the applicant's masked number (its full read on purpose,
audited) and the answer form — final, so confirmed before it is sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.cases.models import Case
from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import Actor, in_parts, require_role, visible
from onething.web.display import Mark, local
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import AnswerCheckForm, CheckFilter, CheckRevealForm
from ..models import CheckResult, CheckStatus, DataCheck
from ..selectors.checks import OPEN_CASE, check_get, checks_list
from ..services.checks import data_check_answer, data_check_reveal

STAFF = (Role.OFFICER, Role.SUPERVISOR)
RESULT_KIND = {
    CheckResult.CONFIRMED: "approved",
    CheckResult.MISMATCH: "denied",
    CheckResult.CANNOT_VERIFY: "warning",
}


def state_mark(check: DataCheck) -> Mark:
    """The check's state as a mark: awaiting (overdue past its day), the answer's result,
    withdrawn, asked again — or, awaiting for a case closed meanwhile, the case closed."""
    if check.status == CheckStatus.REQUESTED:
        if check.case.status not in OPEN_CASE:
            return Mark(_("Case closed"), "neutral")
        late = clock.today() > check.due_date
        return Mark(check.get_status_display(), "overdue" if late else "warning")
    if check.status == CheckStatus.ANSWERED:
        return Mark(check.get_result_display(), RESULT_KIND[check.result])
    return Mark(check.get_status_display(), "neutral")


def _check_link(check: DataCheck) -> str:
    return reverse("crossregion-check", args=[check.number])


def _due(check: DataCheck) -> str:
    day = check.due_date.isoformat()
    return f"{day} ({_('provisional')})" if check.due_provisional else day


COLUMNS = [
    Column(gettext_lazy("Check number"), lambda k: k.number, _check_link),
    Column(gettext_lazy("Case number"), lambda k: k.case.number),
    Column(gettext_lazy("Service item"), lambda k: k.case.item.name),
    Column(gettext_lazy("Asked by"), lambda k: k.asking_department.name),
    Column(gettext_lazy("Checking department"), lambda k: k.answering_department.name),
    Column(gettext_lazy("What to check"), lambda k: "；".join(k.questions)),
    Column(gettext_lazy("Asked on"), lambda k: local(k.requested_at)),
    Column(gettext_lazy("Answer by"), _due),
    Column(gettext_lazy("State"), state_mark),
    Column(gettext_lazy("Working days to answer"), lambda k: k.working_days),
]


def _defaults(actor: Actor) -> dict:
    """An officer's list opens on the department's queue: the checks awaiting its answer."""
    if actor.role == Role.OFFICER:
        return {"side": "answer", "status": CheckStatus.REQUESTED}
    return {}


@login_required
@domain_errors_as_pages
def queue(request):
    """The data checks the viewer's department answers or asked (a supervisor's: those of
    the region's departments), filterable and exportable."""
    actor = page_actor(request)
    require_role(actor, *STAFF)
    defaults = _defaults(actor) if not request.GET else {}
    return list_page(
        request,
        title=gettext_lazy("Data checks across towns (高效协同核验)"),
        form_class=CheckFilter,
        rows=lambda f: in_parts(
            actor, lambda part: checks_list(actor, part=part, **(defaults | f))
        ),
        columns=COLUMNS,
        export_name="data-checks",
        template="crossregion/checks.html",
        extra={"is_officer": actor.role == Role.OFFICER},
    )


def _may_answer(actor: Actor, check: DataCheck) -> bool:
    return (
        actor.role == Role.OFFICER
        and actor.department_id == check.answering_department_id
        and check.status == CheckStatus.REQUESTED
        and check.case.status in OPEN_CASE
    )


def _page(request, actor: Actor, check: DataCheck, status: int = 200, **forms):
    may_answer = _may_answer(actor, check)
    context = {
        "title": _("Data check %(n)s") % {"n": check.number},
        "check": check,
        "state": state_mark(check),
        "may_answer": may_answer,
        # the answering department sees the check, not the case
        "sees_case": visible(actor, Case.objects.filter(pk=check.case_id)).exists(),
        "answer_form": forms.get("answer_form") or (AnswerCheckForm() if may_answer else None),
        "reveal_form": forms.get("reveal_form") or (CheckRevealForm() if may_answer else None),
        "revealed": forms.get("revealed", ""),
        "repeated_by": DataCheck.objects.filter(repeats=check).only("number").first(),
    }
    return render(request, "crossregion/check.html", context, status=status)


@never_cache
@login_required
@domain_errors_as_pages
def check_page(request, number: str):
    actor = page_actor(request)
    require_role(actor, *STAFF, Role.CLERK)
    return _page(request, actor, check_get(actor, number))


@login_required
@require_POST
@domain_errors_as_pages
def answer(request, number: str):
    """The answering department's answer, posted: back to the check with a message, or the
    page again with every problem beside its input (422) or the refusal above (409)."""
    actor = page_actor(request)
    require_role(actor, Role.OFFICER)
    check = check_get(actor, number)
    form = AnswerCheckForm(request.POST)
    if form.is_valid():
        try:
            data_check_answer(
                actor=actor,
                check_number=check.number,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as error:
            problems_on(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
            return _page(request, actor, check, status=error.status, answer_form=form)
        else:
            messages.success(
                request,
                _("Your answer to check %(n)s is in the case: %(d)s decides it.")
                % {"n": check.number, "d": check.asking_department.name},
            )
            return redirect("crossregion-check", number=check.number)
    return _page(request, actor, check, status=422, answer_form=form)


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def reveal(request, number: str):
    """The applicant's full ID number, shown once on the page (never kept); audited."""
    actor = page_actor(request)
    require_role(actor, Role.OFFICER)
    check = check_get(actor, number)
    form = CheckRevealForm(request.POST)
    if form.is_valid():
        try:
            value = data_check_reveal(
                actor=actor, check_number=check.number, purpose=form.cleaned_data["purpose"]
            )
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            return _page(request, actor, check, revealed=value)
    return _page(request, actor, check, status=422, reveal_form=form)
