"""The pages of the appeal desks: the dispatcher's queue (received and returned appeals,
with the reason of each return) and every appeal of the region; the department's inbox;
the hotline entry (12345, or an officer's staff visit). And ``staff_actions``: what the
actor may do to an appeal now, for the appeal page's staff panel."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Region, Role
from onething.core.permissions import Actor, in_parts, require_role, visible
from onething.core.selectors.parties import enterprises_list
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..models import Appeal, AppealChannel, AppealEvent, Project
from ..schemas.actions import appeal_actions
from ..services.intake import appeal_submit
from ..staff_forms import DispatchFilter, HotlineForm, InboxFilter
from . import display
from .panels import StaffActions, department_choices

STAFF = (Role.DISPATCHER, Role.SUPERVISOR, Role.OFFICER)
OVERSEERS = (Role.DISPATCHER, Role.SUPERVISOR)
# The order of the panels on the appeal page: the department's work first.
ORDER = (
    "accept",
    "reply",
    "return",
    "extend",
    "dispatch",
    "redispatch",
    "follow_up",
    "project",
    "milestone",
    "supervise",
    "contact",
)


def staff_actions(actor: Actor, appeal: Appeal) -> StaffActions:
    """The actions (accept, reply, return, extend, dispatch, redispatch, follow_up, project,
    milestone, supervise, contact) ``actor`` may take on ``appeal`` now; empty for anyone
    but a dispatcher, a supervisor or an officer. The same checks as the API's
    ``appeal_actions`` (the services make them again), plus ``milestone`` for a project
    with a stage still to record."""
    if actor.role not in STAFF:
        return StaffActions([], actor=actor, appeal=appeal)
    names = set(appeal_actions(actor, appeal))
    project = Project.objects.filter(appeal=appeal).first()
    runs_project = actor.role == Role.SUPERVISOR or (
        actor.role == Role.OFFICER and appeal.department_id == actor.department_id
    )
    if runs_project and project and project.milestones.filter(done_on__isnull=True).exists():
        names.add("milestone")
    return StaffActions(
        [name for name in ORDER if name in names], actor=actor, appeal=appeal, project=project
    )


# ---------------------------------------------------------------- lists

C = display.COLUMNS
RETURN_REASON = Column(gettext_lazy("Return reason"), lambda a: getattr(a, "return_reason", ""))
DISPATCH_COLUMNS = [
    C["number"],
    C["title"],
    C["type"],
    C["channel"],
    C["programme"],
    C["category"],
    C["region"],
    C["department"],
    C["status"],
    C["received"],
    C["due"],
    C["deadline"],
    RETURN_REASON,
]
INBOX_COLUMNS = [
    C["number"],
    C["title"],
    C["type"],
    C["programme"],
    C["category"],
    C["region"],
    C["status"],
    C["received"],
    C["due"],
    C["deadline"],
]


def programme_choices(actor: Actor) -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in selectors.programmes_list(actor)]


def _with_return_reasons(actor: Actor):
    """``prepare`` for the dispatcher's list: the deadline marks, and for each returned
    appeal the department and reason of its last return (one query a batch)."""

    def prepare(appeals: list[Appeal]) -> None:
        display.prepare_deadlines(appeals)
        returned = [a.pk for a in appeals if a.status == "returned"]
        reasons: dict[int, str] = {}
        if returned:
            events = visible(
                actor,
                AppealEvent.objects.filter(appeal_id__in=returned, kind="return").select_related(
                    "department"
                ),
            ).order_by("at", "id")
            for event in events:
                who = event.department.name if event.department_id else ""
                reasons[event.appeal_id] = f"{who}: {event.note}" if who else event.note
        for appeal in appeals:
            appeal.return_reason = reasons.get(appeal.pk, "")

    return prepare


@login_required
@domain_errors_as_pages
def dispatch(request):
    """The dispatcher's queue (oldest due first), or every appeal of the region."""
    actor = page_actor(request)
    require_role(actor, *OVERSEERS)
    view = "all" if request.GET.get("view") == "all" else "queue"
    programmes = programme_choices(actor)
    departments = department_choices(actor)[1:]

    class Filter(DispatchFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, programmes=programmes, departments=departments, **kwargs)

    def rows(data):
        data = {k: v for k, v in data.items() if v and k != "view"}
        if view == "queue":
            return selectors.appeals_list(actor, queue="dispatch", **data).order_by(
                "due_date", "received_at", "id"
            )
        return selectors.appeals_list(actor, **data)

    return list_page(
        request,
        title=_("Dispatch: waiting appeals") if view == "queue" else _("Appeals of the region"),
        form_class=Filter,
        rows=rows,
        columns=DISPATCH_COLUMNS,
        export_name="appeals-dispatch" if view == "queue" else "appeals",
        template="appeals/staff/list.html",
        prepare=_with_return_reasons(actor),
        extra={
            "tabs": [
                (key, label, f"?view={key}", key == view)
                for key, label in (
                    ("queue", _("Waiting for dispatch")),
                    ("all", _("All appeals of the region")),
                )
            ],
            "new_url": reverse("appeal-hotline") if actor.role == Role.DISPATCHER else "",
            "new_label": _("Record a hotline call"),
        },
    )


@login_required
@domain_errors_as_pages
def inbox(request):
    """The officer's department: appeals dispatched to it or being handled, due first."""
    actor = page_actor(request)
    require_role(actor, Role.OFFICER)
    programmes = programme_choices(actor)

    class Filter(InboxFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, programmes=programmes, **kwargs)

    def rows(data):
        data = {k: v for k, v in data.items() if v}
        return in_parts(
            actor,
            lambda part: selectors.appeals_list(actor, queue="inbox", part=part, **data).order_by(
                "due_date", "received_at", "id"
            ),
        )

    return list_page(
        request,
        title=_("Appeals inbox"),
        form_class=Filter,
        rows=rows,
        columns=INBOX_COLUMNS,
        export_name="appeals-inbox",
        template="appeals/staff/list.html",
        prepare=display.prepare_deadlines,
        extra={
            "new_url": reverse("appeal-hotline"),
            "new_label": _("Record a staff visit"),
        },
    )


# ---------------------------------------------------------------- hotline entry


def region_options(actor: Actor) -> list[Region]:
    """The city, its districts and their towns, in tree order."""
    city = Region.objects.get(code=settings.ONETHING_CITY_CODE)
    return list(visible(actor, Region.objects.filter(path__startswith=city.path)).order_by("path"))


def _enterprise_id(actor: Actor, credit_code: str) -> int | None:
    code = (credit_code or "").strip().upper()
    if not code:
        return None
    enterprise = enterprises_list(actor, q=code).filter(credit_code__iexact=code).first()
    if enterprise is None:
        raise ValidationFailed(
            [
                FieldProblem(
                    "enterprise",
                    "unknown",
                    _("No enterprise with the credit code %(c)s is visible to you.") % {"c": code},
                )
            ]
        )
    return enterprise.pk


@login_required
@domain_errors_as_pages
def hotline(request):
    """A dispatcher records a 12345 call (channel hotline); an officer records what they
    were told on a visit (channel visit). Field problems: 422 beside the fields."""
    actor = page_actor(request)
    require_role(actor, Role.DISPATCHER, Role.OFFICER)
    on_phone = actor.role == Role.DISPATCHER
    channel = AppealChannel.HOTLINE if on_phone else AppealChannel.VISIT
    regions = region_options(actor)
    form = HotlineForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories_tree(actor),
        regions=regions,
        programmes=programme_choices(actor),
        programme_initial="weixingfu" if on_phone else "",
        region_initial=regions[0].code if regions else "",
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                appeal = appeal_submit(
                    actor=actor,
                    channel=channel,
                    contact_name=(data.get("contact_name") or "").strip(),
                    contact_phone=(data.get("contact_phone") or "").strip(),
                    enterprise_id=_enterprise_id(actor, data.get("enterprise")),
                    **form.service_arguments(),
                )
            except ValidationFailed as error:
                problems_on(form, error)
            else:
                messages.success(
                    request,
                    _("Appeal %(n)s is recorded; tell the caller this number.")
                    % {"n": appeal.number}
                    if on_phone
                    else _("Appeal %(n)s is recorded.") % {"n": appeal.number},
                )
                return redirect("appeal-detail", appeal.number)
    return render(
        request,
        "appeals/staff/hotline.html",
        {
            "title": _("Record a hotline call") if on_phone else _("Record a staff visit"),
            "intro": _(
                "Write down what the caller asks. Their name and phone are needed unless "
                "they speak for an enterprise."
            )
            if on_phone
            else _("Record what you were told on the visit, with the contact's name and phone."),
            "form": form,
            "channel": channel,
        },
        status=status,
    )
