"""The open-data catalogue: datasets (DCAT-style metadata) and their fields, the releases
a department publishes with their rows, and the download counts per dataset, day and
format (a roll-up, added to as each download is served)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{1,63}$"
FIELD_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


class Theme(models.TextChoices):
    """The themes of the Chinese government open-data catalogues (主题分类)."""

    ECONOMY = "economy", _("Economic development")
    URBAN = "urban", _("Urban construction")
    TRANSPORT = "transport", _("Transport and travel")
    ENVIRONMENT = "environment", _("Ecology and environment")
    SAFETY = "safety", _("Public safety")
    LIVELIHOOD = "livelihood", _("Social livelihood")
    EDUCATION = "education", _("Education and culture")
    HEALTH = "health", _("Health")
    ORGANISATIONS = "organisations", _("Institutions and organisations")
    GOVERNMENT = "government", _("Government services")
    CREDIT = "credit", _("Credit services")
    AGRICULTURE = "agriculture", _("Agriculture and rural areas")


class Licence(models.TextChoices):
    WUXI_OPEN = "wuxi-open", _("Wuxi public data open licence")
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 International")
    CC0 = "cc0-1.0", _("Creative Commons Zero 1.0 (public domain)")


class Frequency(models.TextChoices):
    LIVE = "live", _("Built live")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    IRREGULAR = "irregular", _("Irregularly")


class Source(models.TextChoices):
    RELEASE = "release", _("Published by the department")
    FIGURES = "figures", _("The platform's own figures")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes or no")


class DownloadFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel"
    JSON = "json", "JSON"


class Dataset(models.Model):
    """公共数据开放: one dataset of the open-data catalogue. Its rows are the latest
    release of its publisher (``source`` release) or one of the platform's figure datasets,
    built when read (``source`` figures, ``figure_key``)."""

    key = models.CharField(
        _("identifier"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(KEY_PATTERN)],
        help_text=_("Lower-case letters, digits and hyphens; it is the dataset's address."),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    publisher = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="open_datasets",
        verbose_name=_("publisher"),
    )
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    licence = models.CharField(_("open licence"), max_length=16, choices=Licence.choices)
    update_frequency = models.CharField(
        _("update frequency"), max_length=12, choices=Frequency.choices
    )
    source = models.CharField(_("source of the rows"), max_length=8, choices=Source.choices)
    figure_key = models.CharField(
        _("figure dataset"),
        max_length=64,
        blank=True,
        help_text=_("The platform's figure dataset the rows are built from."),
    )
    issued = models.DateField(_("first published"))
    modified = models.DateTimeField(_("last changed"))

    class Meta:
        ordering = ["-modified", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure_key"],
                condition=~Q(figure_key=""),
                name="opendata_one_entry_per_figure_dataset",
            ),
            models.CheckConstraint(
                condition=Q(source="release", figure_key="")
                | Q(source="figures") & ~Q(figure_key=""),
                name="opendata_figures_name_their_dataset",
            ),
        ]
        verbose_name = _("open dataset")
        verbose_name_plural = _("open datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace("，", ",").split(",") if k.strip()]

    @property
    def is_figures(self) -> bool:
        return self.source == Source.FIGURES


class DatasetField(models.Model):
    """One column of a dataset: its key (in the downloads and the JSON), its label (the
    header a department's file may use instead), type, unit and meaning."""

    dataset = models.ForeignKey(
        Dataset, models.CASCADE, related_name="fields", verbose_name=_("open dataset")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(
        _("column key"), max_length=40, validators=[RegexValidator(FIELD_KEY_PATTERN)]
    )
    label = models.CharField(_("label"), max_length=60)
    type = models.CharField(_("type"), max_length=8, choices=FieldType.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["dataset", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "key"], name="opendata_field_key_once"),
        ]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.label


class Release(models.Model):
    """发布版本: one version of a department dataset's rows, as its officer uploaded it.
    Every release is kept; the one with the highest number is served."""

    dataset = models.ForeignKey(
        Dataset, models.CASCADE, related_name="releases", verbose_name=_("open dataset")
    )
    number = models.PositiveIntegerField(_("release"))
    file_name = models.CharField(_("file"), max_length=120)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="opendata_release_once"),
        ]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return f"{self.dataset.key} #{self.number}"


class ReleaseRow(models.Model):
    """One row of a release: ``n`` from 1 in the file's order, the values by column key
    (numbers as numbers, dates as YYYY-MM-DD, yes/no as true/false)."""

    release = models.ForeignKey(
        Release,
        models.CASCADE,
        related_name="rows",
        verbose_name=_("release"),
        db_index=False,  # leads the unique (release, n), the index the rows are paged by
    )
    n = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("values"))

    class Meta:
        ordering = ["release", "n"]
        constraints = [
            models.UniqueConstraint(fields=["release", "n"], name="opendata_row_once"),
        ]
        verbose_name = _("row")
        verbose_name_plural = _("rows")

    def __str__(self) -> str:
        return str(self.n)


class DownloadTally(models.Model):
    """下载量: the downloads of a dataset on one day (Shanghai time) in one format, added
    to by one statement as each download is served."""

    dataset = models.ForeignKey(
        Dataset,
        models.CASCADE,
        related_name="download_tallies",
        verbose_name=_("open dataset"),
        db_index=False,  # leads the unique (dataset, day, format)
    )
    day = models.DateField(_("day"))
    format = models.CharField(_("format"), max_length=4, choices=DownloadFormat.choices)
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["dataset", "-day", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "day", "format"], name="opendata_tally_once"
            ),
        ]
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")

    def __str__(self) -> str:
        return f"{self.day} {self.get_format_display()}: {self.count}"
