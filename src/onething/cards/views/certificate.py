"""The digital certificate's pages: the honoree's own certificate with its QR code (their
"my card" page: where the card works, the green channel and the dining offers included, and
their latest visits there), and the public scan page that says whether a code holds and
names the holder only as much as a check at a gate needs (masked name, level, photo).

The QR carries the bare code (``LM1.…``), which is what the gates read. A phone's camera
therefore shows text, not a link; the certificate page gives the scan page's link
(``/honour/verify/?code=…``) beside the QR for anyone who wants to check by hand."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from onething.core import clock
from onething.core.errors import Conflict
from onething.core.identity import mask_name
from onething.web.views.base import domain_errors_as_pages, page_actor

from ..models import HonoreeStatus
from ..selectors import certificates as selectors
from ..selectors.desk import funded_by_label, service_label
from ..selectors.places import my_visits, places_for
from ..services.certificates import certificate_mine


def verify_link(request, code: str) -> str:
    return request.build_absolute_uri(f"{reverse('honour-verify')}?{urlencode({'code': code})}")


@login_required
@never_cache
@domain_errors_as_pages
def my_certificate(request):
    """我的数字荣誉证: the honoree's own certificate and its QR code; a current one is issued
    when none is valid. Someone not in the registry is told so (404)."""
    actor = page_actor(request)
    honoree = selectors.honoree_of(actor)
    context = {"title": _("My honour certificate"), "honoree": honoree}
    if honoree is None:
        return render(request, "cards/certificate.html", context, status=404)
    context |= _my_card(actor)
    if honoree.status != HonoreeStatus.ACTIVE:
        return render(request, "cards/certificate.html", context | {"inactive": True})
    try:
        certificate, code = certificate_mine(actor=actor)
    except Conflict:  # the status changed meanwhile
        return render(request, "cards/certificate.html", context | {"inactive": True})
    context |= {
        "certificate": certificate,
        "code": code,
        "qr": mark_safe(selectors.qr_svg(code)),  # our own SVG of base64url text
        "verify_link": verify_link(request, code),
    }
    return render(request, "cards/certificate.html", context)


VISITS_SHOWN = 5


def _my_card(actor) -> dict:
    """Where the card works (by scene) and the latest visits at the desks."""
    visits = [
        {
            "at": v.at,
            "venue": v.venue.name,
            "service": service_label(v.service),
            "bill_fen": v.bill_fen,
            "discount_fen": v.discount_fen,
            "funded_by": funded_by_label(v.funded_by),
        }
        for v in my_visits(actor)[:VISITS_SHOWN]
    ]
    return {"places": places_for(actor), "visits": visits}


def verify(request):
    """扫码可识: the public check of a code (``?code=LM1.…``). Only the masked name, the
    level, the photo if any, valid or not and why; never the ID number, phone or work unit.
    A malformed code answers 400, any other refusal 200 with its reason."""
    code = (request.GET.get("code") or "").strip()
    context = {"title": _("Check an honour certificate"), "code": code}
    if not code:
        return render(request, "cards/scan.html", context)
    check = selectors.code_verify(code)
    honoree = check.honoree
    context |= {
        "checked": True,
        "valid": check.valid,
        "reason": check.reason,
        "reason_text": selectors.reason_text(check.reason),
        "checked_at": clock.now(),
    }
    if honoree is not None:
        context |= {
            "holder": mask_name(honoree.person.name),
            "level": honoree.get_level_display(),
            "photo_url": honoree.photo.url if honoree.photo else "",
            "expires_at": check.verdict.claims.expires,
        }
    status = 400 if check.reason == "malformed" else 200
    return render(request, "cards/scan.html", context, status=status)
