"""The public catalogue of value-added services (增值服务, one of the four functions of the
锡企服务平台 "无难事、悉心办"): the categories with their counts, the services of one as
cards (a phone shows them one under another), the figures, and a service's page with who
may ask for it and the way to ask."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.forms import problems_on
from onething.core.models.parties import EnterpriseSize
from onething.core.pagination import page_of
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..rules.catalogue import category_label, provider_kind_label
from .forms import CatalogueFilter

PER_PAGE = 12
SIZE_LABELS = dict(EnterpriseSize.choices)


def _who_may_ask(service) -> str:
    """Every enterprise, or the sizes and industries the service names."""
    parts = []
    if service.sizes:
        parts.append("、".join(str(SIZE_LABELS.get(s, s)) for s in service.sizes))
    if service.industries:
        parts.append("、".join(service.industries))
    return " · ".join(parts) if parts else _("Every enterprise")


def _card(service, enterprise) -> dict:
    return {
        "service": service,
        "category": category_label(service.category),
        "who": _who_may_ask(service),
        "url": reverse("valueadded-service", args=[service.code]),
        "eligible": selectors.eligible(service, enterprise) if enterprise else None,
    }


@domain_errors_as_pages
def home(request):
    """The catalogue (public), by category; figures of the requests so far."""
    actor = page_actor(request)
    form = CatalogueFilter(request.GET or None)
    status = 200
    data = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and form.errors:
        status = 422
    rows = selectors.services_list(
        actor, category=data.get("category") or "", q=(data.get("q") or "").strip()
    )
    try:
        page = page_of(rows, PER_PAGE, request.GET.get("page"))
    except ValidationFailed as error:
        problems_on(form, error)
        page, status = page_of([], PER_PAGE, None), 422
    enterprise = selectors.requester_enterprise(actor)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("Value-added services"),
        "form": form,
        "categories": selectors.category_counts(actor),
        "chosen": data.get("category") or "",
        "cards": [_card(s, enterprise) for s in page.object_list],
        "page": page,
        "query": query.urlencode(),
        "figures": selectors.request_figures(),
        "enterprise": enterprise,
        "providers": selectors.providers_list(actor),
    }
    return render(request, "valueadded/home.html", context, status=status)


@domain_errors_as_pages
def service_page(request, code: str):
    actor = page_actor(request)
    service = selectors.service_get(actor, code)
    enterprise = selectors.requester_enterprise(actor)
    own = bool(actor.user_id) and selectors.acts_for(actor, service.provider_id)
    context = {
        "title": service.name,
        "service": service,
        "provider": service.provider,
        "provider_kind": provider_kind_label(service.provider.kind),
        "category": category_label(service.category),
        "who": _who_may_ask(service),
        "enterprise": enterprise,
        "eligible": selectors.eligible(service, enterprise) if enterprise else False,
        "own": own,
        "offered": service.active and service.provider.active,
        "request_url": reverse("valueadded-request-new", args=[service.code]),
        "figures": selectors.request_figures(provider_id=service.provider_id),
    }
    return render(request, "valueadded/service.html", context)
