"""Partner universities and their 学分互认 agreements: which courses count, for how many
credits, under which course name, and how a grade converts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.statuses import GRADE_SCHEME_LABELS, GRADE_SCHEMES, PERCENT, choices


class University(models.Model):
    """A university students come from (兰州大学, 悉尼大学…); ``is_985`` and ``overseas``
    say what the seed counts."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    english_name = models.CharField(_("English name"), max_length=150, blank=True)
    country = models.CharField(_("country or region"), max_length=40, default="中国")
    is_985 = models.BooleanField(_("985 university"), default=False)
    overseas = models.BooleanField(_("overseas"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")

    def __str__(self) -> str:
        return self.name


class UniversityAccount(models.Model):
    """A university's sign-in (role ``university``: its academic affairs office), which
    receives and verifies the transcripts issued to it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="university_account",
        verbose_name=_("account"),
    )
    university = models.ForeignKey(
        University, models.PROTECT, related_name="accounts", verbose_name=_("university")
    )

    class Meta:
        verbose_name = _("university account")
        verbose_name_plural = _("university accounts")

    def __str__(self) -> str:
        return f"{self.university} · {self.user_id}"


class CreditAgreement(models.Model):
    """学分互认协议: a university counts the institute's courses as its own credits from
    ``valid_from`` to ``valid_until`` (open-ended when empty), converting grades by
    ``grade_scheme``. Ended early by ``terminated_on``."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    institute = models.ForeignKey(
        "training.Institute", models.PROTECT, related_name="agreements", verbose_name=_("institute")
    )
    university = models.ForeignKey(
        University, models.PROTECT, related_name="agreements", verbose_name=_("university")
    )
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    grade_scheme = models.CharField(
        _("grade conversion"),
        max_length=12,
        choices=choices(GRADE_SCHEMES, GRADE_SCHEME_LABELS),
        default=PERCENT,
    )
    elective_name = models.CharField(  # how the university's records name the credits
        _("counted as"), max_length=100, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["university", "-valid_from"]
        indexes = [models.Index(fields=["university", "valid_from"], name="agreement_university")]
        verbose_name = _("credit agreement")
        verbose_name_plural = _("credit agreements")

    def __str__(self) -> str:
        return f"{self.university} · {self.number}"


class AgreementCourse(models.Model):
    """A course an agreement counts: the credits the university gives for it and the name
    of the course it stands for there."""

    agreement = models.ForeignKey(
        CreditAgreement, models.CASCADE, related_name="courses", verbose_name=_("agreement")
    )
    course = models.ForeignKey(
        "training.Course", models.PROTECT, related_name="+", verbose_name=_("course")
    )
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    counted_as = models.CharField(_("counted as"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "course"], name="agreement_course_unique")
        ]
        verbose_name = _("course counted")
        verbose_name_plural = _("courses counted")

    def __str__(self) -> str:
        return f"{self.course} → {self.credits}"
