from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import clock


class AgencyDeclaration(models.Model):
    """代领声明: an agency declares the enterprises it acts for (validated by their credit
    codes). Its agents may then apply for those enterprises and collect their licences."""

    number = models.CharField(_("declaration number"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "core.Agency", models.PROTECT, related_name="declarations", verbose_name=_("agency")
    )
    declared_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("declared"), default=clock.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    enterprises = models.ManyToManyField(
        "core.Enterprise", related_name="agency_declarations", verbose_name=_("enterprises")
    )

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("agency declaration")
        verbose_name_plural = _("agency declarations")

    def __str__(self) -> str:
        return f"{self.number} ({self.agency.name})"
