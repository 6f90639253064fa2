from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A natural person. The resident ID number (居民身份证号) and the phone number are
    personal data: stored encrypted (AES-GCM), found by a keyed hash, shown masked."""

    name = models.CharField(_("name"), max_length=50)
    id_number_cipher = models.TextField(editable=False)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        related_name="people",
        verbose_name=_("home region"),
        help_text=_("The town or district where the person is registered with the platform."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked})"


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class Enterprise(models.Model):
    """An enterprise (or individual business), identified by its unified social credit code
    (统一社会信用代码, GB 32100). The code is public registration data, kept in clear."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="enterprises", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=EnterpriseSize.choices, blank=True)
    legal_representative = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_enterprises",
        verbose_name=_("legal representative"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An accounting or registration agency (代理记账/代办机构) acting for client enterprises."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="agencies", verbose_name=_("region")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """代办员: a person working for an agency."""

    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="agents", verbose_name=_("agency")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="agent_roles", verbose_name=_("person")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "person"], name="agent_once_per_agency")
        ]
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.agency.name}"
