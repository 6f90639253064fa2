"""The shapes of the transcripts' API: a transcript with its lines (the university's
credits and converted grades) and the passed courses its agreement did not count, an
issue's input, the public keys, and a verification's answer (with the student's name
masked). Names carry ``Transcript`` so that they stay unique in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field

from onething.core.schema import Schema

from ..rules.statuses import GRADE_SCHEME_LABELS, label
from ..rules.transcripts import transcript_state
from .common import Text


class TranscriptLineOut(Schema):
    course: str = Field(..., description="The institute's course code")
    course_name: str
    counted_as: str = Field(..., description="The university's course it stands for")
    score: Decimal = Field(..., description="The score of 100")
    grade: str = Field(..., description="Converted by the agreement's scheme")
    credits: Decimal = Field(..., description="The university's credits")


class TranscriptOut(Schema):
    number: str
    serial: int
    enrolment: str = Field(..., description="The student number")
    student: str
    cohort: str
    university_id: int
    university: str
    agreement: str = Field(..., description="The agreement's number")
    grade_scheme: str = Field(..., description="percent, five_level, pass_fail or gpa4")
    grade_scheme_label: str
    total_credits: Decimal
    issued_at: dt.datetime
    status: str = Field(..., description="live or revoked")
    revoked_at: dt.datetime | None
    revoked_reason: str
    kid: int = Field(..., description="The signing key (GET /api/training/transcript-keys)")


def transcript_out(transcript) -> dict[str, Any]:
    enrolment = transcript.enrolment
    return {
        "number": transcript.number,
        "serial": transcript.serial,
        "enrolment": enrolment.number,
        "student": enrolment.person.name,
        "cohort": enrolment.cohort.code,
        "university_id": transcript.university_id,
        "university": transcript.university.name,
        "agreement": transcript.agreement.number,
        "grade_scheme": transcript.agreement.grade_scheme,
        "grade_scheme_label": label(GRADE_SCHEME_LABELS, transcript.agreement.grade_scheme),
        "total_credits": transcript.total_credits,
        "issued_at": transcript.issued_at,
        "status": transcript_state(transcript.revoked_at),
        "revoked_at": transcript.revoked_at,
        "revoked_reason": transcript.revoked_reason,
        "kid": transcript.key.kid,
    }


class TranscriptNotCountedOut(Schema):
    course: str
    course_name: str
    score: Decimal


class TranscriptDetailOut(TranscriptOut):
    lines: list[TranscriptLineOut]
    not_counted: list[TranscriptNotCountedOut] = Field(
        ..., description="Passed courses the agreement does not count (a partial transfer)"
    )
    partial: bool = Field(..., description="Some passed courses do not transfer")
    token: str = Field(..., description="The signed text (TR1.…), as the PDF's QR code")
    verify_url: str


class TranscriptIssueIn(Schema):
    enrolment: Text = Field(..., max_length=24, description="The student number")
    university: int | None = Field(
        None, description="The university's id (default: the student's own)"
    )
    courses: list[Any] | None = Field(
        None, description="Course codes (default: every passed course the agreement counts)"
    )


class TranscriptFilter(Schema):
    status: Text = Field("", max_length=10, description="live or revoked")
    university: int | None = Field(None, description="A university's id")
    cohort: Text = Field("", max_length=30, description="A cohort's code")
    q: Text = Field("", max_length=40, description="A transcript or student number, a name")


class TranscriptKeyOut(Schema):
    kid: int
    algorithm: str = "Ed25519"
    public_key: str = Field(..., description="32 bytes, base64url without padding")
    created_at: dt.datetime
    retired_at: dt.datetime | None


class TranscriptVerifiedCourseOut(Schema):
    code: str
    name: str
    counted_as: str
    score: str
    grade: str
    credits: str


class TranscriptVerifiedOut(Schema):
    number: str
    institute: str
    student: str = Field(..., description="The student's name, masked")
    student_number: str
    university: str
    issued: dt.date
    credits: str
    courses: list[TranscriptVerifiedCourseOut]


class TranscriptVerifyOut(Schema):
    status: str = Field(
        ..., description="valid, revoked, bad_signature, unknown_key, malformed or unknown"
    )
    valid: bool
    message: str
    revoked_on: dt.date | None = None
    transcript: TranscriptVerifiedOut | None = Field(
        None, description="What the token says, when its signature checked out"
    )
