"""Credit transcripts (学分证明): the credits of a student's passed courses, issued to their
university under its agreement, signed with core's signing keys (purpose ``training``) so
the university verifies it offline; revocable, with a public verification page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Transcript(models.Model):
    """``serial`` is in the signed token; ``token`` is the signed text itself (``TR1.…``),
    printed as a QR code on the PDF."""

    serial = models.PositiveBigIntegerField(_("serial"), unique=True)
    number = models.CharField(_("number"), max_length=24, unique=True)  # XF2025000001
    enrolment = models.ForeignKey(
        "training.Enrolment", models.PROTECT, related_name="transcripts", verbose_name=_("student")
    )
    university = models.ForeignKey(
        "training.University",
        models.PROTECT,
        related_name="transcripts",
        verbose_name=_("university"),
    )
    agreement = models.ForeignKey(
        "training.CreditAgreement",
        models.PROTECT,
        related_name="transcripts",
        verbose_name=_("agreement"),
    )
    key = models.ForeignKey("core.SigningKey", models.PROTECT, related_name="+")
    token = models.TextField(_("signed text"))
    total_credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        "core.User", models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    request_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["university", "-issued_at"], name="transcript_university"),
            models.Index(fields=["enrolment"], name="transcript_enrolment"),
        ]
        constraints = [
            # one live transcript per student and university: a new one after revoking
            models.UniqueConstraint(
                fields=["enrolment", "university"],
                condition=models.Q(revoked_at__isnull=True),
                name="transcript_one_live",
            )
        ]
        verbose_name = _("credit transcript")
        verbose_name_plural = _("credit transcripts")

    def __str__(self) -> str:
        return self.number


class TranscriptLine(models.Model):
    """A passed course on a transcript: the university's credits and converted grade."""

    transcript = models.ForeignKey(
        Transcript, models.CASCADE, related_name="lines", verbose_name=_("transcript")
    )
    course = models.ForeignKey(
        "training.Course", models.PROTECT, related_name="+", verbose_name=_("course")
    )
    counted_as = models.CharField(_("counted as"), max_length=100, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    grade = models.CharField(_("converted grade"), max_length=12)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["id"]
        verbose_name = _("transcript line")
        verbose_name_plural = _("transcript lines")

    def __str__(self) -> str:
        return f"{self.transcript} · {self.course}"
