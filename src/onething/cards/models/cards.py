"""Physical cards (劳模卡 on the 太湖交通卡) in issuance batches; one active card per honoree."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IssuanceBatch(models.Model):
    number = models.PositiveSmallIntegerField(_("batch number"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["number"]
        verbose_name = _("issuance batch")
        verbose_name_plural = _("issuance batches")

    def __str__(self) -> str:
        return self.name


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    BLOCKED = "blocked", _("Blocked (reported lost)")
    REVOKED = "revoked", pgettext_lazy("status", "Revoked")


class HonourCard(models.Model):
    """劳模卡: a physical card, bound to a 太湖交通卡 number the gates read."""

    number = models.CharField(_("card number"), max_length=20, unique=True)
    transit_number = models.CharField(_("transit card number"), max_length=20, unique=True)
    honoree = models.ForeignKey("cards.Honoree", models.PROTECT, related_name="cards")
    batch = models.ForeignKey(IssuanceBatch, models.PROTECT, related_name="cards")
    status = models.CharField(
        _("status"), max_length=10, choices=CardStatus.choices, default=CardStatus.ACTIVE
    )
    issued_at = models.DateTimeField(_("issued"))
    blocked_at = models.DateTimeField(_("blocked"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["honoree"], condition=Q(status="active"), name="one_active_card"
            )
        ]
        verbose_name = _("honour card")
        verbose_name_plural = _("honour cards")

    def __str__(self) -> str:
        return self.number
