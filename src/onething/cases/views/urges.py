"""督办 pages: the urge block of a case's page (the supervisor's form to urge the handling
department, the department's form to answer, the supervisor's to close), the list of
urges for supervisors and departments, and the notice on the department's inbox."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.forms import problems_on, text_area
from onething.core.models import Role
from onething.core.permissions import Actor, in_parts, require_role
from onething.core.selectors.calendar import official_calendar
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import hooks
from ..models import Case, CaseStatus, CaseUrge, UrgeStatus
from ..rules import urge_reply_by_default, urgeable
from ..selectors.cases import case_deadline_state, case_get
from ..selectors.urges import (
    open_urge_ids,
    urge_actions,
    urge_overdue,
    urges_list,
    urges_of_case,
)
from ..services import urges as services
from . import common as c

STAFF = (Role.SUPERVISOR, Role.OFFICER)
hooks.event_labels(
    {
        "case.urge": gettext_lazy("Supervision notice to the department"),
        "case.urge_answer": gettext_lazy("Department answered the supervision notice"),
        "case.urge_close": gettext_lazy("Supervision notice closed"),
    }
)


class UrgeIssueForm(forms.Form):
    message = text_area(gettext_lazy("What the department should do"), 1000)
    reply_by = forms.DateField(
        label=gettext_lazy("Answer by (the end of that day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirm = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to confirm the supervision notice.")}
    )

    def __init__(self, *args, department_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].mark_required = True
        self.fields["confirm"].label = _(
            "Send this supervision notice to %(department)s; it is recorded in the case's history."
        ) % {"department": department_name}


class UrgeAnswerForm(forms.Form):
    answer = text_area(gettext_lazy("What the department did"), 2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].mark_required = True


class UrgeCloseForm(forms.Form):
    note = text_area(gettext_lazy("Closing note (optional)"), 2000, rows=2)


def _issue_form(case: Case, data=None) -> UrgeIssueForm:
    default = urge_reply_by_default(clock.today(), official_calendar())
    return UrgeIssueForm(
        data,
        prefix="urge",
        initial={"reply_by": default.date},
        department_name=case.department.name,
    )


def may_urge(actor: Actor, case: Case) -> bool:
    """Whether to offer a supervisor the form to urge the case (the service decides)."""
    return (
        actor.role == Role.SUPERVISOR
        and case.status == CaseStatus.ACCEPTED
        and urgeable(case_deadline_state(case))
    )


def urge_panel(actor: Actor, case: Case, bound: dict[str, Any]) -> dict | None:
    """The case page's 督办 block: the urges on the case, each with the form the viewer
    may use on it, and for a supervisor of a late case with none awaiting an answer, the
    form to urge it. None when there is nothing to show."""
    if actor.role not in STAFF:
        return None
    urges = list(urges_of_case(actor, case))
    pending = any(u.status == UrgeStatus.OPEN for u in urges)
    issue = bound.get("urge")
    if issue is None and not pending and may_urge(actor, case):
        issue = _issue_form(case)
    now = clock.now()
    items = []
    for urge in urges:
        actions = urge_actions(actor, urge)
        answer = close = None
        if "answer" in actions:
            answer = bound.get(f"answer-{urge.pk}") or UrgeAnswerForm(prefix=f"answer-{urge.pk}")
        if "close" in actions:
            close = bound.get(f"close-{urge.pk}") or UrgeCloseForm(prefix=f"close-{urge.pk}")
        items.append(
            {
                "urge": urge,
                "overdue": urge_overdue(urge, now),
                "status": c.Mark(urge.get_status_display(), _status_kind(urge, now)),
                "answer_form": answer,
                "close_form": close,
            }
        )
    if not items and issue is None:
        return None
    return {"items": items, "issue_form": issue, "is_officer": actor.role == Role.OFFICER}


def _status_kind(urge: CaseUrge, now) -> str:
    if urge.status == UrgeStatus.OPEN:
        return "overdue" if urge_overdue(urge, now) else "warning"
    return "approved" if urge.status == UrgeStatus.ANSWERED else "neutral"


def _back(number: str):
    return redirect(reverse("case-detail", args=[number]) + "#urges")


def _posted(request, number: str, *, role: str, name: str, form, act, done) -> Any:
    """One of the 督办 block's forms posted: ``form(case, data)`` binds it, ``act(actor,
    cleaned_data)`` calls the service; then back to the block with ``done(case)`` said, or
    the case page again with the form and its problems (``name``: its key on that page)."""
    actor = page_actor(request)
    require_role(actor, role)
    case = case_get(actor, number)
    bound = form(case, request.POST)
    if bound.is_valid():
        try:
            act(actor, bound.cleaned_data)
        except (ValidationFailed, Conflict) as error:
            return _again(request, actor, case, name, bound, error)
        messages.success(request, done(case))
        return _back(number)
    return _again(request, actor, case, name, bound, ValidationFailed([]))


def _again(request, actor: Actor, case: Case, name: str, form, error) -> Any:
    """The case page again with the refused form, its problems beside its inputs."""
    from .detail import _page as case_page

    if isinstance(error, ValidationFailed):
        problems_on(form, error)
        status = 422
    else:
        form.add_error(None, error.message)
        status = error.status
    return case_page(request, actor, case, {name: form}, status=status)


@login_required
@require_POST
@domain_errors_as_pages
def urge_issue(request, number: str):
    """督办: the supervisor's form on the case page, posted."""
    return _posted(
        request,
        number,
        role=Role.SUPERVISOR,
        name="urge",
        form=_issue_form,
        act=lambda actor, data: services.urge_issue(
            actor=actor, number=number, message=data["message"], reply_by=data["reply_by"]
        ),
        done=lambda case: (
            _("The supervision notice was sent to %(department)s.")
            % {"department": case.department.name}
        ),
    )


def _urge_step(kind: str, role: str, form_class, service, done) -> Any:
    """The view of a step on one urge (the department's answer, the supervisor's closing):
    its form on the case page, posted; the form's fields are the service's arguments."""

    @login_required
    @require_POST
    @domain_errors_as_pages
    def view(request, number: str, urge_id: int):
        name = f"{kind}-{urge_id}"
        return _posted(
            request,
            number,
            role=role,
            name=name,
            form=lambda case, data: form_class(data, prefix=name),
            act=lambda actor, data: service(actor=actor, urge_id=urge_id, **data),
            done=lambda case: str(done),
        )

    view.__name__ = view.__qualname__ = f"urge_{kind}"
    return view


urge_answer = _urge_step(
    "answer",
    Role.OFFICER,
    UrgeAnswerForm,
    services.urge_answer,
    gettext_lazy("Your answer was sent to the supervisor."),
)
urge_close = _urge_step(
    "close",
    Role.SUPERVISOR,
    UrgeCloseForm,
    services.urge_close,
    gettext_lazy("The supervision notice is closed."),
)


# --- the list -------------------------------------------------------------------------


class UrgeFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *UrgeStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=gettext_lazy("Past the answer-by time"), required=False)
    q = forms.CharField(label=gettext_lazy("Case number"), max_length=60, required=False)


def _urge_link(urge: CaseUrge) -> str:
    return reverse("case-detail", args=[urge.case.number]) + "#urges"


def _urge_status(urge: CaseUrge) -> c.Mark:
    return c.Mark(urge.get_status_display(), _status_kind(urge, clock.now()))


def _reply_by(urge: CaseUrge) -> str:
    text = c.local(urge.reply_by)
    return f"{text} ({_('provisional')})" if urge.reply_by_provisional else text


URGE_COLUMNS = [
    Column(gettext_lazy("Case number"), lambda u: u.case.number, _urge_link),
    Column(gettext_lazy("Service item"), lambda u: u.case.item.name),
    Column(gettext_lazy("Addressed to"), lambda u: u.department.name),
    Column(gettext_lazy("Urged on"), lambda u: c.local(u.issued_at)),
    Column(gettext_lazy("What the supervisor asks"), lambda u: u.message),
    Column(gettext_lazy("Answer by"), _reply_by),
    Column(gettext_lazy("Status"), _urge_status),
    Column(gettext_lazy("Answered on"), lambda u: c.local(u.answered_at)),
    Column(gettext_lazy("What the department did"), lambda u: u.answer),
]


@login_required
@domain_errors_as_pages
def urges_page(request):
    """督办单: a supervisor's urges to the departments of the region, a department's urges
    to it; those awaiting an answer by their answer-by time."""
    actor = page_actor(request)
    require_role(actor, *STAFF)
    return list_page(
        request,
        title=gettext_lazy("Supervision notices"),
        form_class=UrgeFilter,
        rows=lambda f: in_parts(actor, lambda part: urges_list(actor, part=part, **f)),
        columns=URGE_COLUMNS,
        export_name="supervision-notices",
        template="cases/list.html",
    )


# --- the supervisor's case lists --------------------------------------------------------


def urge_cell(case: Case) -> str:
    """What the supervisor's case list says in its 督办 column."""
    if getattr(case, "urged", False):
        return c.Mark(_("Urged, awaiting the answer"), "warning")
    if case.status == CaseStatus.ACCEPTED and urgeable(case_deadline_state(case)):
        return _("Urge")
    return ""


def urge_cell_link(case: Case) -> str:
    return c.case_link(case) + "#urges" if urge_cell(case) else ""


URGE_COLUMN = Column(gettext_lazy("Supervision notice"), urge_cell, urge_cell_link)


def prepare_urged(cases: list[Case]) -> None:
    """Mark the cases of a page that have an urge awaiting an answer (one query)."""
    urged = open_urge_ids([case.pk for case in cases])
    for case in cases:
        case.urged = case.pk in urged
