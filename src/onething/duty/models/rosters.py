"""The duty roster (带班值班表) of a town or street for a month, and its nights: a leader
(党政主要领导) staying overnight at the office (住在办公驻地) on a date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.nights import NIGHT_STATE_LABELS, NIGHT_STATUSES, PLANNED
from ..rules.rosters import DRAFT, ROSTER_STATUS_LABELS, ROSTER_STATUSES


class DutyRoster(models.Model):
    """带班值班表: the nights a town's leaders are on duty in a month (``month``: its first
    day). Planned as a draft, then published; published, its nights no longer change."""

    town = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("town or street")
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(s, ROSTER_STATUS_LABELS[s]) for s in ROSTER_STATUSES],
        default=DRAFT,
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    planned_at = models.DateTimeField(_("planned"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "town__code"]
        constraints = [
            models.UniqueConstraint(fields=["town", "month"], name="duty_roster_once_a_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="duty_roster_month_first_day"
            ),
        ]
        indexes = [models.Index(fields=["month", "town"], name="duty_roster_month")]
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")

    def __str__(self) -> str:
        return f"{self.town_id} {self.month:%Y-%m}"


class DutyNight(models.Model):
    """A leader's night on duty: planned on the roster (``planned``) or a stay off it,
    recorded by checking in on the night; kept once checked in (a planned night nobody
    checked in by its morning counts as missed: rules.nights.state)."""

    roster = models.ForeignKey(
        DutyRoster, models.CASCADE, related_name="nights", verbose_name=_("duty roster")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("leader")
    )
    date = models.DateField(_("date"))
    planned = models.BooleanField(_("on the roster"), default=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=[(s, NIGHT_STATE_LABELS[s]) for s in NIGHT_STATUSES],
        default=PLANNED,
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    place_note = models.CharField(_("where"), max_length=100, blank=True)

    class Meta:
        ordering = ["date", "leader_id"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "date"], name="duty_night_once_a_date"),
        ]
        indexes = [
            models.Index(fields=["roster", "date"], name="duty_night_roster"),
            models.Index(fields=["leader", "date"], name="duty_night_leader"),
        ]
        verbose_name = _("duty night")
        verbose_name_plural = _("duty nights")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"
