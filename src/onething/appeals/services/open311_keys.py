"""Keys of Open311 clients: issued by an administrator, shown once, kept as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from ..models import Open311Key

PREFIX = "o311_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def open311_key_issue(
    *, actor: Actor, name: str, secret: str | None = None
) -> tuple[Open311Key, str]:
    """A new key for a client: (the record, the key to hand over once)."""
    require_role(actor, Role.ADMIN)
    if not (name or "").strip() or len(name) > 80:
        raise ValidationFailed.one(
            "name", "required", _("Name the client (at most 80 characters).")
        )
    key = secret or PREFIX + secrets.token_urlsafe(24)
    record = Open311Key.objects.create(name=name.strip(), prefix=key[:12], digest=_digest(key))
    audit_record(
        actor=actor, action="open311_key.issue", subject=record, after={"name": record.name}
    )
    return record, key


def open311_client(key: str) -> Open311Key | None:
    """The active client holding ``key``, or None."""
    if not key:
        return None
    return Open311Key.objects.filter(digest=_digest(key), is_active=True).first()
