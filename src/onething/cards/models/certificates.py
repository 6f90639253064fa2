"""数字荣誉证: signing keys (Ed25519, rotated, the old ones verifying until retired) and the
certificates issued under them; a revoked certificate is on the revocation list."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """One Ed25519 key. ``kid`` names it in every code; the private key is stored encrypted;
    the newest active key signs, every key not retired verifies."""

    kid = models.PositiveSmallIntegerField(_("key id"), unique=True)
    public_key = models.CharField(max_length=64)  # base64url, 32 bytes
    private_key_cipher = models.TextField(editable=False)
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-kid"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return gettext("key %(kid)s") % {"kid": self.kid}


class Certificate(models.Model):
    """一人一码: a code issued to an honoree, valid from ``issued_at`` to ``expires_at``."""

    serial = models.PositiveBigIntegerField(_("serial"), unique=True)
    honoree = models.ForeignKey("cards.Honoree", models.PROTECT, related_name="certificates")
    key = models.ForeignKey(SigningKey, models.PROTECT, related_name="certificates")
    level = models.CharField(max_length=12)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"#{self.serial}"
