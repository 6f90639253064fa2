"""The organisation directory (组织通讯录): every unit the city's staff work in, by level,
and whether it is on the collaborative office (锡心办)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DirectoryLevel(models.TextChoices):
    CITY = "city", _("City unit")  # 市级部门单位
    DISTRICT = "district", _("District unit")  # 区级部门单位
    STREET = "street", _("Street or town")  # 街道 (镇)
    COMMUNITY = "community", _("Community or village")  # 社区 (村)


# a unit's parent is of a level above it (a community's parent is its street)
LEVEL_ORDER = (
    DirectoryLevel.CITY,
    DirectoryLevel.DISTRICT,
    DirectoryLevel.STREET,
    DirectoryLevel.COMMUNITY,
)


class DirectoryUnit(models.Model):
    """A unit of the organisation directory: a city or district department or unit, a
    street (or town) office, a community (or village) committee. ``department`` names the
    platform's department it is, when it is one; ``parent`` the unit above it (a
    community's street). ``on_collaborative_office``: the unit works on 锡心办, the city's
    collaborative office, since ``joined_on``."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=DirectoryLevel.choices)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="directory_units", verbose_name=_("region")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_units",
        verbose_name=_("department"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    on_collaborative_office = models.BooleanField(_("on the collaborative office"), default=False)
    joined_on = models.DateField(_("joined the collaborative office on"), null=True, blank=True)

    class Meta:
        ordering = ["level", "code"]
        indexes = [
            models.Index(fields=["on_collaborative_office", "level"], name="directory_coverage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_collaborative_office=False) | Q(joined_on__isnull=False),
                name="directory_joined_on_when_on_office",
            )
        ]
        verbose_name = _("directory unit")
        verbose_name_plural = _("directory units")

    def __str__(self) -> str:
        return self.name
