"""数字荣誉证: the certificates issued under core's signing keys (purpose ``cards``: Ed25519,
rotated, the old ones verifying until retired); a revoked certificate is on the revocation
list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """一人一码: a code issued to an honoree, valid from ``issued_at`` to ``expires_at``."""

    serial = models.PositiveBigIntegerField(_("serial"), unique=True)
    honoree = models.ForeignKey("cards.Honoree", models.PROTECT, related_name="certificates")
    key = models.ForeignKey("core.SigningKey", models.PROTECT, related_name="certificates")
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
