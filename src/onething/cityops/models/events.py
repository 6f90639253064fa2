"""城运事件: an event a sensor's threshold or a grid inspector opens, and its closed loop
(rules/events.py): its timeline (one step per change) and its photos."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.events import CLOSED, REPORTED, STATUS_LABELS, STATUSES
from ..rules.thresholds import NORMAL
from .devices import LEVEL_CHOICES

STATUS_CHOICES = [(status, STATUS_LABELS[status]) for status in STATUSES]


class EventSource(models.TextChoices):
    SENSOR = "sensor", _("Sensor threshold")  # 物联感知
    INSPECTOR = "inspector", _("Grid inspector")  # 网格巡查
    APPEAL = "appeal", _("12345 appeal")  # 12345 转办
    OFFLINE = "offline", _("Device offline")  # 设备离线


class Event(models.Model):
    """An event of the city (a river over its warning level, a broken manhole cover, a
    blocked fire lane). A sensor opens at most one open event per monitored value: its
    level follows the value and it closes by itself when the value is back to normal
    (``returned_at``); a device gone silent opens at most one open ``offline`` event,
    closed when it is heard again. ``due_at`` is when it must be handled by
    (``due_provisional`` when counted through a year with no official holiday schedule
    yet). ``appeal_number`` names the 12345 appeal it came from or answers, if any."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=EventSource.choices)
    metric = models.ForeignKey(
        "cityops.Metric",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("monitored value"),
    )
    device = models.ForeignKey(
        "cityops.Device",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("device"),
    )
    level = models.CharField(_("level"), max_length=8, choices=LEVEL_CHOICES, default=NORMAL)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        related_name="city_events",
        verbose_name=_("region"),
        db_index=False,  # leads an index of Meta.indexes
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    reported_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="city_events_reported",
        verbose_name=_("reported by"),
        db_index=False,  # leads an index of Meta.indexes
    )
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default=REPORTED)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="city_events",
        verbose_name=_("dispatched to"),
        db_index=False,  # leads an index of Meta.indexes
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due time provisional"), default=False)
    appeal_number = models.CharField(_("12345 appeal"), max_length=40, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    returned_at = models.DateTimeField(_("back to normal"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            # a list newest first, for each part of a scope (core.pagination.AnyOf)
            models.Index(fields=["opened_at", "id"], name="event_opened"),
            models.Index(fields=["department", "opened_at", "id"], name="event_of_department"),
            models.Index(fields=["reported_by", "opened_at", "id"], name="event_reported_by"),
            models.Index(fields=["region", "opened_at", "id"], name="event_in_region"),
            models.Index(fields=["status", "due_at"], name="event_by_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["metric"],
                condition=Q(source="sensor") & ~Q(status=CLOSED),
                name="one_open_sensor_event_per_metric",
            ),
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(source="offline") & ~Q(status=CLOSED),
                name="one_open_offline_event_per_device",
            ),
        ]
        verbose_name = _("city event")
        verbose_name_plural = _("city events")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != CLOSED


class EventStep(models.Model):
    """One line of an event's timeline: what was done (a lifecycle action, or the level
    following its value: ``open``, ``raise``, ``lower``), the status after it, who (none:
    the system) and when."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="steps", verbose_name=_("city event")
    )
    action = models.CharField(_("action"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=12, choices=STATUS_CHOICES)
    actor = models.ForeignKey(
        "core.User",
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
        verbose_name = _("event step")
        verbose_name_plural = _("event steps")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class EventPhoto(models.Model):
    """A photo an inspector took of the event (checked by core.uploads.inspect_image)."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="photos", verbose_name=_("city event")
    )
    file = models.FileField(_("file"), upload_to="cityops/%Y/%m/")
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
