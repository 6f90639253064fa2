"""The staff's parking pages: the shared car parks they look after with the cars in, the
overstays, and the plate registrations waiting for review (``city-parking``); one
registration with its proof, the review and the audited full phone
(``city-parking-registration``); a car park's use per window and group (an ECharts bar
chart and a table), its terms, windows and gates, and its stays, exported as CSV or .xlsx
(``city-parking-lot``)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from onething.core import clock
from onething.core.errors import DomainError, NotFound, ValidationFailed
from onething.core.forms import problems_on
from onething.core.numbers import yuan, yuan_amount
from onething.core.permissions import require_role
from onething.core.uploads import open_stored
from onething.web.display import Code, local
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import PlateRegistration
from ...rules.parking import (
    APPROVED,
    DAY_KIND_LABELS,
    GROUP_LABELS,
    PENDING,
    window_hours,
)
from ...rules.parking_plan import SHANGHAI
from ...selectors import parking as selectors
from ...services.parking import registration_review, registration_revoke
from .common import STAFF, registration_mark, stay_mark
from .forms import ApproveForm, PhoneForm, QueueFilter, RefuseForm, RevokeForm, StayFilter
from .public import fee_text

IMAGE_TYPES = {"image/png", "image/jpeg"}


def registration_link(registration: PlateRegistration) -> str:
    return reverse("city-parking-registration", args=[registration.pk])


def lot_link(parking) -> str:
    return reverse("city-parking-lot", args=[parking.lot.code])


QUEUE_COLUMNS = [
    Column(gettext_lazy("Registered"), lambda r: local(r.created_at), registration_link),
    Column(gettext_lazy("Car park"), lambda r: r.parking.host),
    Column(gettext_lazy("Plate number"), lambda r: r.plate),
    Column(gettext_lazy("Registered as"), lambda r: GROUP_LABELS[r.group]),
    Column(gettext_lazy("Holder"), lambda r: r.holder_name),
    Column(gettext_lazy("Phone"), lambda r: r.holder_phone_masked),
    Column(gettext_lazy("About the proof"), lambda r: r.proof_note),
    Column(gettext_lazy("Status"), registration_mark),
]


def _parking_rows(parkings) -> list[dict]:
    """The car parks with the cars in and whom each is for now (their settings cached:
    no query a car park)."""
    now = clock.now().astimezone(SHANGHAI)
    rows = []
    for parking in parkings:
        plan = selectors.parking_setting(parking.pk).plan()
        group, _window = plan.holder(now)
        rows.append(
            {
                "host": parking.host,
                "name": parking.lot.name,
                "district": parking.lot.district.name,
                "occupied": parking.occupied,
                "spaces": parking.lot.spaces,
                "now": GROUP_LABELS[group],
                "school": plan.school_day(now.date()),
                "url": lot_link(parking),
            }
        )
    return rows


@login_required
@domain_errors_as_pages
def staff_page(request):
    actor = page_actor(request)
    require_role(actor, *STAFF)
    parkings = list(selectors.managed_parkings(actor)[:200])
    form = QueueFilter(request.GET or None, lots=[(p.lot.code, p.host) for p in parkings])
    overstays = list(selectors.stays_list(actor, open_only=True, overstayed=True)[:20])
    return cursor_list_page(
        request,
        title=_("Shared parking"),
        form=form,
        rows=lambda data: selectors.review_queue(
            actor,
            lot_code=data.get("lot") or "",
            group=data.get("group") or "",
            plate=data.get("plate") or "",
        ),
        columns=QUEUE_COLUMNS,
        export_name="plate-registrations-waiting",
        template="citymgmt/parking/staff.html",
        extra={
            "parkings": _parking_rows(parkings[:50]),
            "overstays": [
                {
                    "plate": s.plate,
                    "host": s.parking.host,
                    "group": GROUP_LABELS[s.group],
                    "entered": local(s.entered_at),
                    "allowed_until": local(s.allowed_until),
                    "url": f"{lot_link(s.parking)}?state=overstayed",
                }
                for s in overstays
            ],
        },
    )


# ---------------------------------------------------------------------- one registration


def _panels(actor, registration: PlateRegistration, bound: dict | None = None) -> dict:
    reviewer = selectors.may_review(actor, registration.parking)
    bound = bound or {}
    return {
        "approve": bound.get("approve") or ApproveForm(prefix="approve")
        if reviewer and registration.status == PENDING
        else None,
        "refuse": bound.get("refuse") or RefuseForm(prefix="refuse")
        if reviewer and registration.status == PENDING
        else None,
        "revoke": bound.get("revoke") or RevokeForm(prefix="revoke")
        if reviewer and registration.status in (PENDING, APPROVED)
        else None,
        "phone": bound.get("phone") or PhoneForm(prefix="phone")
        if reviewer and registration.holder_phone_cipher
        else None,
    }


def _registration_context(actor, registration, bound=None, phone: str = "") -> dict:
    content_type = mimetypes.guess_type(registration.proof_name or "")[0] or ""
    return {
        "title": _("Plate %(p)s at %(h)s")
        % {"p": registration.plate, "h": registration.parking.host},
        "registration": registration,
        "status": registration_mark(registration),
        "group": GROUP_LABELS[registration.group],
        "created": local(registration.created_at),
        "reviewed": local(registration.reviewed_at),
        "proof_url": reverse("city-parking-proof", args=[registration.pk]),
        "proof_is_image": content_type in IMAGE_TYPES,
        "panels": _panels(actor, registration, bound),
        "phone": phone,
        "back_url": reverse("city-parking"),
    }


ACTIONS = {"approve": ApproveForm, "refuse": RefuseForm, "revoke": RevokeForm, "phone": PhoneForm}


@never_cache
@login_required
@domain_errors_as_pages
def registration_page(request, registration_id: int):
    actor = page_actor(request)
    require_role(actor, *STAFF)
    registration = selectors.registration_get(actor, registration_id)
    if request.method != "POST":
        return render(
            request,
            "citymgmt/parking/registration.html",
            _registration_context(actor, registration),
        )
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise NotFound(_("There is no such action."))
    form = ACTIONS[action](request.POST, prefix=action)
    phone = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "phone":
                phone = selectors.registration_phone_reveal(
                    actor=actor, registration_id=registration.pk, purpose=data["purpose"]
                )
            elif action == "revoke":
                registration_revoke(
                    actor=actor, registration_id=registration.pk, reason=data["reason"]
                )
            else:
                registration_review(
                    actor=actor,
                    registration_id=registration.pk,
                    decision=action,
                    valid_until=data.get("valid_until"),
                    reason=data.get("reason") or "",
                )
        except ValidationFailed as error:
            problems_on(form, error)
        except DomainError as error:
            if error.status not in (403, 409):
                raise
            messages.error(request, error.message)
            return redirect("city-parking-registration", registration_id=registration.pk)
        else:
            if action == "phone":
                registration = selectors.registration_get(actor, registration.pk)
                return render(
                    request,
                    "citymgmt/parking/registration.html",
                    _registration_context(actor, registration, phone=phone),
                )
            messages.success(
                request,
                _("The registration is “%(s)s”.") % {"s": _status_of(actor, registration.pk)},
            )
            return redirect("city-parking-registration", registration_id=registration.pk)
    return render(
        request,
        "citymgmt/parking/registration.html",
        _registration_context(actor, registration, {action: form}),
        status=422,
    )


def _status_of(actor, registration_id: int) -> str:
    return str(registration_mark(selectors.registration_get(actor, registration_id)))


@login_required
@domain_errors_as_pages
def proof_file(request, registration_id: int):
    """A registration's proof, shown in the browser (its type checked at upload)."""
    actor = page_actor(request)
    require_role(actor, *STAFF)
    registration = selectors.registration_get(actor, registration_id)
    content_type = mimetypes.guess_type(registration.proof_name or "")[0]
    return FileResponse(
        open_stored(registration.proof),
        content_type=content_type or "application/octet-stream",
        filename=registration.proof_name or "proof",
    )


# ---------------------------------------------------------------------- a car park


def _minutes_text(minutes: int) -> str:
    return _("%(h)s h %(m)s min") % {"h": minutes // 60, "m": minutes % 60}


STAY_COLUMNS = [
    Column(gettext_lazy("Plate number"), lambda s: s.plate),
    Column(gettext_lazy("Counted as"), lambda s: GROUP_LABELS[s.group]),
    Column(gettext_lazy("Window"), lambda s: s.window.name if s.window_id else ""),
    Column(gettext_lazy("In"), lambda s: local(s.entered_at)),
    Column(gettext_lazy("Out"), lambda s: local(s.exited_at)),
    Column(gettext_lazy("Allowed until"), lambda s: local(s.allowed_until)),
    Column(gettext_lazy("State"), stay_mark),
    Column(gettext_lazy("Fee (yuan)"), lambda s: yuan_amount(s.fee_fen)),
]


def _stays(actor, lot_code: str, data: dict):
    state = data.get("state") or ""
    return selectors.stays_list(
        actor,
        lot_code=lot_code,
        open_only=True if state == "open" else (False if state == "closed" else None),
        overstayed=True if state == "overstayed" else None,
        plate=data.get("plate") or "",
        group=data.get("group") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@login_required
@domain_errors_as_pages
def lot_page(request, lot_code: str):
    actor = page_actor(request)
    parking = selectors.parking_managed(actor, lot_code)
    form = StayFilter(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    extra = {"parking": parking, "public_url": reverse("city-parking-public", args=[lot_code])}
    try:
        _p, first, last, use = selectors.parking_use(
            actor, lot_code, date_from=data.get("date_from"), date_to=data.get("date_to")
        )
    except ValidationFailed:
        first = last = None
        use = []
    extra |= {
        "use_from": first,
        "use_to": last,
        "use": [
            {
                "window": r.window,
                "group": r.group_label,
                "entries": r.entries,
                "hours": _minutes_text(r.minutes),
                "overstays": r.overstays,
                "fees": yuan(r.fees_fen),
                "unmatched": r.unmatched_exits,
            }
            for r in use
        ],
        "chart": {
            "labels": [f"{r.window} · {r.group_label}" for r in use],
            "series": [
                {"name": _("Entries"), "data": [r.entries for r in use]},
                {"name": _("Overstays"), "data": [r.overstays for r in use]},
            ],
        },
        "windows": [
            {
                "name": w.name,
                "group": GROUP_LABELS[w.group],
                "days": DAY_KIND_LABELS[w.days],
                "hours": window_hours(w.starts, w.ends),
                "fee": fee_text(w.fee_fen_per_hour),
            }
            for w in parking.windows.order_by("starts", "id")
        ],
        "terms": list(parking.terms.order_by("starts_on")),
        "gates": [
            {"name": g.name, "code": Code(g.code), "active": g.is_active}
            for g in selectors.gates_of(parking)
        ],
        "occupied": selectors.occupancy(lot_code)[0],
        "today": clock.now().astimezone(SHANGHAI).date(),
    }
    return cursor_list_page(
        request,
        title=f"{parking.host} · {parking.lot.name}",
        form=form,
        rows=lambda values: _stays(actor, lot_code, values),
        columns=STAY_COLUMNS,
        export_name=f"parking-stays-{lot_code}",
        template="citymgmt/parking/lot.html",
        extra=extra,
    )
