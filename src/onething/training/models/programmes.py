"""The institute (实训学院), its programmes, the tracks and courses they teach and the
cohorts (实训班) that run them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.statuses import (
    ASSESSMENT_LABELS,
    ASSESSMENTS,
    COHORT_STATUS_LABELS,
    COHORT_STATUSES,
    EXAM,
    PLANNED,
    choices,
)


class Institute(models.Model):
    """实训学院: 无锡高新区产业科技创新人才实训学院. Its staff are the accounts of role
    ``institute_staff`` in its ``department``."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    department = models.OneToOneField(
        "core.Department", models.PROTECT, related_name="institute", verbose_name=_("department")
    )
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training institute")
        verbose_name_plural = _("training institutes")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A programme the institute runs year after year (产业科技创新人才实训)."""

    institute = models.ForeignKey(
        Institute, models.PROTECT, related_name="programmes", verbose_name=_("institute")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """A field the programme trains in (AI芯片, 算法优化, 数字电路设计)."""

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="tracks", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="track_code_unique")
        ]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """A course of a track: its hours, the credits it is worth, how it is assessed and the
    mark (of 100) that passes it."""

    track = models.ForeignKey(
        Track, models.PROTECT, related_name="courses", verbose_name=_("track")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    hours = models.PositiveSmallIntegerField(_("hours"))
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    assessment = models.CharField(
        _("assessment"),
        max_length=10,
        choices=choices(ASSESSMENTS, ASSESSMENT_LABELS),
        default=EXAM,
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), default=60)

    class Meta:
        ordering = ["track", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """实训班: one run of a programme (2025 暑期实训班: from 14 July, two months, 750 places).
    Applications are taken from ``applications_open_at`` to ``applications_close_at``; an
    offer is answered within ``offer_days`` days."""

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    tracks = models.ManyToManyField(Track, related_name="cohorts", verbose_name=_("tracks"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"))
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))
    offer_days = models.PositiveSmallIntegerField(_("days to answer an offer"), default=7)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=choices(COHORT_STATUSES, COHORT_STATUS_LABELS),
        default=PLANNED,
    )
    # kept by the services that change them (never counted on a page)
    applications_count = models.PositiveIntegerField(_("applications"), default=0)
    enrolled_count = models.PositiveIntegerField(_("enrolled"), default=0)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["programme", "starts_on"], name="cohort_programme_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(applications_close_at__gt=models.F("applications_open_at")),
                name="cohort_application_window",
            ),
        ]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name
