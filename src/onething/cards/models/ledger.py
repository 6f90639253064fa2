"""The swipe ledger and the subsidy pool. Ledger rows are never edited: a correction is a
new row (negative or positive) that names the row it corrects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Swipe(models.Model):
    """刷卡: one swipe as a gate reported it, with the decision. ``swipe_id`` is chosen by the
    gate; (gate, swipe_id) is unique, so a retry or a re-uploaded batch is counted once."""

    # No single-column index on gate or honoree: (gate, swipe_id) and (honoree, at) cover
    # them, and every swipe's insert would pay for the extra index entries.
    gate = models.ForeignKey("cards.Gate", models.PROTECT, related_name="swipes", db_index=False)
    swipe_id = models.CharField(_("swipe id"), max_length=64)
    venue = models.ForeignKey("cards.Venue", models.PROTECT, related_name="swipes")
    card = models.ForeignKey(
        "cards.HonourCard", models.PROTECT, null=True, blank=True, related_name="swipes"
    )
    honoree = models.ForeignKey(
        "cards.Honoree",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="swipes",
        db_index=False,
    )
    presented = models.CharField(max_length=10)  # card | code
    at = models.DateTimeField(_("swiped at"))
    received_at = models.DateTimeField(_("received"))
    offline = models.BooleanField(default=False)
    allowed = models.BooleanField()
    reason = models.CharField(max_length=30)
    voice = models.CharField(max_length=40, blank=True)
    amount_fen = models.PositiveIntegerField(default=0)  # what the union owes for it
    # A visit at a desk: the green channel's service (PriorityService), or a dining bill,
    # its discount and who paid the discount (FundedBy); empty for a ride or an entry.
    service = models.CharField(_("service"), max_length=16, blank=True, default="")
    bill_fen = models.PositiveIntegerField(_("bill (fen)"), null=True, blank=True)
    discount_fen = models.PositiveIntegerField(_("discount (fen)"), default=0)
    funded_by = models.CharField(_("discount paid by"), max_length=10, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "swipe_id"], name="swipe_once_per_gate")
        ]
        indexes = [
            models.Index(fields=["honoree", "at", "id"], name="swipe_of_honoree"),
            models.Index(fields=["at", "id"], name="swipe_at"),
        ]
        verbose_name = _("swipe")
        verbose_name_plural = _("swipes")

    def __str__(self) -> str:
        return f"{self.gate_id}/{self.swipe_id}"


class LedgerEntry(models.Model):
    """What the union owes an operator: one row per allowed swipe, plus corrections.
    ``booked_on`` (the day it was recorded) decides the settlement month, so a swipe
    uploaded late by an offline gate is settled in the next statement, never twice."""

    operator = models.ForeignKey("cards.Operator", models.PROTECT, related_name="ledger")
    venue = models.ForeignKey("cards.Venue", models.PROTECT, related_name="ledger")
    swipe = models.OneToOneField(
        Swipe, models.PROTECT, null=True, blank=True, related_name="ledger_entry"
    )
    corrects = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    swiped_at = models.DateTimeField()
    booked_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["booked_on", "id"]
        indexes = [
            models.Index(fields=["operator", "booked_on"]),
            models.Index(fields=["booked_on", "id"], name="ledger_booked"),
        ]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.operator_id} {self.amount_fen}"


class SubsidyPool(models.Model):
    """补贴资金池: funded by the union; the available balance is the top-ups less every
    ledger amount. A warning shows below ``warning_below_fen``."""

    name = models.CharField(_("name"), max_length=80)
    warning_below_fen = models.BigIntegerField(_("warn below (fen)"), default=0)

    class Meta:
        verbose_name = _("subsidy pool")
        verbose_name_plural = _("subsidy pools")

    def __str__(self) -> str:
        return self.name


class PoolTopUp(models.Model):
    pool = models.ForeignKey(SubsidyPool, models.PROTECT, related_name="top_ups")
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    at = models.DateTimeField()
    by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("top-up")
        verbose_name_plural = _("top-ups")

    def __str__(self) -> str:
        return f"+{self.amount_fen}"
