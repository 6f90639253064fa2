"""One case's page for everyone who may see it, the actions the viewer may take on it, its
files and its licence as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.catalog.formschema import fields as schema_fields
from onething.core.errors import NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import Actor
from onething.core.selectors.actors import actor_names
from onething.core.uploads import open_stored
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import forms as f
from .. import hooks
from ..licence_pdf import licence_pdf, verify_url
from ..models import Case
from ..selectors.actions import case_actions
from ..selectors.cases import (
    case_deadline_state,
    case_get,
    case_material,
    case_messages,
    case_timeline,
    licence_validity,
)
from ..selectors.urges import event_note
from ..services import lifecycle, ratings
from . import common as c
from .urges import urge_panel


def _correction(actor: Actor, case: Case, form) -> Case:
    return c.upload_then(
        actor,
        form,
        lambda ids: lifecycle.case_submit_correction(
            actor=actor, number=case.number, material_ids=ids, note=form.cleaned_data["note"]
        ),
    )


def _inputs(form) -> dict[str, Any]:
    """The form's answers for the service, without the confirmation box."""
    return {k: v for k, v in form.cleaned_data.items() if k != "confirm"}


@dataclass(frozen=True)
class Action:
    title: Any
    form: type[forms.Form]
    call: Callable[[Actor, Case, Any], Any]
    done: Any
    button: Any


ACTIONS = {
    "accept": Action(
        gettext_lazy("Accept"),
        f.ConfirmForm,
        lambda a, case, form: lifecycle.case_accept(actor=a, number=case.number),
        gettext_lazy("Accepted: the deadline runs."),
        gettext_lazy("Accept"),
    ),
    "decline": Action(
        gettext_lazy("Decline"),
        f.DeclineForm,
        lambda a, case, form: lifecycle.case_decline(actor=a, number=case.number, **_inputs(form)),
        gettext_lazy("Declined."),
        gettext_lazy("Decline"),
    ),
    "request_correction": Action(
        gettext_lazy("Request a correction"),
        f.ReasonForm,
        lambda a, case, form: lifecycle.case_request_correction(
            actor=a, number=case.number, **form.cleaned_data
        ),
        gettext_lazy("Correction requested: the deadline is paused."),
        gettext_lazy("Request the correction"),
    ),
    "submit_correction": Action(
        gettext_lazy("Upload the corrected materials"),
        f.CorrectionForm,
        _correction,
        gettext_lazy("Correction submitted: the deadline runs again."),
        gettext_lazy("Submit the correction"),
    ),
    "conclude": Action(
        gettext_lazy("Conclude"),
        f.ConcludeForm,
        lambda a, case, form: lifecycle.case_conclude(actor=a, number=case.number, **_inputs(form)),
        gettext_lazy("Concluded."),
        gettext_lazy("Conclude"),
    ),
    "hand_over": Action(
        gettext_lazy("Hand the result over"),
        f.HandOverForm,
        lambda a, case, form: lifecycle.case_hand_over(
            actor=a, number=case.number, **form.cleaned_data
        ),
        gettext_lazy("Result handed over."),
        gettext_lazy("Handed over"),
    ),
    "withdraw": Action(
        gettext_lazy("Withdraw the application"),
        f.WithdrawForm,
        lambda a, case, form: lifecycle.case_withdraw(
            actor=a, number=case.number, reason=form.cleaned_data["reason"]
        ),
        gettext_lazy("Withdrawn."),
        gettext_lazy("Withdraw"),
    ),
    "rate": Action(
        gettext_lazy("Rate this service"),
        f.RatingForm,
        lambda a, case, form: ratings.evaluation_submit(
            actor=a, number=case.number, **form.cleaned_data
        ),
        gettext_lazy("Thank you for rating."),
        gettext_lazy("Rate"),
    ),
}


def _form(action: str, case: Case, data=None, files=None):
    kwargs = {"item": case.item} if ACTIONS[action].form is f.CorrectionForm else {}
    return ACTIONS[action].form(data, files, prefix=action, **kwargs)


def _answers(actor: Actor, case: Case, specs: dict) -> list[tuple[str, Any]]:
    """The form's answers under their labels, in the form's order (personal numbers are
    stored masked)."""
    answers = case.form_data
    order = [name for name in specs if name in answers]
    order += [name for name in answers if name not in specs]
    other = _("Other answer")  # a field the item's form no longer names: never its code
    return [(specs[name].title if name in specs else other, answers[name]) for name in order]


# notes the services record as a code, in words
NOTE_CODES = {"instant": gettext_lazy("Instant item: concluded on the spot")}


def _timeline(actor: Actor, case: Case) -> list[tuple[Any, str, str, str]]:
    """(when, what, who, note) oldest first: what in words, who by name and role."""
    entries = list(case_timeline(case))
    names = actor_names(e.actor_label for e in entries)
    lines = []
    for e in entries:
        note = event_note(actor, e)
        lines.append(
            (
                e.at,
                c.event_label(e.action),
                names.get(e.actor_label, ""),
                NOTE_CODES.get(note, note),
            )
        )
    return lines


def _page(
    request,
    actor: Actor,
    case: Case,
    bound: dict | None = None,
    status: int = 200,
    refusals: dict[hooks.Panel, hooks.PanelRefusal] | None = None,
):
    """The page; ``bound``: the forms posted and refused, by action; ``refusals``: a
    panel's refused form, shown in that panel."""
    bound = bound or {}
    allowed = case_actions(actor, case)
    licence = getattr(case, "licence", None)
    qr = url = None
    if licence is not None:
        url = verify_url(licence, request.build_absolute_uri("/"))
        qr = mark_safe(segno.make(url, error="m").svg_inline(scale=3))  # our own SVG
    specs = {s.name: s for s in schema_fields(case.item.form_schema or {})}
    actions = [
        (name, ACTIONS[name], bound.get(name) or _form(name, case))
        for name in ACTIONS
        if name in bound or name in allowed
    ]
    context = {
        "title": f"{case.number} · {case.item.name}",
        "case": case,
        "deadline": c.deadline_mark(case),
        "deadline_state": case_deadline_state(case),
        "answers": _answers(actor, case, specs),
        "materials": case.materials.select_related("material_type").order_by("uploaded_at"),
        "timeline": _timeline(actor, case),
        "messages_sent": case_messages(actor, case),
        "licence": licence,
        "licence_state": licence_validity(licence) if licence else None,
        "verify_url": url,
        "qr": qr,
        "evaluation": getattr(case, "evaluation", None),
        "actions": actions,
        "is_staff_view": actor.role not in (Role.APPLICANT, Role.AGENT),
        "panels": hooks.case_panels(actor, case, refusals),
        "urges": urge_panel(actor, case, bound),  # 督办
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
@domain_errors_as_pages
def case_detail(request, number: str):
    actor = page_actor(request)
    return _page(request, actor, case_get(actor, number))


def case_page(
    request, number: str, *, panel: hooks.Panel, refusal: hooks.PanelRefusal
) -> HttpResponse:
    """The case's page again after a form of an app's panel (``hooks.panel``) was refused:
    the refusal shown in that panel, the page's status the refusal's (422, 409, 403). For
    the views of the apps built on cases (``cases.pages``), which check the login."""
    actor = page_actor(request)
    return _page(
        request, actor, case_get(actor, number), status=refusal.status, refusals={panel: refusal}
    )


@login_required
@require_POST
@domain_errors_as_pages
def case_act(request, number: str, action: str):
    """One action's form, posted: one service call, then back to the case."""
    actor = page_actor(request)
    case = case_get(actor, number)
    if action not in ACTIONS:
        raise NotFound(_("There is no such action."))
    form = _form(action, case, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[action].call(actor, case, form)
        except ValidationFailed as error:
            problems_on(form, error)
        else:
            messages.success(request, ACTIONS[action].done)
            return redirect(reverse("case-detail", args=[number]) + "#top")
    return _page(request, actor, case, {action: form}, status=422)


@login_required
@domain_errors_as_pages
def licence_download(request, number: str):
    """The case's licence as a PDF, with its verification QR code."""
    case = case_get(page_actor(request), number)
    licence = getattr(case, "licence", None)
    if licence is None:
        raise NotFound(_("This case has no licence."))
    response = HttpResponse(
        licence_pdf(licence, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{licence.number}.pdf"'
    return response


@login_required
@domain_errors_as_pages
def material_download(request, number: str, material_id: int):
    material = case_material(page_actor(request), number, material_id)
    response = FileResponse(
        open_stored(material.file),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
