"""The forms of the cross-region panel on a case's page, posted: one service call each
(prepare, send or receive the paper originals; decide a joint part; ask the partner town
for a 高效协同 data check), then back to the case
with a message. A refusal is shown on the case page, in the panel, with its status (422
beside the input, 409 or 403 with the reason); a case the viewer may not see is a 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.cases.pages import panel_refused
from onething.cases.selectors.cases import case_get
from onething.core.errors import DomainError, NotFound, ValidationFailed
from onething.core.permissions import Actor
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import AskCheckForm, DecideForm, PrepareForm, ReceiveForm, SendForm
from ..integration import cross_region_panel
from ..services.checks import data_check_request
from ..services.handoffs import handoff_create, handoff_receive, handoff_send
from ..services.joint import joint_part_decide


@dataclass(frozen=True)
class PanelAction:
    form: type[forms.Form]
    call: Callable[[Actor, str, dict], Any]
    done: Callable[[Any], str]


def _done(message) -> Callable[[Any], str]:
    return lambda obj: str(message) % {"n": getattr(obj, "number", "")}


ACTIONS = {
    "prepare": PanelAction(
        PrepareForm,
        lambda a, number, d: handoff_create(actor=a, number=number, note=d["note"]),
        _done(gettext_lazy("Hand-off %(n)s prepared: pack the originals and send them.")),
    ),
    "send": PanelAction(
        SendForm,
        lambda a, number, d: handoff_send(
            actor=a,
            handoff_number=d["handoff"],
            carrier=d["carrier"],
            tracking_number=d["tracking_number"],
        ),
        _done(gettext_lazy("Hand-off %(n)s sent.")),
    ),
    "receive": PanelAction(
        ReceiveForm,
        lambda a, number, d: handoff_receive(
            actor=a,
            handoff_number=d["handoff"],
            outcome=d["outcome"] or "received",
            note=d["note"],
        ),
        lambda h: (
            (
                _("Hand-off %(n)s received: the originals are here.")
                if h.status == "received"
                else _("Hand-off %(n)s reported: the receiving window prepares a new one.")
            )
            % {"n": h.number}
        ),
    ),
    "decide": PanelAction(
        DecideForm,
        lambda a, number, d: joint_part_decide(
            actor=a, number=number, outcome=d["outcome"], note=d["note"]
        ),
        lambda part: (
            _("Your part is decided; the case is concluded.")
            if part.case.status == "concluded"
            else _("Your part is decided; the case concludes when every part has.")
        ),
    ),
    "ask": PanelAction(
        AskCheckForm,
        lambda a, number, d: data_check_request(actor=a, number=number, **d),
        lambda check: (
            _("Data check %(n)s sent to %(d)s: it answers by %(due)s.")
            % {
                "n": check.number,
                "d": check.answering_department.name,
                "due": check.due_date.isoformat(),
            }
        ),
    ),
}


def _refused(request, number: str, action: str, form, error: DomainError):
    """The case page again, its status the refusal's, the panel showing why (and the
    values typed, with each problem beside its input)."""
    return panel_refused(
        request, number, panel=cross_region_panel, action=action, error=error, form=form
    )


@login_required
@require_POST
@domain_errors_as_pages
def act(request, number: str, action: str):
    actor = page_actor(request)
    case = case_get(actor, number)  # 404 for a case the viewer may not see
    if action not in ACTIONS:
        raise NotFound(_("There is no such action."))
    spec = ACTIONS[action]
    form = spec.form(request.POST, prefix=action)
    if not form.is_valid():
        return _refused(request, number, action, form, ValidationFailed([]))
    data = form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
    try:
        done = spec.call(actor, case.number, data)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        return _refused(request, number, action, form, error)
    messages.success(request, spec.done(done))
    return redirect(reverse("case-detail", args=[number]) + "#cross-region")
