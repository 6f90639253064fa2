"""What the operations centre watches: the departments' data feeds, the kinds of device,
the devices (sensors) with their monitored values (metrics), and the video catalogue."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core import clock

from ..rules.thresholds import LEVEL_LABELS, LEVELS, NORMAL

LEVEL_CHOICES = [(level, LEVEL_LABELS[level]) for level in LEVELS]


class FeedKind(models.TextChoices):
    MQTT = "mqtt", _("MQTT messages")
    HTTP = "http", _("HTTP API")
    FILE = "file", _("File exchange")


class DataFeed(models.Model):
    """数据接入: a department's feed of data into the centre (its devices' messages, an
    interface it offers, files it drops), as the data catalogue lists it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="data_feeds",
        verbose_name=_("providing department"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FeedKind.choices)
    description = models.TextField(_("description"), blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=60, blank=True, help_text=_("For example: every minute")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # 接入日期: the operations centre went live with its first feeds
    connected_on = models.DateField(_("connected on"), null=True, blank=True)
    last_received_at = models.DateTimeField(
        _("last received"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("data feed")
        verbose_name_plural = _("data feeds")

    def __str__(self) -> str:
        return self.name


class DeviceType(models.Model):
    """A kind of device: 水位计, 雨量站, 空气质量站, 烟感探测器, 井盖传感器, 交通流量计…"""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    default_silent_after_seconds = models.PositiveIntegerField(
        _("offline after silence of (seconds)"),
        default=900,
        help_text=_("A device of this kind that sends nothing for this long is offline."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("device type")
        verbose_name_plural = _("device types")

    def __str__(self) -> str:
        return self.name


class DeviceState(models.TextChoices):
    # "Online" alone is a case's channel (网上申请): a device's state has its own context.
    ONLINE = "online", pgettext_lazy("device state", "Online")
    OFFLINE = "offline", pgettext_lazy("device state", "Offline")
    FAULT = "fault", pgettext_lazy("device state", "Fault")
    RETIRED = "retired", pgettext_lazy("device state", "Retired")


class Device(models.Model):
    """感知设备: a sensor owned by a department, placed in a region. A device that has
    never reported is offline; each batch it sends puts it online, and it goes offline
    again once silent longer than its own interval (``silent_after_seconds``, else its
    type's). ``is_security`` devices (public security) never show their exact place
    outside the centre. The device signs in with a token of which only a keyed hash is
    kept (``token_digest``)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    type = models.ForeignKey(
        DeviceType, models.PROTECT, related_name="devices", verbose_name=_("device type")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="devices",
        verbose_name=_("owning department"),
        db_index=False,  # leads an index of Meta.indexes
    )
    feed = models.ForeignKey(
        DataFeed,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("data feed"),
    )
    region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        related_name="devices",
        verbose_name=_("region"),
        db_index=False,  # leads an index of Meta.indexes
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    is_security = models.BooleanField(
        _("security device"),
        default=False,
        help_text=_("Its exact location is never shown outside the operations centre."),
    )
    state = models.CharField(
        _("state"), max_length=8, choices=DeviceState.choices, default=DeviceState.OFFLINE
    )
    silent_after_seconds = models.PositiveIntegerField(
        _("offline after silence of (seconds)"),
        null=True,
        blank=True,
        help_text=_("Empty: the device type's interval."),
    )
    last_seen_at = models.DateTimeField(_("last heard from"), null=True, blank=True, editable=False)
    # when the device goes silent if it sends nothing more: last_seen_at + its interval,
    # kept by the ingest so that marking devices offline is one indexed UPDATE
    offline_after = models.DateTimeField(null=True, blank=True, editable=False)
    token_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    rejected_count = models.PositiveBigIntegerField(
        _("readings refused"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)

    class Meta:
        ordering = ["code"]
        indexes = [
            models.Index(fields=["state", "code"], name="device_by_state"),
            models.Index(fields=["department", "code"], name="device_of_department"),
            models.Index(fields=["region", "code"], name="device_in_region"),
            models.Index(
                fields=["offline_after"],
                condition=Q(state="online"),
                name="device_goes_silent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["token_digest"],
                condition=~Q(token_digest=""),
                name="device_token_unique",
            )
        ]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def silent_after(self) -> int:
        """Seconds of silence after which the device is offline."""
        if self.silent_after_seconds:
            return self.silent_after_seconds
        return self.type.default_silent_after_seconds


class Metric(models.Model):
    """监测项: one value a device measures (a water level in metres, PM2.5 in µg/m³), its
    physical bounds, its thresholds and where it stands now (its level, last value)."""

    device = models.ForeignKey(
        Device,
        models.CASCADE,
        related_name="metrics",
        verbose_name=_("device"),
        db_index=False,  # leads the unique (device, code)
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_possible = models.FloatField(_("lowest possible value"), null=True, blank=True)
    max_possible = models.FloatField(_("highest possible value"), null=True, blank=True)
    warning_high = models.FloatField(_("high warning threshold"), null=True, blank=True)
    alarm_high = models.FloatField(_("high alarm threshold"), null=True, blank=True)
    warning_low = models.FloatField(_("low warning threshold"), null=True, blank=True)
    alarm_low = models.FloatField(_("low alarm threshold"), null=True, blank=True)
    hysteresis = models.FloatField(_("hysteresis"), null=True, blank=True)
    level = models.CharField(
        _("level"), max_length=8, choices=LEVEL_CHOICES, default=NORMAL, editable=False
    )
    last_value = models.FloatField(_("last value"), null=True, blank=True, editable=False)
    last_at = models.DateTimeField(_("last reading"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["device", "code"]
        constraints = [
            models.UniqueConstraint(fields=["device", "code"], name="metric_code_per_device")
        ]
        verbose_name = _("monitored value")
        verbose_name_plural = _("monitored values")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class VideoKind(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("Public security")  # 治安
    TRAFFIC = "traffic", _("Traffic")  # 交通
    WATERWAY = "waterway", _("Waterway")  # 河道
    OTHER = "other", _("Other")


class VideoResource(models.Model):
    """视频资源目录: a camera as the catalogue lists it (who owns it, where, what it
    watches). No stream passes through the platform."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="video_resources",
        verbose_name=_("owning department"),
    )
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="video_resources", verbose_name=_("region")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_security = models.BooleanField(
        _("security device"),
        default=False,
        help_text=_("Its exact location is never shown outside the operations centre."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=VideoKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("video resource")
        verbose_name_plural = _("video resources")

    def __str__(self) -> str:
        return self.name
