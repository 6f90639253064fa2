"""During the class: enrolments (学员), attendance and grades. A course is passed when its
grade reaches the course's pass mark (:mod:`..rules.passing`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.statuses import (
    ATTENDANCE_LABELS,
    ATTENDANCE_MARKS,
    ENROLLED,
    ENROLMENT_STATUS_LABELS,
    ENROLMENT_STATUSES,
    GRADER_KINDS,
    GRADER_LABELS,
    choices,
)


class Enrolment(models.Model):
    """A student in a cohort's track, made from an accepted application. ``number``: the
    student number (学号)."""

    number = models.CharField(_("student number"), max_length=20, unique=True)
    application = models.OneToOneField(
        "training.Application",
        models.PROTECT,
        related_name="enrolment",
        verbose_name=_("application"),
    )
    cohort = models.ForeignKey(
        "training.Cohort", models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    track = models.ForeignKey(
        "training.Track", models.PROTECT, related_name="+", verbose_name=_("track")
    )
    person = models.ForeignKey(
        "core.Person", models.PROTECT, related_name="+", verbose_name=_("student")
    )
    university = models.ForeignKey(
        "training.University", models.PROTECT, related_name="+", verbose_name=_("university")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=choices(ENROLMENT_STATUSES, ENROLMENT_STATUS_LABELS),
        default=ENROLLED,
    )
    enrolled_at = models.DateTimeField(_("enrolled"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_one_per_cohort")
        ]
        indexes = [
            models.Index(fields=["cohort", "track", "number"], name="enrolment_class"),
            models.Index(fields=["person", "-enrolled_at"], name="enrolment_person"),
            models.Index(fields=["university", "cohort"], name="enrolment_university"),
            models.Index(fields=["enrolled_at"], name="enrolment_at"),
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return self.number


class Attendance(models.Model):
    """A student's mark for a day of class."""

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    day = models.DateField(_("day"))
    mark = models.CharField(
        _("attendance"), max_length=8, choices=choices(ATTENDANCE_MARKS, ATTENDANCE_LABELS)
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_one_per_day")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.day}"


class Grade(models.Model):
    """A student's mark (of 100) in a course, entered by a teacher (institute staff) or an
    adviser; ``passed`` is the rule's verdict kept with it."""

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="grades", verbose_name=_("enrolment")
    )
    course = models.ForeignKey(
        "training.Course", models.PROTECT, related_name="+", verbose_name=_("course")
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    passed = models.BooleanField(_("passed"))
    grader_kind = models.CharField(
        _("entered as"), max_length=8, choices=choices(GRADER_KINDS, GRADER_LABELS)
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered"))

    class Meta:
        ordering = ["course"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "course"], name="grade_one_per_course"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="grade_scale"
            ),
        ]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.course} · {self.score}"
