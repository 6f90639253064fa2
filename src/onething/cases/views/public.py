"""Public pages, no sign-in: a licence's verification (its QR code leads here) and tracking
a case by its number and the applicant's ID number."""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from onething.core.errors import NotFound
from onething.core.identity import mask_name
from onething.web.views.base import domain_errors_as_pages

from ..forms import TrackForm
from ..selectors.cases import case_deadline_state, case_track, licence_by_code, licence_validity
from . import common as c

TRACK_ATTEMPTS = 10  # failed look-ups per address within TRACK_WINDOW seconds
TRACK_WINDOW = 600


@domain_errors_as_pages
def licence_verify(request, code: str):
    licence = licence_by_code(code)
    holder = licence.holder_name if licence.holder_enterprise_id else mask_name(licence.holder_name)
    return render(
        request,
        "cases/verify.html",
        {
            "title": _("Licence verification"),
            "licence": licence,
            "holder": holder,
            "state": licence_validity(licence),
        },
    )


def _failures_key(request) -> str:
    return f"cases:track-failures:{request.META.get('REMOTE_ADDR', '-')}"


def track(request):
    """A walk-in's case by number and the last six characters of the ID number: its status
    and deadline only. Repeated failures from one address are slowed down (429)."""
    form = TrackForm(request.POST or None)
    context = {"title": _("Track a case"), "form": form, "case": None}
    if request.method != "POST":
        return render(request, "cases/track.html", context)
    if cache.get(_failures_key(request), 0) >= TRACK_ATTEMPTS:
        form.is_valid()
        context["blocked"] = True
        return render(request, "cases/track.html", context, status=429)
    if not form.is_valid():
        return render(request, "cases/track.html", context, status=422)
    try:
        case = case_track(form.cleaned_data["number"], form.cleaned_data["id_suffix"])
    except NotFound as error:
        key = _failures_key(request)
        cache.add(key, 0, TRACK_WINDOW)
        cache.incr(key)
        form.add_error(None, error.message)
        return render(request, "cases/track.html", context, status=404)
    context |= {
        "case": case,
        "deadline": c.deadline_mark(case),
        "deadline_state": case_deadline_state(case),
        "due": c.due_text(case),
    }
    return render(request, "cases/track.html", context)
