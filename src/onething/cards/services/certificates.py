"""数字荣誉证 (一人一码): the certificates, signed with core's signing keys of purpose
``cards`` (``core.services.signing``), and who may manage those keys (union staff and
administrators: core's services check no role).

A certificate's code is not stored: Ed25519 signatures are deterministic, so the code is
signed again from the certificate's row and its key whenever it is shown
(:func:`certificate_code`). The newest unretired key signs; every unretired key verifies,
so rotating is creating a new key, and retiring the old one later ends its codes. Key and
revocation changes bump the reference-data cache that :func:`code_verify
<onething.cards.selectors.certificates.code_verify>` reads."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.errors import (
    Conflict,
    FieldProblem,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from onething.core.models import Role, SigningKey, SigningPurpose
from onething.core.permissions import Actor, get_visible, require_role
from onething.core.services import signing as core_signing
from onething.core.services.audit import audit_record, audit_record_many
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import next_in_sequence

from ..models import Certificate, Honoree, HonoreeStatus
from ..rules import codes

PURPOSE = SigningPurpose.CARDS
CERTIFICATE_SEQUENCE = "cards.certificate"
DEFAULT_VALID_DAYS = 365
MAX_VALID_DAYS = 3650
# An honoree's own page issues a new certificate when theirs has less than this left.
RENEW_BEFORE = dt.timedelta(days=1)
KEEPERS = (Role.UNION_STAFF, Role.ADMIN)  # keys, issuing for anyone, revoking
HONOREE_ROLES = (Role.APPLICANT, Role.AGENT)  # an honoree signs in as a citizen


# -- signing keys (core's, purpose "cards"; who may manage them is decided here) -------------


@transaction.atomic
def signing_key_create(*, actor: Actor) -> SigningKey:
    """A new Ed25519 signing key under the next key id. From now on it signs every new
    certificate; the older unretired keys still verify the codes they signed."""
    require_role(actor, *KEEPERS)
    return core_signing.signing_key_create(actor=actor, purpose=PURPOSE)


@transaction.atomic
def signing_key_retire(*, actor: Actor, kid: int) -> SigningKey:
    """Retire a key: the codes it signed no longer verify (``unknown_key``). The only
    active key cannot be retired (create its successor first)."""
    require_role(actor, *KEEPERS)
    return core_signing.signing_key_retire(actor=actor, purpose=PURPOSE, kid=kid)


# -- certificates -------------------------------------------------------------------------


def certificate_code(certificate: Certificate) -> str:
    """The certificate's code (``LM1.…``), signed again by its key: the same text every time."""
    claims = codes.Claims(
        kid=certificate.key.kid,
        serial=certificate.serial,
        honoree=certificate.honoree_id,
        level=certificate.level,
        issued=certificate.issued_at,
        expires=certificate.expires_at,
    )
    return codes.encode(claims, core_signing.private_key(certificate.key))


def _valid_days_problem(valid_days, limit: int) -> FieldProblem | None:
    if not isinstance(valid_days, int) or isinstance(valid_days, bool):
        return FieldProblem("valid_days", "type", _("A whole number of days is expected."))
    if valid_days < 1:
        return FieldProblem("valid_days", "min", _("At least 1 day."))
    if valid_days > limit:
        return FieldProblem("valid_days", "max", _("At most %(n)s days.") % {"n": limit})
    return None


def _refuse_inactive(honoree: Honoree) -> None:
    if honoree.status != HonoreeStatus.ACTIVE:
        raise Conflict(
            _("The honoree is %(status)s: no certificate can be issued.")
            % {"status": honoree.get_status_display()},
            code="honoree_not_active",
            details={"honoree_id": honoree.pk, "status": honoree.status},
        )


def _issue(actor: Actor, honoree: Honoree, valid_days: int) -> Certificate:
    key = core_signing.signing_key_current(actor=actor, purpose=PURPOSE)
    issued = clock.now().replace(microsecond=0)  # the code carries whole seconds
    certificate = Certificate.objects.create(
        serial=next_in_sequence(CERTIFICATE_SEQUENCE),
        honoree=honoree,
        key=key,
        level=honoree.level,
        issued_at=issued,
        expires_at=issued + dt.timedelta(days=valid_days),
    )
    audit_record(
        actor=actor,
        action="certificate.issue",
        subject=certificate,
        after={
            "serial": certificate.serial,
            "honoree": honoree.pk,
            "kid": key.kid,
            "level": certificate.level,
            "expires_at": certificate.expires_at,
        },
    )
    return certificate


@transaction.atomic
def certificate_issue(
    *,
    actor: Actor,
    honoree_id: int,
    valid_days: int = DEFAULT_VALID_DAYS,
    idempotency_key: str | None = None,
) -> tuple[Certificate, str]:
    """Issue a certificate (一人一码) to an active honoree, signed by the newest active key:
    the certificate and its code. Union staff issue for anyone, for up to ten years; an
    honoree for themselves, for at most a year."""
    require_role(actor, *KEEPERS, *HONOREE_ROLES)
    own = not actor.has_role(*KEEPERS)
    problem = _valid_days_problem(valid_days, DEFAULT_VALID_DAYS if own else MAX_VALID_DAYS)
    if problem:
        raise ValidationFailed([problem])
    honoree = get_visible(actor, Honoree.objects.select_for_update(), pk=honoree_id)
    _refuse_inactive(honoree)
    certificate, _created = idempotent_create(
        actor=actor,
        operation="certificate.issue",
        key=idempotency_key,
        payload={"honoree_id": honoree.pk, "valid_days": valid_days},
        model=Certificate,
        create=lambda: _issue(actor, honoree, valid_days),
    )
    return certificate, certificate_code(certificate)


@transaction.atomic
def certificates_issue_all(*, actor: Actor, valid_days: int = MAX_VALID_DAYS) -> int:
    """一人一码 for the whole registry: a certificate to every active honoree who has no
    current one (not revoked, not expired, of their present level), signed by the newest
    key, in bulk with one audit entry per certificate. Union staff; how many were issued."""
    require_role(actor, *KEEPERS)
    problem = _valid_days_problem(valid_days, MAX_VALID_DAYS)
    if problem:
        raise ValidationFailed([problem])
    now = clock.now().replace(microsecond=0)
    current = Certificate.objects.filter(
        revoked_at__isnull=True, expires_at__gt=now, level=OuterRef("level")
    ).filter(honoree=OuterRef("pk"))
    honorees = list(
        Honoree.objects.select_for_update()
        .filter(status=HonoreeStatus.ACTIVE)
        .exclude(Exists(current))
        .order_by("pk")
        .values_list("pk", "level")
    )
    if not honorees:
        return 0
    key = core_signing.signing_key_current(actor=actor, purpose=PURPOSE)
    last = next_in_sequence(CERTIFICATE_SEQUENCE, len(honorees))
    made = Certificate.objects.bulk_create(
        [
            Certificate(
                serial=last - len(honorees) + 1 + n,
                honoree_id=pk,
                key=key,
                level=level,
                issued_at=now,
                expires_at=now + dt.timedelta(days=valid_days),
            )
            for n, (pk, level) in enumerate(honorees)
        ],
        batch_size=1000,
    )
    if made and made[0].pk is None:  # a backend that does not return keys
        made = list(Certificate.objects.filter(serial__gt=last - len(honorees)).order_by("serial"))
    audit_record_many(
        actor=actor,
        records=[
            {
                "action": "certificate.issue",
                "subject": c,
                "after": {
                    "serial": c.serial,
                    "honoree": c.honoree_id,
                    "kid": key.kid,
                    "level": c.level,
                    "expires_at": c.expires_at,
                },
            }
            for c in made
        ],
    )
    return len(made)


@transaction.atomic
def certificate_mine(*, actor: Actor) -> tuple[Certificate, str]:
    """The signed-in honoree's own certificate and code: the current one (not revoked, its
    key not retired, their level unchanged, more than a day left), else a new one."""
    require_role(actor, *HONOREE_ROLES)
    honoree = (
        Honoree.objects.select_for_update().filter(person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    if honoree is None:
        raise NotFound(_("You are not in the honorees' registry."), code="not_an_honoree")
    _refuse_inactive(honoree)
    current = (
        Certificate.objects.select_related("key")
        .filter(
            honoree=honoree,
            level=honoree.level,
            revoked_at__isnull=True,
            key__retired_at__isnull=True,
            expires_at__gt=clock.now() + RENEW_BEFORE,
        )
        .order_by("-expires_at", "-serial")
        .first()
    )
    certificate = current or _issue(actor, honoree, DEFAULT_VALID_DAYS)
    return certificate, certificate_code(certificate)


@transaction.atomic
def certificate_revoke(*, actor: Actor, serial: int, reason: str) -> Certificate:
    """Revoke a certificate: its serial joins the revocation list the gates download."""
    require_role(actor, *KEEPERS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.one("reason", "required", _("Say why the certificate is revoked."))
    if len(reason) > 200:
        raise ValidationFailed.one("reason", "max_length", _("At most 200 characters."))
    certificate = Certificate.objects.select_for_update().filter(serial=serial).first()
    if certificate is None:
        raise NotFound(
            _("There is no certificate %(serial)s.") % {"serial": serial},
            details={"serial": serial},
        )
    if certificate.revoked_at is not None:
        raise InvalidTransition(
            _("Certificate %(serial)s is already revoked.") % {"serial": serial},
            code="certificate_already_revoked",
            details={"serial": serial},
        )
    certificate.revoked_at = clock.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        subject=certificate,
        before={"revoked_at": None},
        after={"revoked_at": certificate.revoked_at, "reason": reason},
    )
    refdata.bump()
    return certificate
