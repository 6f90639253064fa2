from django.db import models
from django.utils.translation import gettext_lazy as _


class RideTally(models.Model):
    """乘车/入园月汇总: the allowed swipes (rides and entries) of one month (the swipe's
    local time) at one venue. Kept in the swipe's own statement; the figures read these
    rows, never the swipes."""

    month = models.DateField(_("month"))
    venue = models.ForeignKey("cards.Venue", models.PROTECT, related_name="+")
    rides = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly rides")
        verbose_name_plural = _("monthly rides")
        constraints = [models.UniqueConstraint(fields=["month", "venue"], name="ride_tally_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.venue_id}: {self.rides}"


class LedgerTally(models.Model):
    """The ledger by booking month, operator and venue: how many rows, how much owed (fen).
    Kept with each ledger row; the pool's balance and the union's figures read these."""

    month = models.DateField(_("month booked"))
    operator = models.ForeignKey("cards.Operator", models.PROTECT, related_name="+")
    venue = models.ForeignKey("cards.Venue", models.PROTECT, related_name="+")
    entries = models.IntegerField(default=0)
    amount_fen = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly ledger")
        verbose_name_plural = _("monthly ledger")
        constraints = [
            models.UniqueConstraint(fields=["month", "operator", "venue"], name="ledger_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.operator_id}/{self.venue_id}: {self.amount_fen}"
