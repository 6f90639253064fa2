"""The enterprise platform's policy service: published policies tagged by industry, size and
region, matched to each enterprise."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    """A published policy. Empty tag lists match every enterprise; ``region`` (and below)
    limits it to enterprises registered there."""

    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="policies", verbose_name=_("issued by")
    )
    industries = models.JSONField(_("industries"), default=list, blank=True)
    sizes = models.JSONField(_("enterprise sizes"), default=list, blank=True)
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region (and below)"),
    )
    published_on = models.DateField(_("published"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return self.title
