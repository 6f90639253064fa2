"""Reads of the credit transcripts: the transcripts a person sees
(the institute's staff: their institute's; a student: their own; a university's registrar:
those issued to their university — another's is a 404), one transcript with the passed
courses its agreement did not count (a partial transfer), the public keys, and the
verification of a token (offline: its form, key and signature; online: whether it was
revoked, and since when)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.models import SigningKey, SigningPurpose
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.signing import signing_keys_list, verify_keys

from ..models import Grade, Transcript, University
from ..rules import transcript_token as token_rules
from ..rules.statuses import TRANSCRIPT_LIVE, TRANSCRIPT_REVOKED
from .catalogue.records import partner_universities

PURPOSE = SigningPurpose.TRAINING
LIVE, REVOKED = TRANSCRIPT_LIVE, TRANSCRIPT_REVOKED
# the verification's answers: the offline check's, then ``revoked`` (online) and
# ``unknown`` (signed by our key, yet no transcript of ours has its serial)
STATUSES = (
    token_rules.VALID,
    REVOKED,
    token_rules.BAD_SIGNATURE,
    token_rules.UNKNOWN_KEY,
    token_rules.MALFORMED,
    "unknown",
)


def transcripts_list(
    actor: Actor,
    *,
    status: str = "",
    university: int | None = None,
    cohort: str = "",
    q: str = "",
) -> QuerySet[Transcript]:
    """The transcripts the actor sees, newest first (keyset on issued, id)."""
    rows = visible(actor, Transcript.objects.all()).select_related(
        "enrolment__person", "enrolment__cohort", "university", "agreement", "key"
    )
    if status == LIVE:
        rows = rows.filter(revoked_at__isnull=True)
    elif status == REVOKED:
        rows = rows.filter(revoked_at__isnull=False)
    if university:
        rows = rows.filter(university_id=university)
    if cohort:
        rows = rows.filter(enrolment__cohort__code=cohort)
    if q:
        text = q.strip()
        rows = rows.filter(
            Q(number=text) | Q(enrolment__number=text) | Q(enrolment__person__name=text)
        )
    return rows.order_by("-issued_at", "-id")


def transcript_get(actor: Actor, number: str) -> Transcript:
    """One transcript the actor sees (404 otherwise: another university's too)."""
    return get_visible(
        actor,
        Transcript.objects.select_related(
            "enrolment__person",
            "enrolment__cohort__programme__institute",
            "enrolment__track",
            "university",
            "agreement",
            "key",
            "issued_by",
        ),
        number=number,
    )


def transcript_lines(transcript: Transcript) -> list:
    return list(transcript.lines.select_related("course").order_by("course__code"))


def not_counted(transcript: Transcript) -> list[Grade]:
    """The courses the student passed that this transcript does not carry (the agreement
    does not count them): a partial transfer shows them."""
    carried = transcript.lines.values_list("course_id", flat=True)
    return list(
        Grade.objects.filter(enrolment_id=transcript.enrolment_id, passed=True)
        .exclude(course_id__in=carried)
        .select_related("course")
        .order_by("course__code")
    )


def public_keys(*, include_retired: bool = False) -> QuerySet[SigningKey]:
    """The transcripts' public keys (newest first)."""
    return signing_keys_list(purpose=PURPOSE, include_retired=include_retired)


@dataclass(frozen=True)
class Check:
    """A verification: ``status`` (one of STATUSES), the claims when the signature checked
    out, the transcript on record, and when it was revoked."""

    status: str
    claims: token_rules.Claims | None = None
    transcript: Transcript | None = None

    @property
    def valid(self) -> bool:
        return self.status == token_rules.VALID

    @property
    def revoked_at(self) -> dt.datetime | None:
        return self.transcript.revoked_at if self.transcript is not None else None


def transcript_verify(token: str) -> Check:
    """Check a transcript's token: form, key (known, not retired), signature — what a
    university checks offline — then, online, that it is ours and not revoked. Anybody
    may ask."""
    token = (token or "").strip()
    verdict = token_rules.verify(token, verify_keys(PURPOSE))
    if not verdict.valid:
        return Check(verdict.status)
    found = (
        Transcript.objects.select_related("university", "enrolment")
        .filter(serial=verdict.claims.serial)
        .first()
    )
    if found is None or found.number != verdict.claims.number:
        return Check("unknown", verdict.claims)
    if found.revoked_at is not None:
        return Check(REVOKED, verdict.claims, found)
    return Check(token_rules.VALID, verdict.claims, found)


def status_text(status: str) -> str:
    """A verification's answer in words."""
    words = {
        token_rules.VALID: _("Valid: a genuine credit transcript of the institute, in force."),
        REVOKED: _("Not valid: the institute has revoked this transcript."),
        token_rules.BAD_SIGNATURE: _(
            "Not valid: the transcript has been altered (its signature does not match)."
        ),
        token_rules.UNKNOWN_KEY: _(
            "Not valid: it was signed with a key that is unknown or has been retired."
        ),
        token_rules.MALFORMED: _("This is not a credit transcript's signed text."),
        "unknown": _("Not valid: the institute has no record of this transcript."),
    }
    return str(words.get(status, status))


def universities_for_issue(enrolment, day: dt.date) -> list[University]:
    """The universities a transcript of this student may go to: their own first, then
    every university with an agreement of the institute in force on ``day``."""
    institute_id = enrolment.cohort.programme.institute_id
    others = partner_universities(day, institute_id=institute_id).exclude(
        pk=enrolment.university_id
    )
    return [enrolment.university, *others]
