from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SigningPurpose(models.TextChoices):
    """What a key signs: each purpose has its own keys, so a key that signs honour cards
    never vouches for a transcript."""

    CARDS = "cards", _("Honour card certificates")  # 数字荣誉证 (一人一码)
    TRAINING = "training", _("Credit transcripts")  # 学分证明


class SigningKey(models.Model):
    """One Ed25519 key of a purpose. ``kid`` names it in every code of that purpose; the
    private key is stored encrypted; the newest active key signs, every key not retired
    verifies."""

    purpose = models.CharField(_("purpose"), max_length=12, choices=SigningPurpose.choices)
    # two bytes in a code (0–65535): wider than PostgreSQL's smallint (up to 32767)
    kid = models.PositiveIntegerField(_("key id"))
    public_key = models.CharField(_("public key"), max_length=64)  # base64url, 32 bytes
    private_key_cipher = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created"))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["purpose", "-kid"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "kid"], name="signing_key_purpose_kid")
        ]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return gettext("key %(kid)s") % {"kid": self.kid}
