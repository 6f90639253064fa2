"""After the class: companies' openings (岗位), students' applications to them, interviews
and offers, and placements (输送). One active placement per student at a time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.statuses import (
    APPLIED,
    JOB_STATUS_LABELS,
    JOB_STATUSES,
    OPENING_OPEN,
    OPENING_STATUS_LABELS,
    OPENING_STATUSES,
    choices,
)


class Opening(models.Model):
    """A partner company's opening for the institute's students."""

    number = models.CharField(_("number"), max_length=20, unique=True)  # GW2025000001
    company = models.ForeignKey(
        "training.PartnerCompany",
        models.PROTECT,
        related_name="openings",
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=80)
    track = models.ForeignKey(
        "training.Track",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("track"),
    )
    city = models.CharField(_("city"), max_length=30, default="无锡")
    positions = models.PositiveSmallIntegerField(_("positions"))
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=choices(OPENING_STATUSES, OPENING_STATUS_LABELS),
        default=OPENING_OPEN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("posted by")
    )
    request_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-opens_on", "-id"], name="opening_status"),
            models.Index(fields=["company", "-opens_on"], name="opening_company"),
        ]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")

    def __str__(self) -> str:
        return self.title


class JobApplication(models.Model):
    """A student's application to an opening: applied → interviewing → offered → placed,
    or not successful, declined, withdrawn."""

    opening = models.ForeignKey(
        Opening, models.PROTECT, related_name="applications", verbose_name=_("opening")
    )
    person = models.ForeignKey(
        "core.Person", models.PROTECT, related_name="+", verbose_name=_("student")
    )
    enrolment = models.ForeignKey(  # the class the student took (the latest)
        "training.Enrolment", models.PROTECT, related_name="+", verbose_name=_("enrolment")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=choices(JOB_STATUSES, JOB_STATUS_LABELS),
        default=APPLIED,
    )
    applied_at = models.DateTimeField(_("applied"))
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # the company's latest word to the student: the interview's place, the offer's terms,
    # why not (H5)
    company_note = models.CharField(_("note from the company"), max_length=200, blank=True)
    request_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "person"], name="job_application_unique")
        ]
        indexes = [
            models.Index(fields=["opening", "status"], name="job_application_opening"),
            models.Index(fields=["person", "-applied_at"], name="job_application_person"),
        ]
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")

    def __str__(self) -> str:
        return f"{self.opening} · {self.person_id}"


class Placement(models.Model):
    """输送: a student placed with a partner company, from ``started_on`` until
    ``ended_on``. The database allows one active placement per student."""

    company = models.ForeignKey(
        "training.PartnerCompany",
        models.PROTECT,
        related_name="placements",
        verbose_name=_("company"),
    )
    person = models.ForeignKey(
        "core.Person", models.PROTECT, related_name="+", verbose_name=_("student")
    )
    enrolment = models.ForeignKey(
        "training.Enrolment", models.PROTECT, related_name="placements", verbose_name=_("enrolment")
    )
    application = models.OneToOneField(
        JobApplication,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("job application"),
    )
    position = models.CharField(_("position"), max_length=80)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="placement_one_active"
            )
        ]
        indexes = [
            models.Index(fields=["company", "-started_on"], name="placement_company"),
            models.Index(fields=["started_on"], name="placement_started"),
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.company} · {self.position}"
