"""结算: the monthly statement per operator, approved by union finance then paid; the
reconciliation with the operator's own export."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", pgettext_lazy("statement status", "Approved")
    PAID = "paid", _("Paid")


class Settlement(models.Model):
    """The statement of one operator for one month (the ledger rows booked in it)."""

    operator = models.ForeignKey("cards.Operator", models.PROTECT, related_name="settlements")
    month = models.DateField(_("month"))  # the first day
    status = models.CharField(
        max_length=10, choices=SettlementStatus.choices, default=SettlementStatus.DRAFT
    )
    swipes = models.PositiveIntegerField(default=0)
    amount_fen = models.BigIntegerField(default=0)
    lines = models.JSONField(default=list)  # [{venue, day, swipes, amount_fen}]
    created_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-month", "operator"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "month"], name="one_statement_per_month")
        ]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.operator} {self.month:%Y-%m}"


class Reconciliation(models.Model):
    """A comparison of a statement with the operator's export: swipes on one side only and
    swipes with a different amount."""

    settlement = models.ForeignKey(Settlement, models.CASCADE, related_name="reconciliations")
    file_name = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    only_ours = models.JSONField(default=list)
    only_theirs = models.JSONField(default=list)
    amount_differs = models.JSONField(default=list)
    at = models.DateTimeField()
    by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self) -> str:
        return f"{self.settlement} {self.file_name}"
