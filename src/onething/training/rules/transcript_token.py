"""The signed text of a credit transcript (pure): what the PDF's QR code carries and what a
university checks offline with nothing but the institute's public key.

Layout::

    TR1.<base64url(body)>.<base64url(signature)>

``body`` is canonical JSON — UTF-8, keys sorted, no spaces, no escaped non-ASCII — of::

    {"kid": 1, "serial": 17, "number": "XF2025000017", "institute": "…",
     "student": "魏同学", "student_number": "XY2025S0001", "university": "兰州大学",
     "issued": "2025-09-20", "credits": "5.0",
     "courses": [{"code": "CHIP-101", "name": "AI芯片导论", "counted_as": "…",
                  "score": "86.5", "grade": "86.5", "credits": "2.0"}]}

and ``signature`` is the Ed25519 signature (64 bytes) of those exact bytes by the key
``kid`` of core's signing keys of purpose ``training`` (base64url without padding, as the
keys are published at ``GET /api/training/transcript-keys``). Numbers that are amounts
(scores, credits) are decimal strings, so every reader reads them alike. To verify offline:
split on ".", decode both parts, check the signature of the body with the public key of
``kid``, then read the body as JSON. Whether a transcript was revoked since is asked online
(``GET /api/training/transcripts/verify``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from onething.core.signing import b64, sign, signature_ok, unb64

PREFIX = "TR1."
MAX_LENGTH = 12_000  # a transcript of every course of a track stays far below
SIGNATURE_BYTES = 64

# verdicts of the offline check; revocation is the online check's (``revoked``)
VALID, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE = "valid", "malformed", "unknown_key", "bad_signature"

COURSE_KEYS = ("code", "name", "counted_as", "score", "grade", "credits")
CLAIM_KEYS = (
    "kid",
    "serial",
    "number",
    "institute",
    "student",
    "student_number",
    "university",
    "issued",
    "credits",
    "courses",
)


@dataclass(frozen=True)
class CourseLine:
    code: str
    name: str
    counted_as: str
    score: str  # "86.5"
    grade: str  # converted: "86.5", "良", "通过", "3.7"
    credits: str  # the university's credits: "2.0"


@dataclass(frozen=True)
class Claims:
    kid: int
    serial: int
    number: str
    institute: str
    student: str
    student_number: str
    university: str
    issued: dt.date
    credits: str
    courses: tuple[CourseLine, ...]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued"] = self.issued.isoformat()
        data["courses"] = [asdict(c) for c in self.courses]
        return data


@dataclass(frozen=True)
class Verdict:
    status: str  # valid | malformed | unknown_key | bad_signature
    claims: Claims | None = None

    @property
    def valid(self) -> bool:
        return self.status == VALID


def body_of(claims: Claims) -> bytes:
    """The canonical bytes that are signed."""
    text = json.dumps(claims.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def encode(claims: Claims, key) -> str:
    """The token of ``claims`` signed by ``key`` (a nacl SigningKey)."""
    body = body_of(claims)
    return f"{PREFIX}{b64(body)}.{b64(sign(body, key))}"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text expected")
    return value


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("whole number expected")
    return value


def _claims(data: Any) -> Claims:
    if not isinstance(data, dict) or set(data) != set(CLAIM_KEYS):
        raise ValueError("claims expected")
    lines = data["courses"]
    if not isinstance(lines, list):
        raise ValueError("courses expected")
    courses = []
    for line in lines:
        if not isinstance(line, dict) or set(line) != set(COURSE_KEYS):
            raise ValueError("course expected")
        courses.append(CourseLine(**{k: _text(line[k]) for k in COURSE_KEYS}))
    return Claims(
        kid=_number(data["kid"]),
        serial=_number(data["serial"]),
        number=_text(data["number"]),
        institute=_text(data["institute"]),
        student=_text(data["student"]),
        student_number=_text(data["student_number"]),
        university=_text(data["university"]),
        issued=dt.date.fromisoformat(_text(data["issued"])),
        credits=_text(data["credits"]),
        courses=tuple(courses),
    )


def decode(token: Any) -> tuple[Claims, bytes, bytes] | None:
    """The claims of a well-formed token with its body and signature, unverified (None
    when malformed: not ``TR1.``, not base64url, not canonical JSON of the layout)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > MAX_LENGTH:
        return None
    parts = token[len(PREFIX) :].split(".")
    if len(parts) != 2:
        return None
    try:
        body, signature = unb64(parts[0]), unb64(parts[1])
        if len(signature) != SIGNATURE_BYTES:
            return None
        claims = _claims(json.loads(body.decode("utf-8")))
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    if body_of(claims) != body:  # one transcript, one spelling
        return None
    return claims, body, signature


def verify(token: Any, keys: Mapping[int, Any]) -> Verdict:
    """The offline check: its form, its key (``keys``: kid → nacl VerifyKey), its
    signature."""
    decoded = decode(token)
    if decoded is None:
        return Verdict(MALFORMED)
    claims, body, signature = decoded
    key = keys.get(claims.kid)
    if key is None:
        return Verdict(UNKNOWN_KEY, claims)
    if not signature_ok(body, signature, key):
        return Verdict(BAD_SIGNATURE, claims)
    return Verdict(VALID, claims)
