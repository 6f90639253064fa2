"""The applicant's pages: apply online for an item, my cases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.catalog.selectors import item_get
from onething.core.models import Role
from onething.core.permissions import in_parts, require_role
from onething.core.selectors.parties import enterprise_get, enterprises_list
from onething.web.listing import list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import ApplicationForm
from ..selectors.cases import cases_list
from ..services.applicants import applicant_person
from ..services.intake import case_submit
from . import common as c
from .filters import MyCasesFilter

APPLICANTS = (Role.APPLICANT, Role.AGENT)
MY_COLUMNS = [c.NUMBER, c.ITEM, c.STATUS, c.SUBMITTED, c.DUE, c.DEADLINE, c.DELIVERY]


@login_required
@domain_errors_as_pages
def apply(request, code: str):
    """An item's application: its form, its materials, the delivery; one transaction."""
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    item = item_get(actor, code)
    enterprise = enterprise_get(actor, actor.enterprise_id) if actor.enterprise_id else None
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        item=item,
        enterprise=enterprise,
        enterprises=list(enterprises_list(actor)) if actor.role == Role.AGENT else None,
        person=applicant_person(actor)
        if actor.role == Role.APPLICANT and actor.person_id
        else None,
    )
    status = 200
    if request.method == "POST":
        status = 422
        case = c.submit_with_uploads(
            actor, form, case_submit, renames={"enterprise_id": "applicant_for"}
        )
        if case is not None:
            messages.success(request, _("Application %(n)s submitted.") % {"n": case.number})
            return redirect("case-detail", number=case.number)
    return render(
        request,
        "cases/apply.html",
        {
            "title": _("Apply: %(item)s") % {"item": item.name},
            "item": item,
            "form": form,
            "refused": status == 422,
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def my_cases(request):
    actor = page_actor(request)
    require_role(actor, *APPLICANTS)
    return list_page(
        request,
        title=gettext_lazy("My cases"),
        form_class=MyCasesFilter,
        rows=lambda f: in_parts(actor, lambda part: cases_list(actor, part=part, **f)),
        columns=MY_COLUMNS,
        export_name="my-cases",
        template="cases/list.html",
        extra={"intro": "cases/_my_cases_intro.html"},
    )
