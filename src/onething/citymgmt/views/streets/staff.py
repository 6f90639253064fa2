"""The staff's pages of the streets: the hub linking every staff page of city management
(each link drawn only when its page is installed), the projects the user works on or
oversees (filters, cursor pages, export) and a new project (every problem at once, the
street and department prefilled from ``?street=``). A project's page is ``project``."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache

from onething.core.errors import (
    Conflict,
    ValidationFailed,
)
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.numbers import yuan_amount
from onething.core.permissions import Actor, require_role
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import StreetProject
from ...selectors import streets as selectors
from ...services import streets as services
from .common import budget_mark, district_choices, milestone_mark, url_or_blank
from .forms import (
    PROJECT_INPUTS,
    ProjectFilter,
    ProjectForm,
)

HUB_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN)
SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again."
)

# every staff page of city management (each part's), by section; a page not installed
# is left out
HUB = [
    (
        gettext_lazy("Streets and renovation"),
        [
            ("city-projects", gettext_lazy("Renovation projects")),
            ("city-project-new", gettext_lazy("Approve a new project")),
            ("city-programmes", gettext_lazy("Renovation programmes")),
            ("city-streets", gettext_lazy("The register of streets")),
        ],
    ),
    (
        gettext_lazy("Residents' scores"),
        [
            ("city-score-review", gettext_lazy("Flagged scores to review")),
            ("city-inspections", gettext_lazy("Street inspections")),
            ("city-months", gettext_lazy("Monthly street scores")),
        ],
    ),
    (
        gettext_lazy("Red and black lists"),
        [
            ("city-batches", gettext_lazy("Evaluation batches")),
            ("city-rectifications", gettext_lazy("Rectifications")),
            ("city-rankings", gettext_lazy("The public red and black lists")),
        ],
    ),
    (
        gettext_lazy("Shared parking"),
        [("city-parking", gettext_lazy("Time-shared car parks"))],
    ),
]


@login_required
@domain_errors_as_pages
def manage_page(request):
    actor = page_actor(request)
    require_role(actor, *HUB_ROLES)
    sections = []
    for title, pages in HUB:
        links = [(label, url) for name, label in pages if (url := url_or_blank(name))]
        if links:
            sections.append({"title": title, "links": links})
    return render(
        request,
        "citymgmt/streets/manage.html",
        {"title": _("City management"), "sections": sections},
    )


# ---------------------------------------------------------------- the projects


def project_link(project: StreetProject) -> str:
    return reverse("city-project", args=[project.number])


COLUMNS = [
    Column(gettext_lazy("Project number"), lambda p: p.number, project_link),
    Column(gettext_lazy("Street"), lambda p: p.street.name),
    Column(gettext_lazy("District"), lambda p: p.street.district.name),
    Column(gettext_lazy("Project title"), lambda p: p.title),
    Column(pgettext_lazy("street project", "Milestone"), lambda p: milestone_mark(p.milestone)),
    Column(gettext_lazy("Budget (yuan)"), lambda p: yuan_amount(p.budget_fen)),
    Column(gettext_lazy("Spent (yuan)"), lambda p: yuan_amount(p.spent_fen)),
    Column(gettext_lazy("Over budget"), budget_mark),
    Column(pgettext_lazy("street project", "Approved on"), lambda p: p.approved_on),
    Column(gettext_lazy("Responsible department"), lambda p: p.department.name),
]


def _programme_choices(actor: Actor) -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in selectors.programmes_list(actor)[:200]]


@login_required
@domain_errors_as_pages
def projects_page(request):
    actor = page_actor(request)
    require_role(actor, *selectors.STAFF_ROLES)
    form = ProjectFilter(
        request.GET or None,
        programmes=lambda: _programme_choices(actor),
        districts=district_choices,
    )

    def rows(data):
        return selectors.projects_list(
            actor,
            programme=data.get("programme") or "",
            milestone=data.get("milestone") or "",
            district=data.get("district") or "",
            over_budget_only=bool(data.get("over_budget")),
        )

    writer = actor.role in selectors.WRITER_ROLES
    return cursor_list_page(
        request,
        title=_("Renovation projects"),
        form=form,
        rows=rows,
        columns=COLUMNS,
        export_name="street-projects",
        extra={
            "new_url": reverse("city-project-new") if writer else "",
            "new_label": _("Approve a new project"),
        },
        template="citymgmt/streets/list.html",
    )


@never_cache
@login_required
@domain_errors_as_pages
def project_new_page(request):
    actor = page_actor(request)
    streets = list(selectors.streets_managed(actor)[:3000])  # 403 for a role that may not
    by_code = {s.code: s for s in streets}
    initial = {}
    wanted = request.GET.get("street") or ""
    if wanted in by_code:
        initial = {"street": wanted, "department": by_code[wanted].department.code}
    form = ProjectForm(
        request.POST or None,
        initial=initial,
        streets=[(s.code, f"{s.district.name} · {s.name}") for s in streets],
        programmes=lambda: _programme_choices(actor),
        departments=lambda: [(d.code, d.name) for d in selectors.departments_for_projects(actor)],
    )
    status = 200
    if request.method == "POST":
        status = 422
        valid = form.is_valid()
        arguments = form.service_arguments()
        if valid:
            try:
                project = services.project_create(
                    actor=actor,
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None,
                    **arguments,
                )
            except ValidationFailed as error:
                problems_on(form, error, PROJECT_INPUTS, one_per_input=True)
            except Conflict as error:
                if error.code != "idempotency_key_reused":
                    raise
                form.add_error(None, str(SENT_ALREADY))
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex
                status = 409
            else:
                messages.success(request, _("Project %(n)s is approved.") % {"n": project.number})
                return redirect("city-project", number=project.number)
        else:  # the service's problems too, every one at once
            problems, _found = services.project_create_problems(actor=actor, **arguments)
            problems_on(form, problems, PROJECT_INPUTS, one_per_input=True)
    return render(
        request,
        "citymgmt/streets/project_new.html",
        {"title": _("Approve a new project"), "form": form},
        status=status,
    )
