"""The institute staff's transcripts: the list (filters, keyset pages, CSV/.xlsx export)
and one transcript's page (its courses, the passed courses its agreement did not count,
its signed text, the PDF) with its revocation (the reason, confirmed)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.permissions import Actor
from onething.web.listing import cursor_list_page
from onething.web.panels import move_panels, move_posted
from onething.web.views.base import page_actor

from ...models import Transcript, University
from ...scopes import require_staff
from ...selectors import classes as class_selectors
from ...selectors import transcripts as selectors
from ...services import transcripts as services
from ..common import posted, signed_in
from . import forms as f
from .common import transcript_columns, transcript_context


def transcript_link(transcript: Transcript) -> str:
    return reverse("training-transcript", args=[transcript.number])


COLUMNS = transcript_columns(transcript_link, university=True)


@signed_in
def transcripts_page(request):
    actor = page_actor(request)
    require_staff(actor)
    form = f.TranscriptFilter(
        request.GET or None,
        cohorts=list(class_selectors.cohorts_of_staff(actor)[:50]),
        universities=list(
            University.objects.filter(agreements__isnull=False).distinct().order_by("name")[:200]
        ),
    )
    return cursor_list_page(
        request,
        title=_("Credit transcripts"),
        form=form,
        rows=lambda data: selectors.transcripts_list(
            actor,
            status=data.get("status") or "",
            university=data.get("university"),
            cohort=data.get("cohort") or "",
            q=data.get("q") or "",
        ),
        columns=COLUMNS,
        export_name="transcripts",
    )


def _page(request, actor: Actor, transcript: Transcript, bound=None, status: int = 200):
    moves = ["revoke"] if transcript.revoked_at is None else []
    panels = move_panels(
        moves,
        bound,
        {
            "revoke": (
                gettext_lazy("Revoke the transcript"),
                gettext_lazy("Revoke"),
                gettext_lazy(
                    "A revoked transcript no longer verifies; its grades may then be "
                    "corrected and a new one issued."
                ),
                f.RevokeForm,
            )
        },
        url=lambda _move: reverse("training-transcript-revoke", args=[transcript.number]),
        secondary={"revoke"},
    )
    context = {
        **transcript_context(transcript),
        "title": _("The credit transcript of %(name)s")
        % {"name": transcript.enrolment.person.name},
        "student_url": reverse("training-enrolment", args=[transcript.enrolment.number]),
        "panels": panels,
        "refusal": _("Nothing was changed: correct what is marked.") if bound else "",
        "staff": True,
    }
    return render(request, "training/transcripts/detail.html", context, status=status)


@signed_in
def transcript_page(request, number: str):
    actor = page_actor(request)
    require_staff(actor)
    return _page(request, actor, selectors.transcript_get(actor, number))


@posted
def transcript_revoke(request, number: str):
    actor = page_actor(request)
    require_staff(actor)
    transcript = selectors.transcript_get(actor, number)

    def perform(data: dict) -> str:
        services.transcript_revoke(actor=actor, number=number, reason=data["reason"])
        return _("The transcript is revoked.")

    return move_posted(
        request,
        "revoke",
        f.RevokeForm(request.POST, auto_id="revoke-%s"),
        check=lambda: None,
        perform=perform,
        url=transcript_link(transcript),
        refused=lambda bound: _page(request, actor, transcript, bound=bound, status=422),
    )
