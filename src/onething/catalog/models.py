from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PERSON = "person", _("Citizens")
    ENTERPRISE = "enterprise", _("Enterprises")
    BOTH = "both", _("Citizens and enterprises")


class Category(models.Model):
    """A category of the catalogue (商事登记, 社保, 医保, 税务, 不动产, 建设审批, 民生 …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class LifeEvent(models.Model):
    """A life event people browse by (开办企业, 生育, 就业, 退休 …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.BOTH
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name


class MaterialType(models.Model):
    """A kind of document recognised across items (营业执照, 身份证 …), so that the same
    material is asked for, uploaded and reused in the same way everywhere."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("material type")
        verbose_name_plural = _("material types")

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    INSTANT = "instant", _("Instant (concluded on the spot)")
    PROMISED = "promised", _("Promised (concluded within the promised days)")


class ServiceItem(models.Model):
    """事项: one service of the catalogue, owned by a department and offered in regions.

    ``form_schema`` is the item's application form as a JSON Schema (draft 2020-12) object:
    each property is a field (``title`` is its label, ``type``/``format``/``enum``/
    ``maxLength``/``minimum``… its validation), ``required`` lists the required ones and
    ``x-order`` their order on the page."""

    code = models.CharField(_("item code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="items", verbose_name=_("department")
    )
    regions = models.ManyToManyField(
        "core.Region", related_name="items", verbose_name=_("offered in"), blank=True
    )
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="items", verbose_name=_("category")
    )
    life_events = models.ManyToManyField(
        LifeEvent, related_name="items", verbose_name=_("life events"), blank=True
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.BOTH
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    statutory_days = models.PositiveSmallIntegerField(_("statutory limit (working days)"))
    promised_days = models.PositiveSmallIntegerField(_("promised limit (working days)"))
    fee_fen = models.PositiveIntegerField(_("fee (fen)"), default=0)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    online = models.BooleanField(_("can be applied for online"), default=True)
    at_window = models.BooleanField(_("can be applied for at a window"), default=True)
    licence_name = models.CharField(
        _("result document"), max_length=60, blank=True, help_text=_("e.g. 营业执照")
    )
    licence_valid_years = models.PositiveSmallIntegerField(
        _("result valid for (years)"), null=True, blank=True, help_text=_("Empty: long-term.")
    )
    form_schema = models.JSONField(_("application form"), default=dict, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["category__order", "code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_days__lte=F("statutory_days")),
                name="promised_within_statutory",
            ),
            models.CheckConstraint(
                condition=Q(online=True) | Q(at_window=True), name="item_has_a_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Required")
    CONDITIONAL = "conditional", _("Conditional")


class Form(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    EITHER = "either", _("Original or copy")


class MaterialRequirement(models.Model):
    """A material an item asks for."""

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="materials", verbose_name=_("item")
    )
    material_type = models.ForeignKey(
        MaterialType, models.PROTECT, related_name="requirements", verbose_name=_("material type")
    )
    requirement = models.CharField(
        _("required"), max_length=12, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    condition = models.CharField(
        _("condition"), max_length=200, blank=True, help_text=_("When a conditional one is due.")
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.COPY)
    electronic_accepted = models.BooleanField(_("electronic copy accepted"), default=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["item", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "material_type"], name="material_once_per_item")
        ]
        verbose_name = _("material requirement")
        verbose_name_plural = _("material requirements")

    def __str__(self) -> str:
        return f"{self.item.code}: {self.material_type.name}"

    @property
    def needs_paper_original(self) -> bool:
        return self.form == Form.ORIGINAL and not self.electronic_accepted
