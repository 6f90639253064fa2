"""The catalogue's page (公共数据开放平台): search by keyword, filter by theme and publisher,
one card per dataset on a phone. Anyone may read it. Bad filters: 422 with the reason
beside the field and no dataset listed, never a 500."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.pagination import page_of
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms import CatalogueFilter
from ..models import Dataset
from ..selectors.catalogue import datasets_list, themes_with_datasets
from ..selectors.summary import datasets_summaries

PER_PAGE = 20


@domain_errors_as_pages
def catalogue(request):
    actor = page_actor(request)
    form = CatalogueFilter(request.GET or None)
    datasets = Dataset.objects.none()
    valid = not form.is_bound or form.is_valid()
    if valid:
        data = form.cleaned_data if form.is_bound else {}
        try:
            datasets = datasets_list(
                actor,
                q=data.get("q", ""),
                theme=data.get("theme", ""),
                publisher=data.get("publisher", ""),
            )
        except ValidationFailed as error:
            problems_on(form, error)
            valid = False
    page = page_of(datasets, PER_PAGE, request.GET.get("page"))
    filters = {k: v for k, v in request.GET.items() if k != "page" and v}
    own = None
    if actor.role == Role.OFFICER and actor.department_id:
        own = request.user.department
    return render(
        request,
        "opendata/catalogue.html",
        {
            "title": _("Public data platform"),
            "form": form,
            "valid": valid,
            "page": page,
            "entries": datasets_summaries(page.object_list),
            "themes": themes_with_datasets(),
            "query": urlencode(filters),
            "own_department": own,
        },
        status=200 if valid else 422,
    )
