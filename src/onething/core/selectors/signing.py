"""Reads of the signing keys: the public keys a purpose verifies with. Public data (no
private half is ever read here), so there is no actor: the honour cards' gates and the
universities checking a transcript download them unauthenticated."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import QuerySet
from nacl.signing import VerifyKey

from .. import refdata
from ..models import SigningKey
from ..signing import verify_key


@lru_cache(maxsize=64)
def _verify_key(text: str) -> VerifyKey:
    return verify_key(text)


def _active(purpose: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True)
        .order_by("kid")
        .values_list("kid", "public_key")
    )


def verify_keys(purpose: str) -> dict[int, VerifyKey]:
    """Every active (unretired) key of ``purpose`` by kid: what its signatures are checked
    with (cached as reference data; the services bump it on every key change)."""
    pairs = refdata.cached(f"core:signing-keys:{purpose}", lambda: _active(purpose))
    return {kid: _verify_key(text) for kid, text in pairs}


def signing_keys_list(*, purpose: str, include_retired: bool = False) -> QuerySet[SigningKey]:
    """The keys of ``purpose``, newest first: the active ones, or every one with
    ``include_retired``. Read only their public fields out (``kid``, ``public_key``,
    ``created_at``, ``retired_at``)."""
    keys = SigningKey.objects.filter(purpose=purpose).order_by("-kid")
    return keys if include_retired else keys.filter(retired_at__isnull=True)
