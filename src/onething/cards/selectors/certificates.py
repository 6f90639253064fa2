"""Reads of the digital certificate (一人一码): checking a scanned code, the gates' offline
kit (the public keys and the revocation list), the certificates union staff and honorees see.

:func:`code_verify` is the one entry point for a scanned code (the gate API and the public
scan page call it). With the cache warm it reads the database once: the honoree, whose
current status it checks beyond what an offline gate can."""

from __future__ import annotations

import datetime as dt
import io
from typing import NamedTuple

import segno
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core import clock, refdata
from onething.core.models import SigningPurpose
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.signing import verify_keys

from ..models import Certificate, Honoree, HonoreeStatus
from ..rules import codes
from ..rules.codes import Verdict

REVOKED_CACHE = "cards:revoked-serials"
# Verdicts reached after the signature checked out: the claims (who, which level) are
# genuine, so the holder may be named (masked) even when the code is not valid.
SIGNED_REASONS = frozenset({"ok", "expired", "not_yet_valid", "revoked"})


class CodeCheck(NamedTuple):
    """What :func:`code_verify` answers: the verdict (``valid``, ``reason``, ``claims``) and
    the honoree the code names (None unless its signature checked out and they exist)."""

    verdict: Verdict
    honoree: Honoree | None

    @property
    def valid(self) -> bool:
        return self.verdict.valid

    @property
    def reason(self) -> str:
        return self.verdict.reason


def _revoked_now() -> frozenset[int]:
    return frozenset(
        Certificate.objects.filter(
            revoked_at__isnull=False, expires_at__gt=clock.now()
        ).values_list("serial", flat=True)
    )


def revoked_serials() -> frozenset[int]:
    """The serials of revoked certificates not yet expired (cached; bumped on revocation)."""
    return refdata.cached(REVOKED_CACHE, _revoked_now)


def code_verify(code: str, now: dt.datetime | None = None) -> CodeCheck:
    """Check a scanned personal code: its form, its key (known, not retired), its Ed25519
    signature, its validity period, the revocation list, and then the honoree's current
    status (an honoree no longer active gives ``honoree_<status>``, also when their
    certificate was revoked with that change; one missing from the registry
    ``unknown_honoree``). No actor: anybody may check a code. ``now`` defaults to the
    platform's clock (a gate's offline upload passes the swipe's time).

    ``reason`` is one of ok, malformed, unknown_key, bad_signature, not_yet_valid, expired,
    revoked, unknown_honoree, honoree_suspended, honoree_deceased, honoree_revoked."""
    verdict = codes.verify(
        code, verify_keys(SigningPurpose.CARDS), now=now or clock.now(), revoked=revoked_serials()
    )
    if verdict.reason not in SIGNED_REASONS:
        return CodeCheck(verdict, None)
    claims = verdict.claims
    # checked as of the past (an offline gate's late upload): the cached list has dropped
    # the certificates expired since, so ask the table
    if (
        verdict.valid
        and claims.expires <= clock.now()
        and Certificate.objects.filter(serial=claims.serial, revoked_at__isnull=False).exists()
    ):
        verdict = Verdict(False, "revoked", claims)
    honoree = Honoree.objects.select_related("person").filter(pk=claims.honoree).first()
    if honoree is None:
        return CodeCheck(Verdict(False, "unknown_honoree", claims), None)
    # the registry revokes the certificates of an honoree who leaves ``active``: say why
    if verdict.reason in ("ok", "revoked") and honoree.status != HonoreeStatus.ACTIVE:
        return CodeCheck(Verdict(False, f"honoree_{honoree.status}", claims), honoree)
    return CodeCheck(verdict, honoree)


def qr_svg(code: str, scale: int = 5) -> str:
    """The code as a QR code, an inline ``<svg>`` (sized by its viewBox: CSS scales it).
    The QR carries the bare code, which is what the gates' scanners read."""
    return segno.make(code, error="m").svg_inline(scale=scale, omitsize=True)


def qr_png(code: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def reason_text(reason: str) -> str:
    """A verdict's reason in words, for people (the scan page, the API's message)."""
    words = {
        "ok": _("Valid: a genuine honour certificate, in force."),
        "malformed": _("This is not an honour certificate code."),
        "unknown_key": _(
            "Not valid: the code was signed with a key that is unknown or has been retired."
        ),
        "bad_signature": _("Not valid: the code has been altered (its signature does not match)."),
        "not_yet_valid": _("Not valid yet: the certificate is not yet in force."),
        "expired": _("Not valid: the certificate has expired."),
        "revoked": _("Not valid: the certificate has been revoked."),
        "unknown_honoree": _("Not valid: the holder is not in the honorees' registry."),
        "honoree_suspended": _("Not valid: the holder's honour privileges are suspended."),
        "honoree_deceased": _("Not valid: the holder is deceased."),
        "honoree_revoked": _("Not valid: the holder's honour has been revoked."),
    }
    return words.get(reason, _("Not valid."))


# -- the gates' offline kit ---------------------------------------------------------------


def revocation_list(now: dt.datetime | None = None) -> dict:
    """What a gate downloads to refuse codes offline: the serials of certificates not yet
    expired that no longer hold, namely those revoked and those of an honoree no longer
    active (suspended, deceased, revoked). Read fresh, never from the cache."""
    moment = now or clock.now()
    serials = (
        Certificate.objects.filter(expires_at__gt=moment)
        .filter(Q(revoked_at__isnull=False) | ~Q(honoree__status=HonoreeStatus.ACTIVE))
        .order_by("serial")
        .values_list("serial", flat=True)
    )
    return {"generated_at": moment, "serials": list(serials)}


# -- certificates -------------------------------------------------------------------------


def honoree_of(actor: Actor) -> Honoree | None:
    """The honoree the signed-in person is, if any."""
    if not actor.person_id:
        return None
    return (
        visible(actor, Honoree.objects.select_related("person"))
        .filter(person_id=actor.person_id)
        .first()
    )


CERTIFICATE_STATES = ("valid", "revoked", "expired")


def certificates_list(
    actor: Actor, *, honoree_id: int | None = None, state: str = ""
) -> QuerySet[Certificate]:
    """The certificates the actor may see (union staff: all; an honoree: their own)."""
    rows = visible(actor, Certificate.objects.select_related("key", "honoree__person"))
    if honoree_id:
        rows = rows.filter(honoree_id=honoree_id)
    now = clock.now()
    if state == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    elif state == "expired":
        rows = rows.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif state == "valid":
        rows = rows.filter(revoked_at__isnull=True, expires_at__gt=now)
    return rows.order_by("-issued_at", "-serial")


def certificate_get(actor: Actor, serial: int) -> Certificate:
    return get_visible(
        actor, Certificate.objects.select_related("key", "honoree__person"), serial=serial
    )
