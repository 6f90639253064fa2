"""The institute's API: credit transcripts. Issuing (the institute's staff, with an
``Idempotency-Key``), the transcripts a person sees (the staff: the institute's; a student:
their own; a registrar: those issued to their university, another's 404), the PDF,
revoking, the public keys and the public verification of a token."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.identity import mask_name
from onething.core.pagination import Mapped
from onething.core.pagination_api import CityPagination
from onething.core.uploads import file_doc

from ..selectors import transcripts as selectors
from ..services import transcripts as services
from ..transcript_pdf import transcript_pdf
from .common import IdempotencyKey, Text, TrainingReasonIn
from .transcripts_schemas import (
    TranscriptDetailOut,
    TranscriptFilter,
    TranscriptIssueIn,
    TranscriptKeyOut,
    TranscriptOut,
    TranscriptVerifyOut,
    transcript_out,
)

router = Router(tags=["training"])

PDF_OPENAPI = file_doc("The transcript as a PDF", "application/pdf")


def verify_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("training-verify-token", args=[token]))


def detail(request, transcript) -> dict:
    missing = selectors.not_counted(transcript)
    return {
        **transcript_out(transcript),
        "lines": [
            {
                "course": line.course.code,
                "course_name": line.course.name,
                "counted_as": line.counted_as,
                "score": line.score,
                "grade": line.grade,
                "credits": line.credits,
            }
            for line in selectors.transcript_lines(transcript)
        ],
        "not_counted": [
            {"course": g.course.code, "course_name": g.course.name, "score": g.score}
            for g in missing
        ],
        "partial": bool(missing),
        "token": transcript.token,
        "verify_url": verify_url(request, transcript.token),
    }


@router.get("/transcript-keys", response=list[TranscriptKeyOut], auth=None)
def list_transcript_keys(request, include_retired: bool = False):
    """The public keys transcripts are signed with (Ed25519, base64url): a university
    verifies a transcript offline with these alone. Public."""
    return list(selectors.public_keys(include_retired=include_retired))


@router.get("/transcripts/verify", response=TranscriptVerifyOut, auth=None)
def verify_transcript(request, token: str = ""):
    """Verify a transcript's signed text (``TR1.…``, as its QR code and PDF carry it):
    ``valid``, ``revoked`` (with ``revoked_on``), ``bad_signature``, ``unknown_key``,
    ``malformed`` or ``unknown``; with what it says (the name masked, no ID number) when
    its signature checked out. Public."""
    check = selectors.transcript_verify(token)
    found = None
    if check.claims is not None and check.status in ("valid", "revoked"):
        claims = check.claims
        found = {
            **claims.as_json(),
            "student": mask_name(claims.student),
            "issued": claims.issued,
        }
    revoked = check.revoked_at
    return {
        "status": check.status,
        "valid": check.valid,
        "message": selectors.status_text(check.status),
        "revoked_on": timezone.localtime(revoked).date() if revoked else None,
        "transcript": found,
    }


@router.post("/transcripts", response={200: TranscriptDetailOut, 201: TranscriptDetailOut})
def issue_transcript(
    request,
    response: HttpResponse,
    payload: TranscriptIssueIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Issue a transcript (the institute's staff) for a student who completed the class, to
    a university (default their own) with an agreement in force today: the passed courses
    the agreement counts. Every problem at once (422): ``university`` ``no_agreement`` /
    ``unknown``, ``courses.<i>`` ``course_not_passed`` / ``course_not_counted`` /
    ``unknown``, ``courses`` ``nothing_to_transfer``. A live transcript of the student at
    that university: 409 ``transcript_exists``; not completed: 409 ``not_completed``. A
    retry with the same ``Idempotency-Key`` answers the first transcript (200)."""
    who = actor(request)
    transcript, created = services.transcript_issue(
        actor=who,
        enrolment_number=payload.enrolment,
        university=payload.university,
        courses=payload.courses,
        idempotency_key=idempotency_key,
    )
    response["Location"] = f"/api/training/transcripts/{transcript.number}"
    return Status(
        201 if created else 200, detail(request, selectors.transcript_get(who, transcript.number))
    )


@router.get("/transcripts", response=list[TranscriptOut])
@paginate(CityPagination)
def list_transcripts(request, filters: Query[TranscriptFilter]):
    """The transcripts you see, newest first."""
    return Mapped(selectors.transcripts_list(actor(request), **filters.dict()), transcript_out)


@router.get("/transcripts/{number}", response=TranscriptDetailOut)
def get_transcript(request, number: Text):
    """One transcript with its lines, the passed courses not counted and its signed text."""
    return detail(request, selectors.transcript_get(actor(request), number))


@router.get("/transcripts/{number}/pdf", openapi_extra=PDF_OPENAPI)
def get_transcript_pdf(request, number: Text):
    """The transcript as a PDF (the font embedded, the QR code of its verification page)."""
    transcript = selectors.transcript_get(actor(request), number)
    body = transcript_pdf(
        transcript, selectors.transcript_lines(transcript), verify_url(request, transcript.token)
    )
    answer = HttpResponse(body, content_type="application/pdf")
    answer["Content-Disposition"] = f'inline; filename="{transcript.number}.pdf"'
    return answer


@router.post("/transcripts/{number}/revoke", response=TranscriptDetailOut)
def revoke_transcript(request, number: Text, payload: TrainingReasonIn):
    """Revoke (the institute's staff) with the reason: it verifies as revoked from now on;
    a new one may be issued. Revoked already: 409 ``invalid_transition``."""
    who = actor(request)
    services.transcript_revoke(actor=who, number=number, reason=payload.reason)
    return detail(request, selectors.transcript_get(who, number))
