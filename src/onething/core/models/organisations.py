from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    MARKET_REGULATION = "market_regulation", _("Market regulation")
    TAX = "tax", _("Taxation")
    SOCIAL_SECURITY = "social_security", _("Human resources and social security")
    MEDICAL_INSURANCE = "medical_insurance", _("Medical insurance")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources and planning")
    HOUSING_CONSTRUCTION = "housing_construction", _("Housing and construction")
    DATA_BUREAU = "data_bureau", _("Data bureau")
    TRADE_UNION = "trade_union", _("Trade union")
    CITY_MANAGEMENT = "city_management", _("City management")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    PUBLIC_SECURITY = "public_security", _("Public security")
    TOWN_OFFICE = "town_office", _("Town government office")
    # the departments feeding the operations centre (城运中心)
    FIRE_RESCUE = "fire_rescue", _("Fire and rescue")  # 消防救援
    WATER_RESOURCES = "water_resources", _("Water resources")  # 水利
    METEOROLOGY = "meteorology", _("Meteorology")  # 气象
    EMERGENCY = "emergency", _("Emergency management")  # 应急管理
    TRANSPORT = "transport", _("Transport")  # 交通运输
    ECOLOGY_ENVIRONMENT = "ecology_environment", _("Ecology and environment")  # 生态环境
    WATER_SUPPLY = "water_supply", _("Water supply and drainage")  # 水务 / 排水
    UTILITIES = "utilities", _("Gas and power supply")  # 燃气 / 供电
    OTHER = "other", _("Other")


class Department(models.Model):
    """部门: a government department (or a town's office of one) belonging to a region."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="departments", verbose_name=_("region")
    )
    phone = models.CharField(_("public phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class ServiceCenter(models.Model):
    """便民服务中心: a service centre with windows where people are served in person."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=80)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="service_centers", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """窗口: a counter of a service centre."""

    center = models.ForeignKey(
        ServiceCenter, models.CASCADE, related_name="windows", verbose_name=_("service centre")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=80)
    is_cross_region = models.BooleanField(_("cross-region window"), default=False)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["center", "number"]
        constraints = [
            models.UniqueConstraint(fields=["center", "number"], name="window_number_per_center")
        ]
        verbose_name = _("window")
        verbose_name_plural = _("windows")

    def __str__(self) -> str:
        return _("%(center)s, window %(number)s (%(name)s)") % {
            "center": self.center.name,
            "number": self.number,
            "name": self.name,
        }
