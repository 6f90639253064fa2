"""服务台: the desk page of a venue's counter — the hospital's green channel (医院就诊绿色通道)
or a restaurant's till (餐饮商圈优惠) — and the desk's visits.

The staff sign in with the desk's account (role ``gate``, the account of a gate of the
venue) and, in three steps, each a form posted to this page:

1. **identify**: they scan the honour certificate's QR code or type the card's number; the
   page shows the holder's name masked, the honour level and what the venue's benefit gives
   them today — or why not (a blocked card, no benefit here, today's visit used up);
2. **preview**: they choose the priority service given, or enter the bill in yuan; the page
   shows what will be recorded, for a bill the discount and who pays it;
3. **record**: they confirm; the visit is recorded (a double submit records it once: the
   hidden visit id is its idempotency key) and the page starts again with the visit shown.

A refusal of the service shows on the page with its status (404 no such card, 409 the
visit refused, 422 a field), beside the input it is about."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from onething.core.errors import Conflict, NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.identity import mask_name
from onething.core.numbers import yuan_amount, yuan_plain
from onething.web.listing import Column, list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..forms.desk import IdentifyForm, VisitForm, credential
from ..forms.finance import RidesFilter
from ..selectors.desk import desk_identify, desk_venue, desk_visits, funded_by_label, service_label
from ..selectors.finance_pages import month_span
from ..services.desk import visit_record

RECENT = 10  # the desk's latest visits shown under the form
# the service's fields → the page's inputs
INPUTS = {"card_number": "card", "code": "card", "bill_fen": "bill", "service": "service"}

VISIT_COLUMNS = [
    Column(gettext_lazy("When"), lambda s: s.at),
    Column(gettext_lazy("Holder"), lambda s: mask_name(s.honoree.person.name)),
    Column(gettext_lazy("Service"), lambda s: service_label(s.service)),
    Column(gettext_lazy("Bill (yuan)"), lambda s: yuan_amount(s.bill_fen)),
    Column(gettext_lazy("Discount (yuan)"), lambda s: yuan_amount(s.discount_fen)),
    Column(gettext_lazy("Discount paid by"), lambda s: funded_by_label(s.funded_by)),
    Column(gettext_lazy("Owed by the union (yuan)"), lambda s: yuan_amount(s.amount_fen)),
]


def _row(swipe) -> dict:
    return {
        "at": swipe.at,
        "holder": mask_name(swipe.honoree.person.name) if swipe.honoree_id else "",
        "service": service_label(swipe.service),
        "bill_fen": swipe.bill_fen,
        "discount_fen": swipe.discount_fen,
    }


def _page(request, actor, venue, status: int = 200, **context):
    context.setdefault("identify_form", IdentifyForm())
    recorded = request.GET.get("visit") or ""
    shown = desk_visits(actor)
    found = shown.filter(pk=recorded).first() if recorded.isdigit() else None
    context |= {
        "title": _("Desk"),
        "venue": venue,
        "recent": [_row(s) for s in shown[:RECENT]],
        "recorded": _row(found) if found else None,
    }
    return render(request, "cards/desk/desk.html", context, status=status)


def _identified(actor, venue, card: str, bill_fen: int | None = None) -> dict:
    return desk_identify(actor, venue_code=venue.code, bill_fen=bill_fen, **credential(card))


def _identify(request, actor, venue):
    form = IdentifyForm(request.POST)
    if not form.is_valid():
        return _page(request, actor, venue, 422, identify_form=form)
    card = form.cleaned_data["card"]
    try:
        identity = _identified(actor, venue, card)
    except ValidationFailed as error:
        problems_on(form, error, INPUTS)
        return _page(request, actor, venue, 422, identify_form=form)
    except NotFound as error:
        form.add_error("card", error.message)
        return _page(request, actor, venue, 404, identify_form=form)
    kind = identity["benefit"]["kind"] if identity["benefit"] else ""
    visit_form = VisitForm(kind=kind, initial={"card": card}) if identity["allowed"] else None
    return _page(
        request, actor, venue, identity=identity, visit_form=visit_form, identify_form=form
    )


def _visit(request, actor, venue, step: str):
    """The preview (what will be recorded) or the record itself."""
    card = request.POST.get("card") or ""
    try:
        identity = _identified(actor, venue, card)
    except (ValidationFailed, NotFound):  # the hidden card was tampered with: start again
        return redirect("honour-desk")
    kind = identity["benefit"]["kind"] if identity["benefit"] else ""
    form = VisitForm(request.POST, kind=kind)
    # (a record goes to the service even if refused now: a double submit is answered there
    # with the visit it made, by its visit id)
    if step == "preview" and not identity["allowed"]:
        return _page(request, actor, venue, 409, identity=identity)
    if not form.is_valid():
        return _page(request, actor, venue, 422, identity=identity, visit_form=form)
    data = form.cleaned_data
    bill, service = data.get("bill"), data.get("service") or ""
    if step == "preview":
        preview = _identified(actor, venue, card, bill) if bill is not None else identity
        return _page(
            request,
            actor,
            venue,
            identity=preview,
            confirm={
                "card": card,
                "visit_id": data["visit_id"],
                "service": service,
                "service_label": service_label(service),
                "bill": yuan_plain(bill) if bill is not None else "",
                "bill_fen": bill,
            },
        )
    try:
        swipe = visit_record(
            actor=actor,
            venue_code=venue.code,
            service=service or None,
            bill_fen=bill,
            idempotency_key=data["visit_id"],
            **credential(card),
        )
    except ValidationFailed as error:
        problems_on(form, error, INPUTS)
        return _page(request, actor, venue, 422, identity=identity, visit_form=form)
    except Conflict as error:
        return _page(request, actor, venue, 409, identity=identity, refusal=error.message)
    messages.success(request, _("The visit is recorded."))
    return redirect(f"{reverse('honour-desk')}?visit={swipe.pk}")


@login_required
@never_cache
@domain_errors_as_pages
def desk_page(request):
    """The desk of the signed-in desk account's venue (403 for any other role)."""
    actor = page_actor(request)
    venue = desk_venue(actor)
    if request.method != "POST":
        return _page(request, actor, venue)
    step = request.POST.get("step")
    if step in ("preview", "record"):
        return _visit(request, actor, venue, step)
    return _identify(request, actor, venue)


@login_required
@domain_errors_as_pages
def desk_visits_page(request):
    """Every visit the desk recorded, filtered by month, paginated and exported."""
    actor = page_actor(request)
    venue = desk_venue(actor)

    def rows(data):
        span = month_span(data["month"]) if data.get("month") else (None, None)
        return desk_visits(actor, date_from=span[0], date_to=span[1])

    class Filter(RidesFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            del self.fields["outcome"]  # a desk records allowed visits only

    return list_page(
        request,
        title=_("Visits at %(venue)s") % {"venue": venue.name},
        form_class=Filter,
        rows=rows,
        columns=VISIT_COLUMNS,
        export_name="desk-visits",
    )
