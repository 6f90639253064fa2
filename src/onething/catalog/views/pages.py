"""The public pages of the catalogue: the list of services and one service."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onething.core.models import Role
from onething.core.permissions import STAFF_ROLES
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from .. import selectors
from ..forms import ItemFilterForm
from ..formschema import fields
from .display import channels, fee, field_preview

# The card of each service reads these by position (see catalog/items.html).
COLUMNS = [
    Column(_("Service"), lambda i: i.name, lambda i: reverse("catalog-item", args=[i.code])),
    Column(_("Item code"), lambda i: i.code),
    Column(_("Category"), lambda i: i.category.name),
    Column(_("Department"), lambda i: i.department.name),
    Column(_("Kind"), lambda i: i.get_kind_display()),
    Column(_("Statutory working days"), lambda i: i.statutory_days),
    Column(_("Promised working days"), lambda i: i.promised_days),
    Column(_("Fee"), lambda i: fee(i.fee_fen)),
    Column(_("Channels"), lambda i: channels(i.online, i.at_window)),
]


@domain_errors_as_pages
def items(request):
    """Browse by category and life event, search, filter by channel and audience."""
    actor = page_actor(request)
    return list_page(
        request,
        title=_("Services"),
        form_class=ItemFilterForm,
        rows=lambda f: selectors.items_list(actor, **f),
        columns=COLUMNS,
        export_name="services",
        template="catalog/items.html",
        extra={
            "categories": selectors.categories_list(actor),
            "life_events": selectors.life_events_list(actor),
            "current_category": request.GET.get("category", ""),
            "current_life_event": request.GET.get("life_event", ""),
            "may_export_catalogue": actor.has_role(*STAFF_ROLES),
            "may_import_catalogue": actor.has_role(Role.ADMIN),
        },
    )


@domain_errors_as_pages
def item(request, code: str):
    """One service: who handles it, how long it takes, what it costs, what to bring, and
    the fields of its application form."""
    actor = page_actor(request)
    found = selectors.item_get(actor, code)
    regions = list(found.regions.all())
    return render(
        request,
        "catalog/item.html",
        {
            "title": found.name,
            "item": found,
            "fee": fee(found.fee_fen),
            "channels": channels(found.online, found.at_window),
            "regions": regions,
            "materials": list(found.materials.all()),
            "life_events": list(found.life_events.all()),
            "fields": [field_preview(f) for f in fields(found.form_schema or {})],
            "may_apply": found.is_active and found.online,
        },
    )
