"""The public verification of a transcript (anyone: paste its signed text, or follow the
QR code of its PDF to ``/training/verify/<token>/``): valid, revoked (since when), altered,
signed with an unknown key, or not a transcript at all — with what it says when its
signature checked out, the student's name masked and no identity number. And a
transcript's PDF, for whoever may see the transcript (the staff, the student, the
university it was issued to)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from onething.core.identity import mask_name
from onething.web.display import Code, Mark
from onething.web.views.base import page_actor

from ...rules.transcript_token import VALID
from ...selectors import transcripts as selectors
from ...transcript_pdf import transcript_pdf
from ..common import signed_in
from . import forms as f


def _verdict(token: str) -> dict:
    check = selectors.transcript_verify(token)
    claims = check.claims if check.status in (VALID, selectors.REVOKED) else None
    revoked = check.revoked_at
    return {
        "status": check.status,
        "mark": Mark(
            _("Valid") if check.valid else _("Not valid"), "closed" if check.valid else "overdue"
        ),
        "message": selectors.status_text(check.status),
        "revoked_on": f"{timezone.localtime(revoked):%Y-%m-%d}" if revoked else "",
        "claims": claims,
        "student": mask_name(claims.student) if claims else "",
        "number": Code(claims.number) if claims else "",
        "student_number": Code(claims.student_number) if claims else "",
        "token": Code(token[:2000]),
    }


def _page(request, token: str | None, form):
    context = {
        "title": _("Verify a credit transcript"),
        "form": form,
        "verdict": _verdict(token) if token else None,
        "keys_url": "/api/training/transcript-keys",
    }
    return render(request, "training/transcripts/verify.html", context)


@never_cache
def verify_page(request):
    """The form; with ``?token=`` the verdict."""
    form = f.VerifyForm(request.GET or None)
    token = form.cleaned_data["token"].strip() if form.is_bound and form.is_valid() else None
    if token:
        form = f.VerifyForm()
    return _page(request, token, form)


@never_cache
def verify_token_page(request, token: str):
    """What the PDF's QR code leads to."""
    return _page(request, token, f.VerifyForm())


@signed_in
def transcript_pdf_file(request, number: str):
    transcript = selectors.transcript_get(page_actor(request), number)
    body = transcript_pdf(
        transcript,
        selectors.transcript_lines(transcript),
        request.build_absolute_uri(reverse("training-verify-token", args=[transcript.token])),
    )
    answer = HttpResponse(body, content_type="application/pdf")
    answer["Content-Disposition"] = f'inline; filename="{transcript.number}.pdf"'
    return answer
