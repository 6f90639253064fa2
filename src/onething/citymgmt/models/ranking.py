"""红黑榜: evaluation categories with their published criteria, the batches (2021 第三批),
the sites that are not streets (markets, building sites), the entries each batch ranks
(red, black or neither) and the black list's rectifications (整改任务)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.ranking import (
    BATCH_STATUS_LABELS,
    BATCH_STATUSES,
    DRAFT,
    LIST_LABELS,
    LISTS,
    NEITHER,
    SUBJECT_LABELS,
    SUBJECTS,
    TASK_OPEN,
    TASK_STATUS_LABELS,
    TASK_STATUSES,
)

BATCH_STATUS_CHOICES = [(s, BATCH_STATUS_LABELS[s]) for s in BATCH_STATUSES]
LIST_CHOICES = [(x, LIST_LABELS[x]) for x in LISTS]
SUBJECT_CHOICES = [(s, SUBJECT_LABELS[s]) for s in SUBJECTS]
TASK_STATUS_CHOICES = [(s, TASK_STATUS_LABELS[s]) for s in TASK_STATUSES]


class RankingCategory(models.Model):
    """An evaluation category (背街小巷整治, 农贸市场, 建筑工地…): what it ranks and its
    published criteria with their weights (``criteria``: [{"name", "weight"}], the
    weights in percent adding to 100)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40)
    subject = models.CharField(_("ranks"), max_length=8, choices=SUBJECT_CHOICES)
    criteria = models.JSONField(_("criteria and weights"), default=list)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("ranking category")
        verbose_name_plural = _("ranking categories")

    def __str__(self) -> str:
        return self.name


class RankingSite(models.Model):
    """A site ranked that is not a street: a farmers' market, a building site…"""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    category = models.ForeignKey(
        RankingCategory, models.PROTECT, related_name="sites", verbose_name=_("category")
    )
    district = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("district")
    )
    street_office = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("street office")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="ranking_sites",
        verbose_name=_("managing department"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("ranked site")
        verbose_name_plural = _("ranked sites")

    def __str__(self) -> str:
        return self.name


class DrawRule(models.TextChoices):
    TOP_BOTTOM = "top_bottom", _("Top and bottom of each category")
    THRESHOLDS = "thresholds", _("Score thresholds")


class RankingBatch(models.Model):
    """评选批次: the city's batch of a year (``year``, ``sequence``: 2021 第三批) over the
    months ``period_start``…``period_end`` (first days), in some categories. Its rule
    draws the lists per category: the ``red_count`` best and ``black_count`` worst, or
    the scores at or above ``red_at_least`` and below ``black_below`` (× 100). Drafted,
    drawn, approved by a supervisor, then published."""

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveSmallIntegerField(_("batch"))
    title = models.CharField(_("title"), max_length=100)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    categories = models.ManyToManyField(
        RankingCategory, related_name="batches", verbose_name=_("categories")
    )
    period_start = models.DateField(_("from month"))
    period_end = models.DateField(_("to month"))
    rule = models.CharField(_("rule"), max_length=12, choices=DrawRule.choices)
    red_count = models.PositiveSmallIntegerField(_("red list size"), default=0)
    black_count = models.PositiveSmallIntegerField(_("black list size"), default=0)
    red_at_least = models.PositiveIntegerField(
        _("red list from score × 100"), null=True, blank=True
    )
    black_below = models.PositiveIntegerField(
        _("black list below score × 100"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BATCH_STATUS_CHOICES, default=DRAFT
    )
    created_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    approved_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-year", "-sequence"]
        indexes = [models.Index(fields=["status", "published_at"], name="batch_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "sequence"], name="one_batch_per_region_year_sequence"
            )
        ]
        verbose_name = _("ranking batch")
        verbose_name_plural = _("ranking batches")

    def __str__(self) -> str:
        return self.title


class BatchStep(models.Model):
    """A line of a batch's timeline (drafted, drawn, approved, published…)."""

    batch = models.ForeignKey(
        RankingBatch, models.CASCADE, related_name="steps", verbose_name=_("ranking batch")
    )
    action = models.CharField(_("action"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=10, choices=BATCH_STATUS_CHOICES)
    actor = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("batch step")
        verbose_name_plural = _("batch steps")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class RankingEntry(models.Model):
    """A street or a site as one batch ranks it in one category: its score (× 100) and
    what it is made of (``components``), its rank, the list it is on. ``previous`` is
    its black-list entry of the batch before, if any; ``not_improved`` flags a black-list
    entry whose score did not rise by this batch."""

    batch = models.ForeignKey(
        RankingBatch, models.CASCADE, related_name="entries", verbose_name=_("ranking batch")
    )
    category = models.ForeignKey(
        RankingCategory, models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    street = models.ForeignKey(
        "citymgmt.Street",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ranking_entries",
        verbose_name=_("street"),
    )
    site = models.ForeignKey(
        RankingSite,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("site"),
    )
    score_centi = models.PositiveIntegerField(_("score × 100"))
    components = models.JSONField(_("components"), default=dict)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    list = models.CharField(
        _("list"), max_length=5, choices=LIST_CHOICES, default=NEITHER, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    previous = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous black-list entry"),
    )
    not_improved = models.BooleanField(_("not improved since the last batch"), default=False)

    class Meta:
        ordering = ["batch", "category", "rank", "id"]
        indexes = [models.Index(fields=["batch", "category", "list"], name="entry_on_list")]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "category", "street"],
                condition=Q(street__isnull=False),
                name="one_entry_per_batch_category_street",
            ),
            models.UniqueConstraint(
                fields=["batch", "category", "site"],
                condition=Q(site__isnull=False),
                name="one_entry_per_batch_category_site",
            ),
            models.CheckConstraint(
                condition=Q(street__isnull=False) ^ Q(site__isnull=False),
                name="entry_is_a_street_or_a_site",
            ),
        ]
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")

    def __str__(self) -> str:
        return f"{self.batch_id} {self.category_id} {self.rank}"


class Rectification(models.Model):
    """整改任务: what a black-list entry must put right, by ``due_on`` (working days from
    publication; ``due_provisional`` when counted through a year with no official
    schedule yet), by the department managing the street or site. Submitted with
    evidence (a text and photos), then closed by the city-management office or sent back."""

    entry = models.OneToOneField(
        RankingEntry, models.PROTECT, related_name="rectification", verbose_name=_("entry")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="street_rectifications",
        verbose_name=_("responsible department"),
    )
    required = models.TextField(_("what must be put right"))
    due_on = models.DateField(_("due"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=TASK_STATUS_CHOICES, default=TASK_OPEN
    )
    evidence = models.TextField(_("evidence"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="rectification_todo")
        ]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return f"{self.entry_id} {self.due_on}"


class RectificationStep(models.Model):
    """A line of a rectification's timeline."""

    rectification = models.ForeignKey(
        Rectification, models.CASCADE, related_name="steps", verbose_name=_("rectification")
    )
    action = models.CharField(_("action"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=10, choices=TASK_STATUS_CHOICES)
    actor = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("rectification step")
        verbose_name_plural = _("rectification steps")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class RectificationPhoto(models.Model):
    """A photo of the evidence (checked by core.uploads.inspect_image)."""

    rectification = models.ForeignKey(
        Rectification, models.CASCADE, related_name="photos", verbose_name=_("rectification")
    )
    file = models.FileField(_("file"), upload_to="citymgmt/rectifications/%Y/%m/")
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.name
