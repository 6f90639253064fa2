"""What the transcript pages share: a transcript's page context (its lines, the passed
courses not counted, its state), its state mark and the columns of a list of them (the
staff's, a university's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.web.display import Code, Mark, local
from onething.web.listing import Column

from ...rules.statuses import (
    GRADE_SCHEME_LABELS,
    TRANSCRIPT_LIVE,
    TRANSCRIPT_STATE_LABELS,
    label,
)
from ...selectors import transcripts as selectors


def state_mark(transcript) -> Mark:
    if transcript.revoked_at is not None:
        day = timezone.localtime(transcript.revoked_at)
        return Mark(_("Revoked on %(d)s") % {"d": f"{day:%Y-%m-%d}"}, "overdue")
    return Mark(label(TRANSCRIPT_STATE_LABELS, TRANSCRIPT_LIVE), "closed")


def transcript_context(transcript) -> dict:
    enrolment = transcript.enrolment
    missing = selectors.not_counted(transcript)
    return {
        "transcript": transcript,
        "number": Code(transcript.number),
        "student_number": Code(enrolment.number),
        "state": state_mark(transcript),
        "issued": local(transcript.issued_at),
        "scheme": label(GRADE_SCHEME_LABELS, transcript.agreement.grade_scheme),
        "lines": selectors.transcript_lines(transcript),
        "not_counted": missing,
        "pdf_url": reverse("training-transcript-pdf", args=[transcript.number]),
        "verify_url": reverse("training-verify-token", args=[transcript.token]),
    }


def transcript_columns(link, *, university: bool) -> list[Column]:
    """A list of transcripts: each linked by ``link``; ``university``: with the
    university it went to (the staff's list; a university's own list has no need)."""
    went_to = [Column(gettext_lazy("University"), lambda t: t.university.name)]
    return [
        Column(pgettext_lazy("transcript", "Number"), lambda t: Code(t.number), link),
        Column(gettext_lazy("Student"), lambda t: t.enrolment.person.name),
        Column(gettext_lazy("Student number"), lambda t: Code(t.enrolment.number)),
        Column(gettext_lazy("Cohort"), lambda t: t.enrolment.cohort.name),
        *(went_to if university else []),
        Column(gettext_lazy("Credits"), lambda t: t.total_credits),
        Column(pgettext_lazy("transcript", "Issued"), lambda t: local(t.issued_at)),
        Column(gettext_lazy("Status"), state_mark),
    ]
