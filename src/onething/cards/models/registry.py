"""The registry of honorees (劳模) and their status history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")  # 全国劳动模范 / 全国先进工作者
    PROVINCIAL = "provincial", _("Provincial or ministerial")  # 省部级
    MUNICIPAL = "municipal", _("Municipal")  # 市级
    TREATED = "treated", _("Entitled to model-worker treatment")  # 享受待遇人员
    DISTRICT = "district", _("District")  # 区级劳模 / 工匠: in the registry, no physical card


class HonoreeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DECEASED = "deceased", _("Deceased")
    REVOKED = "revoked", pgettext_lazy("status", "Revoked")


class Honoree(models.Model):
    """劳模: a person with an honour. The identity number lives (encrypted) on the person."""

    person = models.OneToOneField(
        "core.Person", models.PROTECT, related_name="honoree", verbose_name=_("person")
    )
    level = models.CharField(_("honour level"), max_length=12, choices=HonourLevel.choices)
    title = models.CharField(_("honour title"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year awarded"))
    work_unit = models.CharField(_("work unit"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HonoreeStatus.choices, default=HonoreeStatus.ACTIVE
    )
    photo = models.ImageField(_("photo"), upload_to="honorees/", blank=True)
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["status", "level"])]
        verbose_name = _("honoree")
        verbose_name_plural = _("honorees")

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_level_display()})"


class HonoreeStatusChange(models.Model):
    honoree = models.ForeignKey(Honoree, models.CASCADE, related_name="status_history")
    before = models.CharField(max_length=10, blank=True)
    after = models.CharField(max_length=10)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
