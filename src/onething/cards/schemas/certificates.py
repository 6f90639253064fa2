"""Schemas of the digital certificate (一人一码) and the gates' offline kit."""

import datetime as dt

from ninja import Field

from onething.core.schema import Schema


class SigningKeyOut(Schema):
    kid: int = Field(..., description="The key id every code names")
    public_key: str = Field(..., description="Ed25519 public key, 32 bytes in base64url")
    created_at: dt.datetime
    retired: bool

    @staticmethod
    def resolve_retired(obj) -> bool:
        return obj.retired_at is not None


class RevocationListOut(Schema):
    generated_at: dt.datetime
    serials: list[int] = Field(
        ...,
        description="Serials of unexpired certificates that no longer hold: revoked, or of an "
        "honoree no longer active. A gate refuses a code whose serial is listed.",
    )


class CertificateOut(Schema):
    serial: int
    honoree_id: int
    kid: int
    level: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str

    @staticmethod
    def resolve_kid(obj) -> int:
        return obj.key.kid


class IssuedOut(CertificateOut):
    code: str = Field(..., description="The signed personal code (LM1.…) the QR carries")


class IssueIn(Schema):
    honoree_id: int
    valid_days: int = Field(365, ge=1, le=3650)


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class MineOut(Schema):
    serial: int
    code: str = Field(..., description="The signed personal code (LM1.…) the QR carries")
    expires_at: dt.datetime
    qr_svg: str = Field(..., description="The QR code of the code, an inline SVG element")


class VerifyOut(Schema):
    valid: bool
    reason: str = Field(
        ...,
        description="ok, malformed, unknown_key, bad_signature, not_yet_valid, expired, "
        "revoked, unknown_honoree, honoree_suspended, honoree_deceased or honoree_revoked",
    )
    message: str = Field(..., description="The reason in words")
    holder: str = Field("", description="The holder's masked name (when the signature holds)")
    level: str = ""
    serial: int | None = None
    expires_at: dt.datetime | None = None
