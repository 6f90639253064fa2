"""Ed25519 signing (PyNaCl), pure: no database. The one way the platform signs what it hands
out to be checked offline (honour-card codes, credit transcripts) and spells keys and
signatures in text.

- text: :func:`b64` / :func:`unb64`, base64url without padding, one spelling per value;
- keys: :func:`public_key_text` / :func:`verify_key`, a public key as that text;
- signatures: :func:`sign` (64 bytes over a body) and :func:`signature_ok`.

The keys themselves (a purpose's key set, rotation, the encrypted private halves) are
``core.models.SigningKey``, written by ``core.services.signing`` and read by
``core.selectors.signing``; each app lays out its own signed body (cards:
``cards/rules/codes.py``)."""

from __future__ import annotations

import base64
import re

from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import SigningKey, VerifyKey

SIGNATURE_BYTES = 64
PUBLIC_KEY_BYTES = 32
_URLSAFE = re.compile(r"[A-Za-z0-9_-]*")


def b64(data: bytes) -> str:
    """``data`` in base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    """The bytes of a canonical unpadded base64url text, else ValueError: one value has one
    spelling (no '+', '/', padding or stray trailing bits that decode alike)."""
    if not isinstance(text, str) or not _URLSAFE.fullmatch(text):
        raise ValueError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64(raw) != text:
        raise ValueError("not canonical")
    return raw


def public_key_text(key: VerifyKey) -> str:
    """A public key as text: its 32 bytes in base64url."""
    return b64(bytes(key))


def verify_key(text: str) -> VerifyKey:
    """The public key a text spells (ValueError unless canonical and 32 bytes)."""
    raw = unb64(text)
    if len(raw) != PUBLIC_KEY_BYTES:
        raise ValueError("a public key is 32 bytes")
    return VerifyKey(raw)


def sign(body: bytes, key: SigningKey) -> bytes:
    """The Ed25519 signature of ``body`` (64 bytes; deterministic: the same every time)."""
    return key.sign(body).signature


def signature_ok(body: bytes, signature: bytes, key: VerifyKey) -> bool:
    """Whether ``signature`` is ``key``'s signature of ``body``."""
    if len(signature) != SIGNATURE_BYTES:
        return False
    try:
        key.verify(body, signature)
    except (BadSignatureError, NaclValueError):
        return False
    return True
