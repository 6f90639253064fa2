"""一人一码: the compact signed personal code.

Layout (big-endian), then an Ed25519 signature over it (64 bytes), the whole encoded in
base64url without padding and prefixed ``LM1.`` so a scanner knows what it read::

    version (1) | kid (2) | serial (8) | honoree (4) | level (1) | issued (4) | expires (4)

Times are Unix seconds. A gate holding the public keys verifies offline; the revocation
list (serials) is downloaded with the keys."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Container, Mapping
from dataclasses import dataclass

from nacl.signing import SigningKey, VerifyKey

from onething.core.signing import SIGNATURE_BYTES, b64, sign, signature_ok, unb64

PREFIX = "LM1."
VERSION = 1
LAYOUT = struct.Struct(">BHQIBII")
SIGNATURE = SIGNATURE_BYTES
LEVELS = ("national", "provincial", "municipal", "treated")


@dataclass(frozen=True)
class Claims:
    kid: int
    serial: int
    honoree: int
    level: str
    issued: dt.datetime
    expires: dt.datetime


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str  # ok | malformed | unknown_key | bad_signature | expired | not_yet_valid | revoked
    claims: Claims | None = None


def _seconds(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _moment(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def encode(claims: Claims, key: SigningKey) -> str:
    body = LAYOUT.pack(
        VERSION,
        claims.kid,
        claims.serial,
        claims.honoree,
        LEVELS.index(claims.level),
        _seconds(claims.issued),
        _seconds(claims.expires),
    )
    return PREFIX + b64(sign(body, key) + body)


def decode(code: str) -> Claims | None:
    """The claims of a well-formed code, unverified (None when malformed)."""
    if not isinstance(code, str) or not code.startswith(PREFIX) or len(code) > 200:
        return None
    try:
        raw = unb64(code[len(PREFIX) :])
    except ValueError:
        return None
    if len(raw) != SIGNATURE + LAYOUT.size:
        return None
    version, kid, serial, honoree, level, issued, expires = LAYOUT.unpack(raw[SIGNATURE:])
    if version != VERSION or level >= len(LEVELS):
        return None
    return Claims(kid, serial, honoree, LEVELS[level], _moment(issued), _moment(expires))


def verify(
    code: str,
    keys: Mapping[int, VerifyKey],
    *,
    now: dt.datetime,
    revoked: Container[int] = (),
) -> Verdict:
    """Check a code offline: its form, its key (known and not retired), its signature, its
    validity period and the revocation list."""
    claims = decode(code)
    if claims is None:
        return Verdict(False, "malformed")
    key = keys.get(claims.kid)
    if key is None:
        return Verdict(False, "unknown_key", claims)
    raw = unb64(code[len(PREFIX) :])
    if not signature_ok(raw[SIGNATURE:], raw[:SIGNATURE], key):
        return Verdict(False, "bad_signature", claims)
    if now < claims.issued - dt.timedelta(minutes=5):
        return Verdict(False, "not_yet_valid", claims)
    if now >= claims.expires:
        return Verdict(False, "expired", claims)
    if claims.serial in revoked:
        return Verdict(False, "revoked", claims)
    return Verdict(True, "ok", claims)
