"""Parking: the city's register of parking lots (new spaces, spaces networked), the
time-shared car parks (错时共享车位) with their windows per user group and the school's
terms, plates registered per group, the plate-recognition gates, their entry and exit
events, the stays they make and the use per window and group."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules.parking import (
    DAY_KIND_LABELS,
    DAY_KINDS,
    EVENT_KIND_LABELS,
    EVENT_KINDS,
    GROUP_LABELS,
    GROUPS,
    PENDING,
    REGISTRATION_STATUS_LABELS,
    REGISTRATION_STATUSES,
)

GROUP_CHOICES = [(g, GROUP_LABELS[g]) for g in GROUPS]
DAY_KIND_CHOICES = [(d, DAY_KIND_LABELS[d]) for d in DAY_KINDS]
REGISTRATION_STATUS_CHOICES = [(s, REGISTRATION_STATUS_LABELS[s]) for s in REGISTRATION_STATUSES]
EVENT_KIND_CHOICES = [(k, EVENT_KIND_LABELS[k]) for k in EVENT_KINDS]


class LotKind(models.TextChoices):
    ON_STREET = "on_street", _("On-street parking")  # 道路泊位
    OFF_STREET = "off_street", _("Car park")  # 公共停车场
    SHARED = "shared", _("Time-shared car park")  # 错时共享


class ParkingLot(models.Model):
    """A car park or a stretch of on-street spaces in the city's register: how many
    spaces, when they opened (``opened_on``: new spaces of a year) and when their data
    joined the city's parking network (``networked_on``)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=LotKind.choices)
    district = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    spaces = models.PositiveIntegerField(_("spaces"))
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    networked_on = models.DateField(_("networked on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [
            models.Index(fields=["opened_on"], name="lot_opened"),
            models.Index(fields=["networked_on"], name="lot_networked"),
        ]
        verbose_name = _("parking lot")
        verbose_name_plural = _("parking lots")

    def __str__(self) -> str:
        return self.name


class SharedParking(models.Model):
    """错时共享车位: a lot whose spaces are shared by time windows between user groups
    (春星小学: parents at school rush hours, nearby residents at night, the public at other
    times). ``occupied`` is the live count of cars in, kept by the gate events."""

    lot = models.OneToOneField(
        ParkingLot, models.PROTECT, related_name="sharing", verbose_name=_("parking lot")
    )
    host = models.CharField(_("host"), max_length=80)  # 春星小学
    street = models.ForeignKey(
        "citymgmt.Street",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_parkings",
        verbose_name=_("street"),
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="shared_parkings",
        verbose_name=_("managing department"),
    )
    public_fee_fen_per_hour = models.PositiveIntegerField(_("public fee per hour (fen)"))
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace after a window (minutes)"), default=15
    )
    occupied = models.PositiveIntegerField(_("cars in"), default=0, editable=False)

    class Meta:
        ordering = ["lot__code"]
        verbose_name = _("shared parking")
        verbose_name_plural = _("shared parkings")

    def __str__(self) -> str:
        return self.host


class SchoolTerm(models.Model):
    """A term of the host school (its days count as school days when the official
    calendar says they are working days)."""

    parking = models.ForeignKey(
        SharedParking, models.CASCADE, related_name="terms", verbose_name=_("shared parking")
    )
    name = models.CharField(_("name"), max_length=40)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            )
        ]
        verbose_name = _("school term")
        verbose_name_plural = _("school terms")

    def __str__(self) -> str:
        return self.name


class ParkingWindow(models.Model):
    """A time window of a shared car park for one group: ``starts``–``ends`` (local time;
    an ``ends`` at or before ``starts`` runs past midnight) on ``days``; free or at
    ``fee_fen_per_hour``. The public window covers the times no other window does."""

    parking = models.ForeignKey(
        SharedParking, models.CASCADE, related_name="windows", verbose_name=_("shared parking")
    )
    name = models.CharField(_("name"), max_length=40)
    group = models.CharField(_("group"), max_length=10, choices=GROUP_CHOICES)
    days = models.CharField(_("days"), max_length=16, choices=DAY_KIND_CHOICES)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    fee_fen_per_hour = models.PositiveIntegerField(_("fee per hour (fen)"), default=0)

    class Meta:
        ordering = ["parking", "starts", "id"]
        verbose_name = _("parking window")
        verbose_name_plural = _("parking windows")

    def __str__(self) -> str:
        return self.name


class PlateRegistration(models.Model):
    """A plate registered for a group of a shared car park, with its proof (a parent's
    pupil enrolment, a resident's address) checked by staff. The holder's phone is kept
    as core keeps personal numbers: sealed, a keyed hash, masked."""

    parking = models.ForeignKey(
        SharedParking,
        models.PROTECT,
        related_name="registrations",
        verbose_name=_("shared parking"),
    )
    plate = models.CharField(_("plate"), max_length=10)
    group = models.CharField(_("group"), max_length=10, choices=GROUP_CHOICES)
    holder_name = models.CharField(_("holder"), max_length=50)
    holder_phone_cipher = models.TextField(blank=True, editable=False)
    holder_phone_digest = models.CharField(max_length=64, blank=True, editable=False)
    holder_phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    applicant = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applicant account"),
    )
    proof = models.FileField(_("proof"), upload_to="citymgmt/proofs/%Y/%m/", blank=True)
    proof_name = models.CharField(_("proof file"), max_length=120, blank=True)
    proof_note = models.CharField(_("proof"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=REGISTRATION_STATUS_CHOICES, default=PENDING
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["parking", "plate"], name="registration_of_plate"),
            models.Index(fields=["parking", "status", "created_at"], name="registration_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parking", "plate", "group"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_live_registration_per_plate_group",
            )
        ]
        verbose_name = _("plate registration")
        verbose_name_plural = _("plate registrations")

    def __str__(self) -> str:
        return f"{self.plate} {self.group}"


class ParkingGate(models.Model):
    """A plate-recognition gate of a shared car park; it reports with its own token
    (core's keyed hash kept, as the operations centre's devices)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    parking = models.ForeignKey(
        SharedParking, models.PROTECT, related_name="gates", verbose_name=_("shared parking")
    )
    name = models.CharField(_("name"), max_length=60)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("parking gate")
        verbose_name_plural = _("parking gates")

    def __str__(self) -> str:
        return self.name


class ParkingEvent(models.Model):
    """An entry or an exit a gate saw (``event_id``: the gate's own id of it, so that a
    retry is stored once), with the group and window it was counted under (an entry
    outside every window the plate is registered for counts as public use)."""

    gate = models.ForeignKey(
        ParkingGate,
        models.PROTECT,
        related_name="events",
        verbose_name=_("gate"),
        db_index=False,  # leads the unique constraint
    )
    parking = models.ForeignKey(
        SharedParking,
        models.PROTECT,
        related_name="events",
        verbose_name=_("shared parking"),
        db_index=False,  # leads an index of Meta.indexes
    )
    event_id = models.CharField(_("gate's event id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=5, choices=EVENT_KIND_CHOICES)
    plate = models.CharField(_("plate"), max_length=10)
    at = models.DateTimeField(_("at"))
    group = models.CharField(_("counted as"), max_length=10, choices=GROUP_CHOICES)
    window = models.ForeignKey(
        ParkingWindow,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["parking", "at", "id"], name="parking_event_at")]
        constraints = [
            models.UniqueConstraint(fields=["gate", "event_id"], name="parking_event_once")
        ]
        verbose_name = _("parking event")
        verbose_name_plural = _("parking events")

    def __str__(self) -> str:
        return f"{self.plate} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ParkingStay(models.Model):
    """A car's stay: from its entry to its exit, the group and window it entered under,
    until when that window allowed it (``allowed_until``), flagged ``overstayed`` when it
    was still in after that (plus the grace), and the fee due (fen)."""

    parking = models.ForeignKey(
        SharedParking,
        models.PROTECT,
        related_name="stays",
        verbose_name=_("shared parking"),
        db_index=False,  # leads an index of Meta.indexes
    )
    plate = models.CharField(_("plate"), max_length=10)
    group = models.CharField(_("group"), max_length=10, choices=GROUP_CHOICES)
    window = models.ForeignKey(
        ParkingWindow,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    entered_at = models.DateTimeField(_("in"))
    exited_at = models.DateTimeField(_("out"), null=True, blank=True)
    allowed_until = models.DateTimeField(_("allowed until"), null=True, blank=True)
    overstayed = models.BooleanField(_("overstayed"), default=False)
    fee_fen = models.PositiveIntegerField(_("fee (fen)"), default=0)
    entry = models.OneToOneField(
        ParkingEvent, models.PROTECT, related_name="stay", verbose_name=_("entry")
    )
    exit = models.OneToOneField(
        ParkingEvent,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_stay",
        verbose_name=_("exit"),
    )

    class Meta:
        ordering = ["-entered_at", "-id"]
        indexes = [
            models.Index(fields=["parking", "entered_at", "id"], name="stay_at"),
            models.Index(fields=["parking", "plate", "entered_at"], name="stay_of_plate"),
            models.Index(
                fields=["allowed_until"], condition=Q(exited_at__isnull=True), name="stay_open_due"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parking", "plate"],
                condition=Q(exited_at__isnull=True),
                name="one_open_stay_per_plate",
            )
        ]
        verbose_name = _("parking stay")
        verbose_name_plural = _("parking stays")

    def __str__(self) -> str:
        return f"{self.plate} {self.entered_at:%Y-%m-%d %H:%M}"


class ParkingUse(models.Model):
    """Roll-up of a shared car park's use per day, window and group (core.rollups): the
    entries, the minutes parked (counted at exit), the overstays and the fees (fen), all
    on the day of the entry; and the exits with no open stay, on the day of the exit."""

    parking = models.ForeignKey(SharedParking, models.CASCADE, related_name="+")
    day = models.DateField()
    window = models.ForeignKey(ParkingWindow, models.CASCADE, null=True, related_name="+")
    group = models.CharField(max_length=10, choices=GROUP_CHOICES)
    entries = models.PositiveIntegerField(default=0)
    minutes = models.PositiveBigIntegerField(default=0)
    overstays = models.PositiveIntegerField(default=0)
    fees_fen = models.PositiveBigIntegerField(default=0)
    # exits seen with no open stay of the plate (its entry missed by the gates)
    unmatched_exits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parking", "day", "window", "group"], name="parking_use_key"
            )
        ]
        verbose_name = _("parking use")
        verbose_name_plural = _("parking use")

    def __str__(self) -> str:
        return f"{self.parking_id} {self.day} {self.group}"
