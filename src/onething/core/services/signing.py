"""The signing keys of each purpose (``core.models.SigningPurpose``: honour-card codes,
credit transcripts): creating, retiring, the key that signs now, and a key's private half.

Each purpose has its own key set, numbered by ``kid`` from 1 (two bytes in a code, so at
most 0xFFFF). The newest active key of a purpose signs; every key of it not retired
verifies, so rotating is creating a new key and retiring the old one later ends what it
signed. A private key is stored encrypted with the data key ring (label
``<purpose>.signing_key``, which is what the honour cards always used). Every change is
audited and bumps the reference-data cache that ``core.selectors.signing.verify_keys``
reads.

**Who may is the calling app's decision**: these services check no role. The honour cards
let union staff and administrators manage keys (``cards.services.certificates``); the
institute lets its staff and administrators sign transcripts. An app calls these only after
its own ``require_role``."""

from __future__ import annotations

import base64

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from nacl import signing as nacl_signing

from .. import clock, refdata
from ..crypto import keyring
from ..errors import Conflict, InvalidTransition, NotFound
from ..models import SigningKey, SigningPurpose
from ..permissions import Actor
from ..signing import public_key_text
from .audit import audit_record
from .numbering import next_in_sequence

MAX_KID = 0xFFFF  # two bytes in a code


def _purpose(purpose: str) -> str:
    if purpose not in SigningPurpose.values:
        raise ValueError(f"unknown signing purpose {purpose!r}")
    return str(purpose)


def _label(purpose: str) -> str:
    """The associated data of a purpose's private keys (and its numbering sequence)."""
    return f"{purpose}.signing_key"


def _lock(purpose: str) -> None:
    """A row lock until commit on the purpose's counter: one key creation at a time."""
    next_in_sequence(_label(purpose))


def _newest_active(purpose: str) -> SigningKey | None:
    return (
        SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True).order_by("-kid").first()
    )


def _create(actor: Actor, purpose: str, note: str = "") -> SigningKey:
    """A new key under the purpose's next kid; the caller holds the purpose's lock."""
    top = SigningKey.objects.filter(purpose=purpose).aggregate(top=Max("kid"))["top"]
    kid = (top or 0) + 1
    if kid > MAX_KID:
        raise Conflict(_("No key id is left for a new signing key."), code="key_ids_exhausted")
    private = nacl_signing.SigningKey.generate()
    seed = base64.urlsafe_b64encode(bytes(private)).decode()
    key = SigningKey.objects.create(
        purpose=purpose,
        kid=kid,
        public_key=public_key_text(private.verify_key),
        private_key_cipher=keyring().encrypt(seed, _label(purpose)),
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="signing_key.create",
        subject=key,
        after={"purpose": purpose, "kid": key.kid, "public_key": key.public_key},
        note=note,
    )
    refdata.bump()
    return key


@transaction.atomic
def signing_key_create(*, actor: Actor, purpose: str) -> SigningKey:
    """A new Ed25519 key of ``purpose`` under its next key id. From now on it signs; the
    purpose's older unretired keys still verify what they signed. No role check (the
    calling app's)."""
    purpose = _purpose(purpose)
    _lock(purpose)
    return _create(actor, purpose)


@transaction.atomic
def signing_key_retire(*, actor: Actor, purpose: str, kid: int) -> SigningKey:
    """Retire key ``kid`` of ``purpose``: what it signed no longer verifies. Refused for an
    unknown key (404), one already retired (409) and the purpose's only active key (409:
    create its successor first). No role check (the calling app's)."""
    purpose = _purpose(purpose)
    # lock every active key of the purpose: two concurrent retirements cannot leave none
    active = list(
        SigningKey.objects.select_for_update()
        .filter(purpose=purpose, retired_at__isnull=True)
        .order_by("kid")
    )
    key = next((k for k in active if k.kid == kid), None)
    if key is None:
        if SigningKey.objects.filter(purpose=purpose, kid=kid).exists():
            raise InvalidTransition(
                _("Signing key %(kid)s is already retired.") % {"kid": kid},
                code="key_already_retired",
                details={"kid": kid},
            )
        raise NotFound(_("There is no signing key %(kid)s.") % {"kid": kid}, details={"kid": kid})
    if len(active) == 1:
        raise Conflict(
            _("Key %(kid)s is the only active signing key: create a new key before retiring it.")
            % {"kid": kid},
            code="last_active_key",
            details={"kid": kid},
        )
    key.retired_at = clock.now()
    key.save(update_fields=["retired_at"])
    audit_record(
        actor=actor,
        action="signing_key.retire",
        subject=key,
        before={"retired_at": None},
        after={"purpose": purpose, "retired_at": key.retired_at},
    )
    refdata.bump()
    return key


@transaction.atomic
def signing_key_current(*, actor: Actor, purpose: str) -> SigningKey:
    """The key that signs ``purpose`` now: its newest active key. The purpose's very first
    signature creates its first key (once, however many ask at the same time)."""
    purpose = _purpose(purpose)
    key = _newest_active(purpose)
    if key is not None:
        return key
    _lock(purpose)
    return _newest_active(purpose) or _create(
        actor, purpose, note="the first signing key, made for the first signature"
    )


def private_key(key: SigningKey) -> nacl_signing.SigningKey:
    """The key's private half, decrypted (to sign with; never shown nor stored in clear)."""
    seed = keyring().decrypt(key.private_key_cipher, _label(key.purpose))
    return nacl_signing.SigningKey(base64.urlsafe_b64decode(seed))
