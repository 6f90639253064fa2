from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onething.core import clock


class Mode(models.TextChoices):
    """How a cross-region case travels. The seed's five working modes map onto three
    routings: 全程网办 → online; 收办分离 and 代收代办 → proxy (received at one town's window,
    handled by the other town); 两地联办 and 高效协同 → joint (both towns act on a part)."""

    ONLINE = "online", _("Online (全程网办)")
    PROXY = "proxy", _("Received here, handled there (收办分离 / 代收代办)")
    JOINT = "joint", _("Handled jointly (两地联办)")


class Alliance(models.Model):
    """通办联盟: towns that agreed to take each other's applications for a list of items."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["signed_on", "code"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name


class AllianceMember(models.Model):
    """A town's membership of an alliance, from the day it joined to the day it left."""

    alliance = models.ForeignKey(Alliance, models.CASCADE, related_name="members")
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="alliance_memberships", verbose_name=_("town")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["alliance", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "region", "joined_on"], name="member_join_once"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
        ]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.region.name} ({self.joined_on}–{self.left_on or ''})"


class AllianceItem(models.Model):
    """An item on an alliance's agreed list, with the modes allowed for it, from the day it
    was added to the day it was taken off."""

    alliance = models.ForeignKey(Alliance, models.CASCADE, related_name="items")
    item = models.ForeignKey(
        "catalog.ServiceItem", models.PROTECT, related_name="alliances", verbose_name=_("item")
    )
    online = models.BooleanField(_("online"), default=True)
    proxy = models.BooleanField(_("received here, handled there"), default=True)
    joint = models.BooleanField(_("handled jointly"), default=False)
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        ordering = ["alliance", "added_on", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "item", "added_on"], name="item_add_once"),
            models.CheckConstraint(
                condition=Q(online=True) | Q(proxy=True) | Q(joint=True),
                name="alliance_item_has_a_mode",
            ),
        ]
        verbose_name = _("agreed item")
        verbose_name_plural = _("agreed items")

    def __str__(self) -> str:
        return f"{self.alliance.code}: {self.item.code}"

    @property
    def modes(self) -> list[str]:
        return [m for m in Mode.values if getattr(self, m)]


class Arrival(models.Model):
    """A walk-in's arrival at a window: a queue ticket, or the clerk's "start" click. The
    start time of a case is from here to its acceptance."""

    class Source(models.TextChoices):
        TICKET = "ticket", _("Queue ticket")
        START = "start", _("Clerk's start")

    center = models.ForeignKey("core.ServiceCenter", models.PROTECT, related_name="arrivals")
    clerk = models.ForeignKey("core.User", models.PROTECT, related_name="arrivals")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    ticket_number = models.CharField(_("ticket"), max_length=20, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), default=clock.now)

    class Meta:
        ordering = ["-arrived_at"]
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")

    def __str__(self) -> str:
        return f"{self.center.code} {self.ticket_number or self.source} {self.arrived_at:%H:%M}"


class CrossRegionCase(models.Model):
    """What makes a case cross-region: its alliance and mode, the town that received it
    and the town that handles it, and the walk-in's arrival."""

    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="cross_region")
    alliance = models.ForeignKey(Alliance, models.PROTECT, related_name="cases")
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    receiving_region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("receiving town")
    )
    handling_region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("handling town")
    )
    # 收办分离: the centre of the handling town whose clerks take the forwarded case in
    # (accept, decline, ask for a correction); none for an online case
    handling_center = models.ForeignKey(
        "core.ServiceCenter",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling centre"),
    )
    arrival = models.OneToOneField(
        Arrival, models.PROTECT, null=True, blank=True, related_name="cross_region_case"
    )
    needs_originals = models.BooleanField(_("paper originals needed"), default=False)

    class Meta:
        verbose_name = _("cross-region case")
        verbose_name_plural = _("cross-region cases")

    def __str__(self) -> str:
        return f"{self.case.number} ({self.mode})"


class PartStatus(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class CasePart(models.Model):
    """两地联办: one town's part of a joint case, acted on by that town's department."""

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="joint_parts")
    department = models.ForeignKey("core.Department", models.PROTECT, related_name="case_parts")
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+")
    lead = models.BooleanField(_("leading part"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PartStatus.choices, default=PartStatus.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    acted_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(_("acted"), null=True, blank=True)

    class Meta:
        ordering = ["case", "-lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="part_once_per_department")
        ]
        verbose_name = _("joint part")
        verbose_name_plural = _("joint parts")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.department.name} ({self.status})"


class HandoffStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    SENT = "sent", _("Posted")
    RECEIVED = "received", _("Received")
    MISSING = "missing", _("Reported missing")
    DAMAGED = "damaged", _("Reported damaged")


class Handoff(models.Model):
    """寄递: paper originals sent from the receiving window to the handling department."""

    number = models.CharField(_("hand-off number"), max_length=40, unique=True)
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="handoffs")
    originals = models.JSONField(_("originals"), default=list)
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("prepared"), default=clock.now)
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HandoffStatus.choices, default=HandoffStatus.PREPARED
    )
    received_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"
