"""The lists of requests: the enterprise's own (我的服务申请) and the provider's queue
(服务申请受理) — filtered, paginated, exported as CSV or .xlsx (core.exports: a text a
spreadsheet would take for a formula stays text), each request's deadline marked."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import PermissionDenied
from onething.core.numbers import yuan_amount
from onething.core.ratings import rating_label
from onething.web.display import local
from onething.web.listing import Column, list_page
from onething.web.views.base import page_actor

from .. import selectors
from ..rules.catalogue import category_label
from ..rules.requests import outcome_label
from .common import deadline_mark, due_text, request_link, signed_in, status_mark
from .forms import MyRequestsFilter, QueueFilter

NUMBER = Column(gettext_lazy("Request number"), lambda r: r.number, request_link)
SERVICE = Column(gettext_lazy("Service"), lambda r: r.service.name)
CATEGORY = Column(
    pgettext_lazy("value-added", "Category"), lambda r: category_label(r.service.category)
)
SUBJECT = Column(gettext_lazy("Subject"), lambda r: r.subject)
STATUS = Column(gettext_lazy("Status"), status_mark)
SUBMITTED = Column(gettext_lazy("Submitted"), lambda r: local(r.submitted_at))
DUE = Column(gettext_lazy("Answer by"), due_text)
DEADLINE = Column(gettext_lazy("Deadline"), deadline_mark)
OUTCOME = Column(gettext_lazy("Result"), lambda r: outcome_label(r.outcome_kind))
AMOUNT = Column(gettext_lazy("Financing reached (yuan)"), lambda r: yuan_amount(r.amount_fen))
RATING = Column(gettext_lazy("Rating"), lambda r: rating_label(r.rating))


@signed_in
def mine(request):
    actor = page_actor(request)
    if not actor.enterprise_id:
        raise PermissionDenied(_("This list is for an enterprise's staff."))

    def rows(data):
        return selectors.my_requests(
            actor,
            status=data.get("status") or "",
            category=data.get("category") or "",
            open_only=bool(data.get("open_only")),
        )

    return list_page(
        request,
        title=_("My service requests"),
        form_class=MyRequestsFilter,
        rows=rows,
        columns=[
            NUMBER,
            SERVICE,
            Column(gettext_lazy("Provider"), lambda r: r.provider.name),
            SUBJECT,
            STATUS,
            SUBMITTED,
            DUE,
            OUTCOME,
            AMOUNT,
            RATING,
        ],
        export_name="my-service-requests",
        extra={
            "new_url": _catalogue_url(),
            "new_label": _("Ask for a service"),
        },
    )


def _catalogue_url() -> str:
    return reverse("valueadded-home")


@signed_in
def provider(request):
    actor = page_actor(request)
    providers = list(selectors.providers_of(actor))
    if not providers:
        raise PermissionDenied(
            _("This queue is for the providers of value-added services; you provide none.")
        )
    services = [
        (s.code, s.name)
        for s in selectors.services_list(actor).filter(provider__in=providers).order_by("name")
    ]

    class Filter(QueueFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, services=services, **kwargs)

    def rows(data):
        return selectors.provider_queue(
            actor,
            status=data.get("status") or "",
            category=data.get("category") or "",
            service=data.get("service") or "",
            deadline=data.get("deadline") or "",
            open_only=bool(data.get("open_only")),
        )

    return list_page(
        request,
        title=_("Service requests to answer"),
        form_class=Filter,
        rows=rows,
        columns=[
            NUMBER,
            Column(gettext_lazy("Enterprise"), lambda r: r.enterprise.name),
            SERVICE,
            CATEGORY,
            SUBJECT,
            STATUS,
            SUBMITTED,
            DUE,
            DEADLINE,
            OUTCOME,
            AMOUNT,
            RATING,
        ],
        export_name="service-requests",
        extra={"providers": providers},
    )
