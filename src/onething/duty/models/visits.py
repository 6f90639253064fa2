"""Night visits (夜访): where a leader on duty went, whom they met, what was raised; and each
demand a resident raised, which becomes an appeal of the 带班值班 programme (its number kept
here; the appeal itself is the appeals app's)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# the label the resident's phone is sealed under (cipher, keyed hash, masked copy)
PHONE_LABEL = "duty.demand_phone"


class NightVisit(models.Model):
    """夜访: a leader's visit to a village or community, usually on a duty night (``night``;
    none for a visit on another evening)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("leader")
    )
    town = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("town or street")
    )
    night = models.ForeignKey(
        "duty.DutyNight",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("duty night"),
    )
    at = models.DateTimeField(_("visited"))
    place = models.CharField(_("village or community"), max_length=60)
    address = models.CharField(_("address"), max_length=200, blank=True)
    met_names = models.CharField(_("whom they met"), max_length=200, blank=True)
    met_count = models.PositiveSmallIntegerField(_("residents met"), default=0)
    summary = models.TextField(_("what was raised"))
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["leader", "at", "id"], name="night_visit_leader"),
            models.Index(fields=["town", "at", "id"], name="night_visit_town"),
            models.Index(fields=["at", "id"], name="night_visit_at"),
        ]
        verbose_name = _("night visit")
        verbose_name_plural = _("night visits")

    def __str__(self) -> str:
        return self.number


class VisitDemand(models.Model):
    """群众诉求: one demand raised on a night visit, with the resident to answer (the phone
    sealed, shown masked), and the appeal it became (``appeal_number``)."""

    visit = models.ForeignKey(
        NightVisit, models.CASCADE, related_name="demands", verbose_name=_("night visit")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    type = models.CharField(_("type"), max_length=12)
    category_code = models.CharField(_("category"), max_length=40)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    contact_name = models.CharField(_("resident"), max_length=50)
    contact_phone_cipher = models.TextField(blank=True, editable=False)
    contact_phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    contact_phone_masked = models.CharField(_("resident's phone"), max_length=20, blank=True)
    appeal_number = models.CharField(_("appeal"), max_length=40, db_index=True)
    raised_at = models.DateTimeField(_("raised"))

    class Meta:
        ordering = ["visit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "position"], name="visit_demand_position"),
        ]
        verbose_name = _("demand raised")
        verbose_name_plural = _("demands raised")

    def __str__(self) -> str:
        return self.title
