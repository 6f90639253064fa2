"""What appeals are sorted by and sent along: programmes, the category tree, routing rules,
time limits and the keys of Open311 clients."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A programme appeals can belong to: the enterprise service platform 无难事、悉心办 or
    the citizens' 微幸福 (出题点菜 through a 12345 channel). Its batches are supervised."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A node of the category tree (e.g. 市容环境 › 路灯). A category marked ``open311`` is a
    public-space service that Open311 clients can file under its ``code``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    description = models.CharField(_("description"), max_length=300, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    open311 = models.BooleanField(_("offered through Open311"), default=False)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """One rule of the routing table, tried in ``position`` order; the first whose every set
    condition matches names the responsible department. Empty conditions match anything."""

    position = models.PositiveIntegerField(_("position"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("category (and below)"),
    )
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region (and below)"),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated; the rule matches when the text contains any of them."),
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "core.Person", models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="routing_rules",
        verbose_name=_("responsible department"),
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class TimeLimit(models.Model):
    """The working days to reply to an appeal of one type and urgency (0 = the same day).
    Overrides the defaults in rules.DEFAULT_LIMITS."""

    type = models.CharField(_("type"), max_length=12)
    urgency = models.CharField(_("urgency"), max_length=8)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    warning_days = models.PositiveSmallIntegerField(
        _("warn this many working days before"), default=1
    )

    class Meta:
        ordering = ["type", "urgency"]
        constraints = [
            models.UniqueConstraint(fields=["type", "urgency"], name="one_limit_per_type_urgency")
        ]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")

    def __str__(self) -> str:
        return f"{self.type}/{self.urgency}: {self.working_days}"


class Open311Key(models.Model):
    """The API key of an Open311 client (an app that files public-space requests). Only a
    hash of the key is kept; the key is shown once."""

    name = models.CharField(_("client"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
