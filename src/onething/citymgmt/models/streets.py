"""背街小巷 and their renovation: the register of streets and lanes, the city's renovation
programme, each street's projects (整治项目) with their milestones and photos."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rules.projects import MILESTONE_LABELS, MILESTONES, PLANNED

MILESTONE_CHOICES = [(m, MILESTONE_LABELS[m]) for m in MILESTONES]


class StreetCategory(models.TextChoices):
    BACK_LANE = "back_lane", _("Back street or lane")  # 背街小巷
    BRANCH_ROAD = "branch_road", _("Branch road")  # 支路
    MAIN_ROAD = "main_road", _("Main road")  # 主次干道
    COMMERCIAL = "commercial", _("Commercial street")  # 商业街


class Street(models.Model):
    """背街小巷: a street or lane of the city's register, in a district (``district``)
    and a street office or town (``street_office``, 街道)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    district = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("district")
    )
    street_office = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="streets", verbose_name=_("street office")
    )
    category = models.CharField(_("category"), max_length=12, choices=StreetCategory.choices)
    length_m = models.PositiveIntegerField(_("length (m)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="streets",
        verbose_name=_("managing department"),
    )
    is_active = models.BooleanField(_("in the register"), default=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["district", "name"], name="street_in_district")]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self) -> str:
        return self.name


class RenovationProgramme(models.Model):
    """The city's programme of back-street renovation for a year (e.g. 2021: 250 streets,
    ¥8.7亿); its totals are counted from its projects, never typed in."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("renovation programme")
        verbose_name_plural = _("renovation programmes")

    def __str__(self) -> str:
        return self.name


class StreetProject(models.Model):
    """整治项目: a renovation of one street: what it does (``items``, codes of
    rules.projects.ITEMS), its budget and what was spent (fen), its milestone (立项 → 施工 →
    完工) with the dates reached."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    street = models.ForeignKey(
        Street, models.PROTECT, related_name="projects", verbose_name=_("street")
    )
    programme = models.ForeignKey(
        RenovationProgramme,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=100)
    items = models.JSONField(_("items"), default=list)
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    spent_fen = models.BigIntegerField(_("spent (fen)"), default=0)
    milestone = models.CharField(
        _("milestone"), max_length=10, choices=MILESTONE_CHOICES, default=PLANNED
    )
    approved_on = models.DateField(_("approved on"))
    started_on = models.DateField(_("construction started"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="street_projects",
        verbose_name=_("responsible department"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-approved_on", "-id"]
        indexes = [models.Index(fields=["programme", "milestone"], name="project_in_programme")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_fen__gte=0) & models.Q(spent_fen__gte=0),
                name="project_money_not_negative",
            )
        ]
        verbose_name = _("street project")
        verbose_name_plural = _("street projects")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ProjectStep(models.Model):
    """A line of a project's timeline: a milestone reached, a spend recorded, a photo
    added; who and when."""

    project = models.ForeignKey(
        StreetProject, models.CASCADE, related_name="steps", verbose_name=_("street project")
    )
    action = models.CharField(_("action"), max_length=20)
    milestone_after = models.CharField(
        _("milestone after"), max_length=10, choices=MILESTONE_CHOICES
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    actor = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project step")
        verbose_name_plural = _("project steps")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.action}"


class PhotoPhase(models.TextChoices):
    BEFORE = "before", _("Before")  # 整治前
    AFTER = "after", _("After")  # 整治后


class ProjectPhoto(models.Model):
    """A before or after photo of a project (checked by core.uploads.inspect_image)."""

    project = models.ForeignKey(
        StreetProject, models.CASCADE, related_name="photos", verbose_name=_("street project")
    )
    phase = models.CharField(_("phase"), max_length=6, choices=PhotoPhase.choices)
    file = models.FileField(_("file"), upload_to="citymgmt/projects/%Y/%m/")
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    added_at = models.DateTimeField(_("added"))

    class Meta:
        ordering = ["phase", "id"]
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")

    def __str__(self) -> str:
        return self.name
