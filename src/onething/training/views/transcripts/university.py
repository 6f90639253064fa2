"""A university's pages (its registrar, role ``university``): the transcripts issued to it
(filters, keyset pages, export) and one of them with its PDF and its verification —
another university's transcript is a 404."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core.models import Role
from onething.core.permissions import require_role
from onething.web.listing import cursor_list_page
from onething.web.views.base import page_actor

from ...models import Transcript, University
from ...scopes import university_id_of
from ...selectors import transcripts as selectors
from ..common import signed_in
from . import forms as f
from .common import transcript_columns, transcript_context

ROLES = (Role.UNIVERSITY,)


def received_link(transcript: Transcript) -> str:
    return reverse("training-university-transcript", args=[transcript.number])


COLUMNS = transcript_columns(received_link, university=False)


@signed_in
def university_page(request):
    actor = page_actor(request)
    require_role(actor, *ROLES)
    university = University.objects.filter(pk=university_id_of(actor)).first()
    return cursor_list_page(
        request,
        title=_("Transcripts received by %(u)s")
        % {"u": university.name if university else _("your university")},
        form=f.TranscriptFilter(request.GET or None),
        rows=lambda data: selectors.transcripts_list(
            actor, status=data.get("status") or "", q=data.get("q") or ""
        ),
        columns=COLUMNS,
        export_name="transcripts-received",
        extra={"verify_url": reverse("training-verify")},
        template="training/transcripts/university.html",
    )


@signed_in
def university_transcript_page(request, number: str):
    actor = page_actor(request)
    require_role(actor, *ROLES)
    transcript = selectors.transcript_get(actor, number)  # another university's: 404
    context = {
        **transcript_context(transcript),
        "title": _("The credit transcript of %(name)s")
        % {"name": transcript.enrolment.person.name},
        "staff": False,
        "back_url": reverse("training-university"),
    }
    return render(request, "training/transcripts/detail.html", context)
