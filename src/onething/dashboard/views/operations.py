"""The supervisors' operations page: overdue and warning cases and appeals by department,
open rectifications, supervision batches and the subsidy pool, each figure linking to the
list behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from onething.web.views.base import domain_errors_as_pages, page_actor

from ..selectors.operations import operations_overview


@login_required
@domain_errors_as_pages
def operations_page(request):
    overview = operations_overview(page_actor(request))
    return render(request, "dashboard/operations.html", {"title": _("Operations"), **overview})
