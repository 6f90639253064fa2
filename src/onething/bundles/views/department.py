"""The forms of the one-thing panel on a step's case page, posted by the handling officer:
enter the step's outputs (step_outputs_enter), record the milestone (run_milestone). Each
is one service call, then back to the case with a message; a refusal is shown in the
panel, on the case page, with its status (422 beside the input, 409 or 403 with the
reason); a case the viewer may not see is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onething.cases.pages import panel_refused
from onething.cases.selectors.cases import case_get
from onething.core.errors import DomainError, NotFound, ValidationFailed
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import OutputsForm
from ..integration import bundle_panel, run_step_of
from ..services.steps import run_milestone, step_outputs_enter

ACTIONS = ("outputs", "milestone")


def _refused(request, number: str, action: str, form, error: DomainError):
    """The case page again with the refusal in the panel, its status the refusal's."""
    renames = {f"values.{name}": name for name in form.fields} if form is not None else None
    return panel_refused(
        request, number, panel=bundle_panel, action=action, error=error, form=form, renames=renames
    )


@login_required
@require_POST
@domain_errors_as_pages
def act(request, number: str, action: str):
    actor = page_actor(request)
    case = case_get(actor, number)  # 404 for a case the viewer may not see
    run_step = run_step_of(case)
    if action not in ACTIONS or run_step is None:
        raise NotFound(_("There is no such action."))
    form = None
    try:
        if action == "outputs":
            entered = [o for o in run_step.step.outputs if o.get("from") == "entered"]
            form = OutputsForm(request.POST, outputs=entered, prefix="outputs")
            if not form.is_valid():
                return _refused(request, number, action, form, ValidationFailed([]))
            step_outputs_enter(actor=actor, case_number=case.number, values=form.cleaned_data)
            done = _("The step's outputs are entered: the step may now be concluded.")
        else:
            run = run_milestone(actor=actor, number=run_step.run.number)
            done = _("“%(m)s” recorded: the steps that waited for it may now conclude.") % {
                "m": run.bundle.milestone
            }
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, number, action, form, error)
    messages.success(request, done)
    return redirect(reverse("case-detail", args=[number]) + "#one-thing")
