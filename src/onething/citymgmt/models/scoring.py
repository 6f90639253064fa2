"""新街·吴韵 评议: the published criteria, the scoring points at the streets (a device or a
QR sign), residents' scores, the inspectors' checks and each street's monthly score."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.scoring import (
    CHANNEL_LABELS,
    CHANNELS,
    COUNTED,
    FLAGGED,
    POINT_KINDS,
    REFUSAL_LABELS,
    REFUSAL_REASONS,
    SCORE_STATUS_LABELS,
    SCORE_STATUSES,
)

CHANNEL_CHOICES = [(c, CHANNEL_LABELS[c]) for c in CHANNELS]
POINT_KIND_CHOICES = [(k, CHANNEL_LABELS[k]) for k in POINT_KINDS]
SCORE_STATUS_CHOICES = [(s, SCORE_STATUS_LABELS[s]) for s in SCORE_STATUSES]
REFUSAL_CHOICES = [(r, REFUSAL_LABELS[r]) for r in REFUSAL_REASONS]


class ScoringCriterion(models.Model):
    """A published criterion residents score on (环境卫生, 通行秩序, 设施完好, 店招广告),
    1–5 each."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30)
    description = models.CharField(_("what it means"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self) -> str:
        return self.name


class ScoringPoint(models.Model):
    """A place residents score a street from: an electronic device (its own token, kept
    as core's keyed hash) or a sign with a QR code leading to the phone page."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    street = models.ForeignKey(
        "citymgmt.Street", models.PROTECT, related_name="scoring_points", verbose_name=_("street")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=POINT_KIND_CHOICES)
    place = models.CharField(_("place"), max_length=100, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("in service"), default=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("scoring point")
        verbose_name_plural = _("scoring points")

    def __str__(self) -> str:
        return self.code


class StreetScore(models.Model):
    """评议: one resident's score of a street on one day (``marks``: criterion code → 1–5;
    ``average_centi``: their mean × 100). ``voter_digest`` is the keyed hash of who scored
    (a signed-in account, a resident identified at a device, a phone's anonymous voter
    id): one score per voter per street per day. ``address_digest``: the keyed hash of the
    sender's network address (rate limits, review). An outlier is flagged and counts only
    once a reviewer accepts it. ``request_key``: a scoring device's ``Idempotency-Key``,
    once per point (a retry answers this score)."""

    street = models.ForeignKey(
        "citymgmt.Street",
        models.PROTECT,
        related_name="scores",
        verbose_name=_("street"),
        db_index=False,  # leads an index of Meta.indexes
    )
    point = models.ForeignKey(
        ScoringPoint,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("scoring point"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=CHANNEL_CHOICES)
    day = models.DateField(_("day"))
    voter_digest = models.CharField(max_length=64, editable=False)
    address_digest = models.CharField(max_length=64, blank=True, editable=False)
    account = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident account"),
    )
    marks = models.JSONField(_("marks"))
    average_centi = models.PositiveSmallIntegerField(_("average × 100"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to="citymgmt/scores/%Y/%m/", blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SCORE_STATUS_CHOICES, default=COUNTED
    )
    flag_reason = models.CharField(_("why flagged"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("scored at"))
    # a scoring device's Idempotency-Key: a retry through the same point answers this score
    request_key = models.CharField(max_length=100, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["street", "day"], name="score_of_street"),
            models.Index(fields=["day", "id"], name="score_by_day"),
            models.Index(
                fields=["created_at", "id"], condition=Q(status=FLAGGED), name="score_flagged"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "voter_digest", "day"], name="one_score_per_voter_street_day"
            ),
            models.UniqueConstraint(
                fields=["point", "request_key"],
                condition=Q(request_key__isnull=False),
                name="one_score_per_point_request",
            ),
            models.CheckConstraint(
                condition=Q(average_centi__gte=100) & Q(average_centi__lte=500),
                name="score_average_1_to_5",
            ),
        ]
        verbose_name = _("street score")
        verbose_name_plural = _("street scores")

    def __str__(self) -> str:
        return f"{self.street_id} {self.day} {self.average_centi / 100:.2f}"


class StreetInspection(models.Model):
    """An inspector's check of a street (巡查考评): a mark out of 100 and what was found."""

    street = models.ForeignKey(
        "citymgmt.Street",
        models.PROTECT,
        related_name="inspections",
        verbose_name=_("street"),
        db_index=False,  # leads an index of Meta.indexes
    )
    inspector = models.ForeignKey(
        "core.User", models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    day = models.DateField(_("day"))
    mark = models.PositiveSmallIntegerField(_("mark (out of 100)"))
    findings = models.CharField(_("findings"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [
            models.Index(fields=["street", "day"], name="inspection_of_street"),
            # a month's checks of every street, read once when the month closes
            models.Index(fields=["day", "id"], name="inspection_by_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(mark__lte=100), name="inspection_mark_le_100"),
            models.UniqueConstraint(
                fields=["street", "inspector", "day"], name="one_inspection_per_inspector_day"
            ),
        ]
        verbose_name = _("street inspection")
        verbose_name_plural = _("street inspections")

    def __str__(self) -> str:
        return f"{self.street_id} {self.day} {self.mark}"


class StreetMonth(models.Model):
    """A street's score for a closed month: the residents' (counted scores: how many,
    their mean × 100), the inspectors' (how many, mean mark), the 12345 complaints about
    the street, the weights used and the combined score (out of 100, × 100). Written
    when the month closes; a month is closed once."""

    street = models.ForeignKey(
        "citymgmt.Street", models.PROTECT, related_name="months", verbose_name=_("street")
    )
    month = models.DateField(_("month"))  # its first day
    resident_count = models.PositiveIntegerField(_("residents' scores"))
    resident_centi = models.PositiveIntegerField(_("residents' mean × 100"), null=True)
    inspection_count = models.PositiveIntegerField(_("inspections"))
    inspection_mark = models.PositiveIntegerField(_("inspections' mean mark"), null=True)
    complaint_count = models.PositiveIntegerField(_("12345 complaints"))
    weights = models.JSONField(_("weights"))
    score_centi = models.PositiveIntegerField(_("combined score × 100"))
    closed_at = models.DateTimeField(_("closed"))

    class Meta:
        ordering = ["-month", "street"]
        indexes = [models.Index(fields=["month", "score_centi"], name="street_month_rank")]
        constraints = [
            models.UniqueConstraint(fields=["street", "month"], name="one_score_per_street_month")
        ]
        verbose_name = _("street month")
        verbose_name_plural = _("street months")

    def __str__(self) -> str:
        return f"{self.street_id} {self.month:%Y-%m}"


class ScoringMonth(models.Model):
    """A month of the scoring, city-wide: closed once (its StreetMonth rows written), by
    whom and when."""

    month = models.DateField(_("month"), unique=True)  # its first day
    closed_at = models.DateTimeField(_("closed"))
    closed_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    streets = models.PositiveIntegerField(_("streets scored"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("scoring month")
        verbose_name_plural = _("scoring months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ScoreRefusal(models.Model):
    """Scores refused at a street on a day, by reason (a second score the same day, a
    device or a network address over its rate), counted: a roll-up kept by
    core.rollups.rollup_add (one statement a refusal), so that staff see the refusals
    without a log of every refused request."""

    day = models.DateField(_("day"))
    street = models.ForeignKey(
        "citymgmt.Street",
        models.PROTECT,
        related_name="+",
        verbose_name=_("street"),
        db_index=False,  # leads an index of Meta.indexes
    )
    reason = models.CharField(_("reason"), max_length=20, choices=REFUSAL_CHOICES)
    count = models.PositiveIntegerField(_("refusals"), default=0)

    class Meta:
        ordering = ["-day", "street", "reason"]
        indexes = [models.Index(fields=["street", "day"], name="score_refusal_of_street")]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "street", "reason"], name="one_refusal_count_per_day"
            )
        ]
        verbose_name = _("score refusal")
        verbose_name_plural = _("score refusals")

    def __str__(self) -> str:
        return f"{self.street_id} {self.day} {self.reason} {self.count}"
