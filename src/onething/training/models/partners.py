"""Partner enterprises (合作企业) and their 企业家班主任 advisers, assigned to a cohort's
tracks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerCompany(models.Model):
    """An enterprise that works with the institute: advisers, openings, placements.
    ``joined_on``: the first year it took part (深存科技: 2025)."""

    institute = models.ForeignKey(
        "training.Institute", models.PROTECT, related_name="partners", verbose_name=_("institute")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    field = models.CharField(_("field"), max_length=60, blank=True)  # 人工智能, 集成电路…
    joined_on = models.DateField(_("joined on"))
    listed = models.BooleanField(_("listed company"), default=False)
    specialised = models.BooleanField(_("专精特新 enterprise"), default=False)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institute", "enterprise"], name="partner_unique")
        ]
        verbose_name = _("partner company")
        verbose_name_plural = _("partner companies")

    def __str__(self) -> str:
        return str(self.enterprise)


class Adviser(models.Model):
    """企业家班主任: a company's leader appointed to a cohort's classes, from course design
    to job guidance. ``account``: their sign-in (an enterprise account of the company)."""

    company = models.ForeignKey(
        PartnerCompany, models.PROTECT, related_name="advisers", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(_("position"), max_length=40)  # 董事长, 总经理…
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="adviser",
        verbose_name=_("account"),
    )
    appointed_on = models.DateField(_("appointed on"))

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("entrepreneur adviser")
        verbose_name_plural = _("entrepreneur advisers")

    def __str__(self) -> str:
        return self.name


class AdviserAssignment(models.Model):
    """An adviser serving a cohort's track (the class they lead)."""

    adviser = models.ForeignKey(
        Adviser, models.PROTECT, related_name="assignments", verbose_name=_("adviser")
    )
    cohort = models.ForeignKey(
        "training.Cohort", models.PROTECT, related_name="advisers", verbose_name=_("cohort")
    )
    track = models.ForeignKey(
        "training.Track", models.PROTECT, related_name="+", verbose_name=_("track")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["adviser", "cohort", "track"], name="adviser_assignment_unique"
            )
        ]
        verbose_name = _("adviser assignment")
        verbose_name_plural = _("adviser assignments")

    def __str__(self) -> str:
        return f"{self.adviser} · {self.track}"
