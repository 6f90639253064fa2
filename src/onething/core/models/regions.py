from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County or district")
    TOWN = "town", _("Town or street")


class Region(models.Model):
    """行政区划: a node of the administrative tree, identified by its GB/T 2260 code
    (6 digits down to county level; towns and streets carry the 9-digit extension)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialised path of codes ("/320000/320200/320211/"): a subtree is a prefix match.
    path = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "Region") -> bool:
        return self.path.startswith(other.path)
