"""The staff actions on an appeal (``/appeals/<number>/act/<action>/``), posted from the
panels of the appeal page: each one calls one service. An input the service refuses shows
the panels again with the problems beside the fields (422); an action the appeal's state
no longer allows (409) goes back to the appeal page with the reason; an appeal the actor
may not see is a 404, an action their role may not take a 403. The contact's full phone
is shown once, on a page of its own, never kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onething.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from onething.core.forms import problems_on
from onething.core.permissions import Actor, require_role
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..models import Appeal
from ..services import extensions, flow, followup, projects, supervision
from . import display
from .panels import ACTION_ROLES, ACTIONS, action_form
from .staff import STAFF, staff_actions

# A service's field name → the input of the form that carries it.
FIELD_INPUTS = {
    "budget_fen": "budget",
    **{f"planned.{stage}": f"planned_{stage}" for stage in projects.STAGES},
}


def _appeal_url(number: str) -> str:
    return reverse("appeal-detail", args=[number]) + "#actions"


def _refused(request, appeal: Appeal, action: str, form, actor: Actor):
    """The appeal's staff panels again, the refused one with what was typed and its
    problems; 422."""
    actions = staff_actions(actor, appeal)
    if action not in actions:
        actions.append(action)
    actions.bound[action] = form
    return render(
        request,
        "appeals/staff/act.html",
        {
            "title": _("Appeal %(n)s") % {"n": appeal.number},
            "appeal": appeal,
            "status": display.status_mark(appeal),
            "deadline": display.deadline_mark(appeal),
            "actions": actions,
            "refusal": _("Nothing was changed: correct what is marked."),
        },
        status=422,
    )


def _perform(actor: Actor, appeal: Appeal, action: str, form, project) -> str:
    """Call the action's service; the message to show after it."""
    number, data = appeal.number, form.cleaned_data
    if action in ("dispatch", "redispatch"):
        done = flow.appeal_dispatch(
            actor=actor, number=number, department_code=data["department"], note=data["note"]
        )
        return _("Dispatched to %(d)s.") % {"d": done.department.name}
    if action == "accept":
        flow.appeal_accept(actor=actor, number=number)
        return _("Accepted: the appeal is being handled by your department.")
    if action == "return":
        flow.appeal_return(actor=actor, number=number, reason=data["reason"])
        return _("Appeal %(n)s is returned to the dispatcher.") % {"n": number}
    if action == "reply":
        flow.appeal_reply(actor=actor, number=number, text=data["text"], public=data["public"])
        return _("The reply is sent; the requester is asked to rate it.")
    if action == "extend":
        extensions.extension_request(
            actor=actor, number=number, working_days=data["working_days"], reason=data["reason"]
        )
        return _("The extension is asked for; a supervisor decides.")
    if action == "follow_up":
        done = followup.appeal_follow_up(
            actor=actor, number=number, rating=data["rating"], comment=data["comment"]
        )
        if done.status == "closed":
            return _("The rating is recorded and the appeal closed.")
        return _("The rating is recorded: the appeal is reopened for a second answer.")
    if action == "project":
        project = projects.project_create(actor=actor, number=number, **form.service_arguments())
        return _("Project “%(p)s” is created.") % {"p": project.name}
    if action == "milestone":
        milestone = projects.milestone_record(
            actor=actor,
            project_id=project.pk,
            stage=data["stage"],
            done_on=data["done_on"],
            note=data["note"],
        )
        return _("“%(s)s” is recorded.") % {"s": milestone.get_stage_display()}
    if action == "supervise":
        supervision.batch_add(
            actor=actor, batch_id=data["batch"], numbers=[number], note=data["note"]
        )
        return _("Appeal %(n)s is on the batch.") % {"n": number}
    raise NotFound(_("There is no such action."))


@never_cache
@login_required
@require_POST
@domain_errors_as_pages
def act(request, number: str, action: str):
    actor = page_actor(request)
    require_role(actor, *STAFF)
    appeal = selectors.appeal_get(actor, number)  # 404 for an appeal the actor may not see
    if action not in ACTIONS:
        raise NotFound(_("There is no such action."))
    require_role(actor, *ACTION_ROLES[action])
    project = staff_actions(actor, appeal).project if action == "milestone" else None
    try:
        form = action_form(action, actor, appeal, project, data=request.POST)
    except DomainError as error:  # e.g. a milestone of an appeal that is no project
        messages.error(request, error.message)
        return redirect(_appeal_url(number))
    if not form.is_valid():
        return _refused(request, appeal, action, form, actor)
    try:
        if action == "contact":
            phone = selectors.appeal_contact_reveal(
                actor=actor, number=number, purpose=form.cleaned_data["purpose"]
            )
            return render(
                request,
                "appeals/staff/contact.html",
                {"title": _("Contact of %(n)s") % {"n": number}, "appeal": appeal, "phone": phone},
            )
        done = _perform(actor, appeal, action, form, project)
    except ValidationFailed as error:
        problems_on(form, error, FIELD_INPUTS)
        return _refused(request, appeal, action, form, actor)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:  # 409: the appeal's state does not allow it (any more)
        messages.error(request, error.message)
        return redirect(_appeal_url(number))
    messages.success(request, done)
    if action == "return":  # the department no longer sees the appeal
        return redirect("appeal-inbox")
    return redirect(_appeal_url(number))
