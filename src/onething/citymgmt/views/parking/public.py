"""The public page of a shared car park (anonymous): its windows as today's timeline,
whether today is a school day, whom it is for now and the cars in (polled from the API by
static/citymgmt/parking_live.js); and a citizen's own pages: registering a plate (every
problem at once, the proof kept across a refusal, the name and phone of the account's
person filled in) and their registrations."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.crypto import keyring
from onething.core.errors import Conflict, FieldProblem, ValidationFailed
from onething.core.forms import problems_on
from onething.core.identity import PII_FIELDS
from onething.core.kept_uploads import KeptUpload, user_owner
from onething.core.models import Person, Role
from onething.core.numbers import yuan
from onething.core.permissions import Actor, require_role
from onething.web.display import local
from onething.web.listing import Column, cursor_list_page
from onething.web.views.base import domain_errors_as_pages, page_actor

from ...models import SharedParking
from ...rules.parking import DAY_KIND_LABELS, GROUP_LABELS, window_hours
from ...rules.parking_plan import SHANGHAI
from ...selectors import parking as selectors
from ...services.parking import plate_register
from ...services.parking.registrations import KEPT_PROOFS
from .common import registration_mark
from .forms import PlateRegistrationForm

DAY_MINUTES = 1440


def fee_text(fen: int) -> str:
    return _("free") if not fen else _("%(y)s an hour") % {"y": yuan(fen)}


def timeline_rows(status: selectors.PublicStatus) -> list[dict]:
    """Today's stretches with their share of the day (for the bar) and their hours."""
    midnight = dt.datetime.combine(status.today, dt.time(), tzinfo=SHANGHAI)
    rows = []
    for segment in status.timeline:
        start = int((segment.start - midnight).total_seconds() // 60)
        end = int((segment.end - midnight).total_seconds() // 60)
        fee = (
            segment.window.fee_fen_per_hour
            if segment.window
            else (status.parking.public_fee_fen_per_hour if segment.group == "public" else 0)
        )
        rows.append(
            {
                "group": segment.group,
                "label": GROUP_LABELS[segment.group],
                "window": segment.window.name if segment.window else "",
                "hours": f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}",
                "share": f"{(end - start) * 100 / DAY_MINUTES:.3f}",
                "fee": fee_text(fee),
                "now": segment.start <= status.now_at < segment.end,
            }
        )
    return rows


def window_rows(status: selectors.PublicStatus) -> list[dict]:
    return [
        {
            "name": w.name,
            "group": w.group,
            "label": GROUP_LABELS[w.group],
            "days": DAY_KIND_LABELS[w.days],
            "hours": window_hours(w.starts, w.ends),
            "fee": fee_text(w.fee_fen_per_hour),
        }
        for w in status.windows
    ]


@domain_errors_as_pages
def public_page(request, lot_code: str):
    status = selectors.public_status(lot_code)
    parking = status.parking
    context = {
        "title": f"{parking.host} · {parking.lot.name}",
        "parking": parking,
        "status": status,
        "now_label": GROUP_LABELS[status.now_group],
        "timeline": timeline_rows(status),
        "windows": window_rows(status),
        "public_fee": fee_text(parking.public_fee_fen_per_hour),
        "api_url": reverse("api:get_shared_parking", args=[parking.lot.code]),
        "register_url": reverse("city-parking-register", args=[parking.lot.code]),
    }
    return render(request, "citymgmt/parking/public.html", context)


# ---------------------------------------------------------------------- a citizen's pages


def _own_phone(actor: Actor, typed: str) -> str:
    """The number typed, or — when the input still shows the account's own masked number —
    the account's own number (used, never shown)."""
    person = actor.person
    if person is None and actor.person_id:
        person = Person.objects.filter(pk=actor.person_id).first()
    if person is not None and person.phone_cipher and typed.strip() == person.phone_masked:
        return keyring().decrypt(person.phone_cipher, PII_FIELDS["phone"])
    return typed


def _initial(actor: Actor) -> dict:
    person = Person.objects.filter(pk=actor.person_id).first() if actor.person_id else None
    if person is None:
        return {}
    return {"holder_name": person.name, "holder_phone": person.phone_masked}


SENT_ALREADY = gettext_lazy(
    "This form was sent already, with other content (after going back?). Check it and send "
    "it again to register."
)


@login_required
@domain_errors_as_pages
def register_page(request, lot_code: str):
    actor = page_actor(request)
    require_role(actor, Role.APPLICANT)
    parking = selectors.shared_parking_get(lot_code)
    form = PlateRegistrationForm(
        request.POST or None, request.FILES or None, initial=_initial(actor)
    )
    kept: KeptUpload | None = None
    status = 200
    if request.method == "POST":
        status = 422
        form.is_valid()  # its inputs are plain: the service checks them, all at once
        kept, kept_problems = KEPT_PROOFS.kept_one(
            owner=user_owner(actor),
            token=request.POST.get("proof.kept") or "",
            removed=bool(request.POST.get("proof.remove")),
        )
        chosen = request.FILES.get("proof")
        limit = settings.ONETHING_UPLOAD_MAX_BYTES + 1  # one more: to say it is too large
        proof = (chosen.name or "proof", chosen.read(limit)) if chosen else None
        if proof is None and kept is not None:
            proof = (kept.name, kept.data)
        post = request.POST
        try:
            registration, _created = plate_register(
                actor=actor,
                lot_code=parking.lot.code,
                plate=post.get("plate", ""),
                group=post.get("group", ""),
                holder_name=post.get("holder_name", ""),
                holder_phone=_own_phone(actor, post.get("holder_phone", "")),
                proof_name=proof[0] if proof else "",
                proof_data=proof[1] if proof else None,
                proof_note=post.get("proof_note", ""),
                idempotency_key=post.get("idempotency_key") or None,
            )
        except ValidationFailed as error:
            problems = list(error.problems)
            if kept_problems:  # "expired" says more than "required"
                problems = [p for p in problems if p.field != "proof"] + kept_problems
            problems_on(form, problems)
            if chosen is not None and not any(p.field == "proof" for p in problems):
                kept = KEPT_PROOFS.keep(owner=user_owner(actor), name=proof[0], data=proof[1])
        except Conflict as error:
            if error.code == "idempotency_key_reused":
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex
                problems_on(form, [FieldProblem("form", error.code, str(SENT_ALREADY))])
            else:
                problems_on(form, [FieldProblem("plate", error.code, error.message)])
            status = 409
        else:
            messages.success(
                request,
                _("Plate %(p)s is registered; the staff check the proof next.")
                % {"p": registration.plate},
            )
            return redirect("city-parking-mine")
    return render(
        request,
        "citymgmt/parking/register.html",
        {
            "title": _("Register a plate at %(h)s") % {"h": parking.host},
            "parking": parking,
            "form": form,
            "kept": kept,
            "refused": status != 200,
            "public_url": reverse("city-parking-public", args=[parking.lot.code]),
        },
        status=status,
    )


def mine_link(registration) -> str:
    return reverse("city-parking-public", args=[registration.parking.lot.code])


MINE_COLUMNS = [
    Column(gettext_lazy("Car park"), lambda r: r.parking.host, mine_link),
    Column(gettext_lazy("Plate number"), lambda r: r.plate),
    Column(gettext_lazy("Registered as"), lambda r: GROUP_LABELS[r.group]),
    Column(gettext_lazy("Status"), registration_mark),
    Column(gettext_lazy("Valid until"), lambda r: r.valid_until or ""),
    Column(gettext_lazy("Review note"), lambda r: r.review_note),
    Column(gettext_lazy("Registered"), lambda r: local(r.created_at)),
]


class _NoFilter(forms.Form):
    pass


@login_required
@domain_errors_as_pages
def mine_page(request):
    actor = page_actor(request)
    parkings = [
        (p.host, reverse("city-parking-register", args=[p.lot.code]))
        for p in SharedParking.objects.select_related("lot").order_by("lot__code")[:50]
    ]
    return cursor_list_page(
        request,
        title=_("My plate registrations"),
        form=_NoFilter(request.GET or None),
        rows=lambda data: selectors.my_registrations(actor),
        columns=MINE_COLUMNS,
        export_name="my-plate-registrations",
        template="citymgmt/parking/mine.html",
        extra={"parkings": parkings if actor.role == Role.APPLICANT else []},
    )
