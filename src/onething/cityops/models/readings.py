"""The readings of the monitored values (millions of rows: kept lean, written in batches,
never updated) and their per-minute roll-ups, which the charts read instead."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reading(models.Model):
    """One value a device reported, taken ``at`` (the device's time), received at
    ``received_at`` (ours). A reading is stored once: a device retrying a batch sends the
    same (metric, at) again and it is ignored. The unique (metric, at) is also the index a
    device's chart reads; on PostgreSQL a BRIN index on ``at`` serves the time ranges
    across devices (migration 0002)."""

    metric = models.ForeignKey(
        "cityops.Metric",
        models.CASCADE,
        related_name="readings",
        verbose_name=_("monitored value"),
        db_index=False,  # leads the unique (metric, at)
    )
    at = models.DateTimeField(_("taken at"))
    value = models.FloatField(_("value"))
    received_at = models.DateTimeField(_("received"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["metric", "at"], name="reading_once"),
        ]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.value:g}"


class MinuteRollup(models.Model):
    """The readings of one monitored value in one minute (UTC): how many, their total,
    the lowest and the highest. Added to by each batch with the readings it stored."""

    metric = models.ForeignKey(
        "cityops.Metric",
        models.CASCADE,
        related_name="minutes",
        verbose_name=_("monitored value"),
        db_index=False,  # leads the unique (metric, minute)
    )
    minute = models.DateTimeField(_("minute"))
    count = models.PositiveIntegerField(_("readings"))
    total = models.FloatField(_("total"))
    low = models.FloatField(_("lowest"))
    high = models.FloatField(_("highest"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["metric", "minute"], name="rollup_once_per_minute"),
        ]
        verbose_name = _("minute roll-up")
        verbose_name_plural = _("minute roll-ups")

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M} ×{self.count}"

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None
