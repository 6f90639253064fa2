"""Encryption of personal data at rest: AES-256-GCM with a key ring (the first key encrypts,
every key decrypts, so keys can be rotated), and a keyed hash (HMAC-SHA256, the "blind
index") for exact lookup without decrypting. Keys come from settings (see docs/deploy.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _b64key(text: str, name: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes (base64 of 32 random bytes).")
    return key


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, bytes]
    index_key: bytes

    @classmethod
    def parse(cls, data_keys: str, index_key: str) -> KeyRing:
        if not data_keys or not index_key:
            raise ImproperlyConfigured(
                "ONETHING_DATA_KEYS and ONETHING_INDEX_KEY must be set "
                "(`python -m onething initenv` writes development keys to .env)."
            )
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in data_keys.split(","):
            kid, _, value = item.strip().partition(":")
            if not kid or not value or "$" in kid:
                raise ImproperlyConfigured("ONETHING_DATA_KEYS items look like '<id>:<base64>'.")
            keys[kid] = _b64key(value, f"ONETHING_DATA_KEYS[{kid}]")
            order.append(kid)
        return cls(order[0], keys, _b64key(index_key, "ONETHING_INDEX_KEY"))

    def encrypt(self, plaintext: str, label: str) -> str:
        """``<key id>$<base64(nonce + ciphertext)>``; ``label`` (e.g. "person.id_number")
        is bound as associated data, so a value cannot be moved to another column."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.current_id]).encrypt(
            nonce, plaintext.encode(), label.encode()
        )
        return f"{self.current_id}${base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, label: str) -> str:
        kid, _, body = token.partition("$")
        if kid not in self.keys:
            raise ImproperlyConfigured(f"No data key with id {kid!r} to decrypt with.")
        raw = base64.b64decode(body)
        return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], label.encode()).decode()

    def digest(self, value: str, label: str) -> str:
        return hmac.new(self.index_key, f"{label}\0{value}".encode(), hashlib.sha256).hexdigest()


@cache
def keyring() -> KeyRing:
    return KeyRing.parse(settings.ONETHING_DATA_KEYS, settings.ONETHING_INDEX_KEY)


@dataclass(frozen=True)
class Sealed:
    cipher: str
    digest: str
    masked: str


def seal(value: str, label: str, masked: str) -> Sealed:
    ring = keyring()
    return Sealed(ring.encrypt(value, label), ring.digest(value, label), masked)


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
