"""增值服务: the providers (the city's departments and partner institutions), their
services in the enterprise platform's catalogue, and the enterprises' requests with their
files and timeline. Written only by the services (services/); read by the selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules.catalogue import (
    CATEGORIES,
    CATEGORY_LABELS,
    CITY,
    PARTNER,
    PROVIDER_KIND_LABELS,
    PROVIDER_KINDS,
)
from .rules.requests import OUTCOME_LABELS, OUTCOMES, STATUS_LABELS, STATUSES, SUBMITTED

CATEGORY_CHOICES = [(c, CATEGORY_LABELS[c]) for c in CATEGORIES]
KIND_CHOICES = [(k, PROVIDER_KIND_LABELS[k]) for k in PROVIDER_KINDS]
STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in STATUSES]
OUTCOME_CHOICES = [(o, OUTCOME_LABELS[o]) for o in OUTCOMES]
PHONE_LABEL = "valueadded.service_request.contact_phone"  # the sealing's associated data


class ServiceProvider(models.Model):
    """Who provides value-added services: a city department (``kind`` city: its officers
    act on the requests) or a partner institution registered as an enterprise (``kind``
    partner: a bank, a law firm, an IP agency; its staff accounts act)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=8, choices=KIND_CHOICES)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner enterprise"),
    )
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("public contact"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=CITY, department__isnull=False, enterprise__isnull=True)
                    | Q(kind=PARTNER, enterprise__isnull=False, department__isnull=True)
                ),
                name="va_provider_is_a_department_or_a_partner",
            )
        ]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name


class ValueAddedService(models.Model):
    """A service of the catalogue (增值服务): what it is, who may ask for it (every
    enterprise, or those of the ``sizes`` and ``industries`` named), whether it is free
    (or its fee), and the working days within which the provider answers a request."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    provider = models.ForeignKey(
        ServiceProvider, models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    category = models.CharField(_("category"), max_length=12, choices=CATEGORY_CHOICES)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"))
    sizes = models.JSONField(_("enterprise sizes"), default=list, blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    free = models.BooleanField(_("free of charge"), default=True)
    fee_note = models.CharField(_("fee"), max_length=120, blank=True)
    response_days = models.PositiveSmallIntegerField(_("answered within (working days)"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["category", "name", "id"]
        indexes = [models.Index(fields=["active", "category", "name"], name="va_service_browse")]
        verbose_name = _("value-added service")
        verbose_name_plural = _("value-added services")

    def __str__(self) -> str:
        return self.name


class ServiceRequest(models.Model):
    """An enterprise's request for a service, routed to the service's provider. The
    contact's phone is sealed (core.crypto), shown masked, read in full only through the
    audited reveal. ``due_date``: the provider answers (accepts or declines) by then;
    ``answered_at``: when it did."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    service = models.ForeignKey(
        ValueAddedService, models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        ServiceProvider,
        models.PROTECT,
        related_name="requests",
        verbose_name=_("provider"),
        db_index=False,  # leads an index of Meta.indexes
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
        db_index=False,  # leads an index of Meta.indexes
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    subject = models.CharField(_("subject"), max_length=100)
    details = models.TextField(_("details"))
    contact_name = models.CharField(_("contact"), max_length=50)
    contact_phone_cipher = models.TextField(blank=True, editable=False)
    contact_phone_digest = models.CharField(max_length=64, blank=True, editable=False)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"))
    due_date = models.DateField(_("answer by"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    decline_reason = models.CharField(_("reason declined"), max_length=500, blank=True)
    withdraw_reason = models.CharField(_("reason withdrawn"), max_length=500, blank=True)
    outcome_kind = models.CharField(_("result"), max_length=12, choices=OUTCOME_CHOICES, blank=True)
    outcome = models.TextField(_("what was done"), blank=True)
    amount_fen = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    request_key = models.CharField(max_length=64, blank=True)  # the client's idempotency key

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "submitted_at", "id"], name="va_request_mine"),
            models.Index(fields=["provider", "submitted_at", "id"], name="va_request_queue"),
            models.Index(fields=["status", "due_date"], name="va_request_due"),
            models.Index(fields=["submitted_at", "id"], name="va_request_new"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="va_request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__isnull=True) | Q(amount_fen__gt=0),
                name="va_request_amount_positive",
            ),
        ]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in ("submitted", "accepted")


class RequestAttachment(models.Model):
    """A file sent with a request (PDF, JPEG or PNG: core.uploads)."""

    request = models.ForeignKey(
        ServiceRequest, models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    file = models.FileField(_("file"), upload_to="valueadded/%Y/%m/")
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class RequestStep(models.Model):
    """A line of a request's timeline: the move, the status after it, who and when."""

    request = models.ForeignKey(
        ServiceRequest, models.CASCADE, related_name="steps", verbose_name=_("request")
    )
    action = models.CharField(_("action"), max_length=12)
    status_after = models.CharField(_("status after"), max_length=10, choices=STATUS_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self) -> str:
        return f"{self.request} · {self.action}"
