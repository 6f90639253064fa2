"""Operators, their venues and tariffs, the benefits each honour level enjoys there, and the
gates (terminals) at the venues. A new place is configuration, not code."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class OperatorKind(models.TextChoices):
    BUS = "bus", _("Bus company")
    METRO = "metro", _("Metro company")
    SCENIC = "scenic", _("Scenic spot")
    HOSPITAL = "hospital", _("Hospital")
    RESTAURANT = "restaurant", _("Restaurant")
    OTHER = "other", _("Other")


class Operator(models.Model):
    """运营方: whom the union settles with."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=OperatorKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    """场所: a bus network, a metro line, a scenic spot, a hospital's green channel, a
    restaurant of a dining district (``area``: its 商圈, e.g. 南长街)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    operator = models.ForeignKey(Operator, models.PROTECT, related_name="venues")
    area = models.CharField(_("business district"), max_length=40, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name


class Tariff(models.Model):
    """What one use of a venue costs (the subsidy owed to its operator), in fen."""

    venue = models.ForeignKey(Venue, models.PROTECT, related_name="tariffs")
    price_fen = models.PositiveIntegerField(_("price (fen)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["venue", "-valid_from"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self) -> str:
        return gettext("%(venue)s: %(price)s yuan from %(day)s") % {
            "venue": self.venue,
            "price": f"{self.price_fen / 100:,.2f}",
            "day": self.valid_from,
        }


class BenefitKind(models.TextChoices):
    FREE_RIDE = "free_ride", _("Free ride")
    FREE_ENTRY = "free_entry", _("Free entry")
    DISCOUNT = "discount", _("Discount")
    # 医院就诊绿色通道: the card identifies the honoree at the desk; recorded, never charged
    PRIORITY = "priority", _("Priority service (hospital green channel)")
    # 餐饮商圈优惠: a share off the bill the cashier enters, paid by ``funded_by``
    BILL_DISCOUNT = "bill_discount", _("Discount on the bill (dining offer)")


class FundedBy(models.TextChoices):
    """Who pays a dining discount: the union's subsidy pool (a ledger row, settled with the
    merchant monthly) or the merchant itself (recorded, never settled)."""

    POOL = "pool", _("The union's subsidy pool")
    MERCHANT = "merchant", _("The merchant (at its own cost)")


class PriorityService(models.TextChoices):
    """What the hospital's green channel gave the honoree at the desk."""

    REGISTRATION = "registration", _("Priority registration")
    CONSULTATION = "consultation", _("Priority consultation")
    EXAMINATION = "examination", _("Priority examination")
    ESCORT = "escort", _("Escort service")


class Benefit(models.Model):
    """礼遇: which honour levels get what at a venue, with optional caps."""

    name = models.CharField(_("name"), max_length=80)
    venue = models.ForeignKey(Venue, models.PROTECT, related_name="benefits")
    levels = models.JSONField(_("honour levels"), default=list)
    kind = models.CharField(_("kind"), max_length=16, choices=BenefitKind.choices)
    discount_percent = models.PositiveSmallIntegerField(
        _("discount (% paid by the union; off the bill for a dining offer)"), default=100
    )
    funded_by = models.CharField(
        _("discount paid by"), max_length=10, choices=FundedBy.choices, default=FundedBy.POOL
    )
    visit_cap_fen = models.PositiveIntegerField(
        _("largest discount per visit (fen)"), null=True, blank=True
    )
    daily_cap = models.PositiveSmallIntegerField(_("uses per day"), null=True, blank=True)
    monthly_cap = models.PositiveSmallIntegerField(_("uses per month"), null=True, blank=True)
    voice_prompt = models.CharField(_("voice prompt"), max_length=40, default="关爱卡")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return self.name


class Gate(models.Model):
    """A terminal at a venue; it authenticates with the API token of its account."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    venue = models.ForeignKey(Venue, models.PROTECT, related_name="gates")
    account = models.OneToOneField(
        "core.User", models.PROTECT, related_name="gate", verbose_name=_("account")
    )
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("gate")
        verbose_name_plural = _("gates")

    def __str__(self) -> str:
        return self.name
