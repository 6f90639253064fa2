"""Applications to a cohort (报名): the student, their university (checked against the
agreements), their track preferences, their academic transcript and CV; screening,
interviews, the ranked selection within capacity, the waiting list and the offers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.statuses import (
    APPLICATION_STATUS_LABELS,
    APPLICATION_STATUSES,
    DEGREE_LABELS,
    DEGREES,
    SUBMITTED,
    UNDERGRADUATE,
    choices,
)


class Application(models.Model):
    """One student's application to one cohort (one per cohort: the database's key).
    ``score``: the mean of the interviews, the selection's ranking key (ties: the earlier
    application first); ``wait_rank``: place on the waiting list (1 = next)."""

    number = models.CharField(_("number"), max_length=20, unique=True)  # SX2025000123
    cohort = models.ForeignKey(
        "training.Cohort", models.PROTECT, related_name="applications", verbose_name=_("cohort")
    )
    person = models.ForeignKey(
        "core.Person", models.PROTECT, related_name="+", verbose_name=_("student")
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    university = models.ForeignKey(
        "training.University", models.PROTECT, related_name="+", verbose_name=_("university")
    )
    major = models.CharField(_("major"), max_length=60)
    degree = models.CharField(
        _("degree"), max_length=14, choices=choices(DEGREES, DEGREE_LABELS), default=UNDERGRADUATE
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    first_track = models.ForeignKey(
        "training.Track", models.PROTECT, related_name="+", verbose_name=_("first choice")
    )
    second_track = models.ForeignKey(
        "training.Track",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second choice"),
    )
    statement = models.TextField(_("personal statement"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=choices(APPLICATION_STATUSES, APPLICATION_STATUS_LABELS),
        default=SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"))
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screening_note = models.CharField(_("screening note"), max_length=200, blank=True)
    score = models.DecimalField(
        _("interview score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    track = models.ForeignKey(  # the track a place was offered in
        "training.Track",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("track offered"),
    )
    wait_rank = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    request_key = models.CharField(max_length=64, blank=True)  # the client's idempotency key

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="application_one_per_cohort")
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "-score"], name="application_ranking"),
            models.Index(fields=["cohort", "-submitted_at", "-id"], name="application_cohort_new"),
            models.Index(fields=["-submitted_at", "-id"], name="application_new"),
            models.Index(fields=["person", "-submitted_at"], name="application_person"),
            models.Index(fields=["status", "offer_deadline"], name="application_offer_due"),
            models.Index(fields=["university", "cohort"], name="application_university"),
        ]
        verbose_name = _("training application")
        verbose_name_plural = _("training applications")

    def __str__(self) -> str:
        return self.number


class ApplicationFile(models.Model):
    """A file sent with an application: the academic transcript (成绩单) or the CV."""

    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", _("Academic transcript")
        CV = "cv", _("CV")

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="files", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="training/applications/%Y/%m/")
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    added_at = models.DateTimeField(_("added"))

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("application file")
        verbose_name_plural = _("application files")

    def __str__(self) -> str:
        return self.name


class Interview(models.Model):
    """One interviewer's score of an application (0–100); the application's score is the
    mean of its interviews."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="interviews", verbose_name=_("application")
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    held_at = models.DateTimeField(_("held"))

    class Meta:
        ordering = ["held_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "interviewer"], name="interview_one_per_interviewer"
            )
        ]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.application} · {self.score}"


class ApplicationStep(models.Model):
    """A line of an application's timeline (submitted, screened, interviewed, offered…)."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="steps", verbose_name=_("application")
    )
    action = models.CharField(_("action"), max_length=20)
    status = models.CharField(_("status"), max_length=14)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.application} · {self.action}"
