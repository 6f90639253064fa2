from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onething.core import clock


class Mode(models.TextChoices):
    """How a cross-region case travels. The seed's five working modes are four routings:
    全程网办 → online; 收办分离 and 代收代办 → proxy (one routing under two names: received at
    one town's window, handled by the other town); 两地联办 → joint (both towns' departments
    decide a part); 高效协同 → collaborative (received *and* decided in the applicant's town,
    while departments of the partner town check the records they hold — 户籍, 社保, 不动产,
    营业执照, a prior permit — inside the case, as ``DataCheck`` requests: data travels,
    no paper and no part of the decision)."""

    ONLINE = "online", _("Online (全程网办)")
    PROXY = "proxy", _("Received here, handled there (收办分离 / 代收代办)")
    JOINT = "joint", _("Handled jointly (两地联办)")
    COLLABORATIVE = "collaborative", _("Data checked across towns (高效协同)")


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
    collaborative = models.BooleanField(_("data checked across towns"), default=False)
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        ordering = ["alliance", "added_on", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "item", "added_on"], name="item_add_once"),
            models.CheckConstraint(
                condition=Q(online=True) | Q(proxy=True) | Q(joint=True) | Q(collaborative=True),
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
    and the town that handles it, and the walk-in's arrival. 高效协同: the receiving town
    decides (handling = receiving) and ``partner_region`` is the town whose departments
    check its data."""

    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="cross_region")
    alliance = models.ForeignKey(Alliance, models.PROTECT, related_name="cases")
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    receiving_region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("receiving town")
    )
    handling_region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="+", verbose_name=_("handling town")
    )
    partner_region = models.ForeignKey(
        "core.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town checking the data"),
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
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="collaborative", partner_region__isnull=False)
                | (~Q(mode="collaborative") & Q(partner_region__isnull=True)),
                name="partner_town_when_collaborative",
            )
        ]

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


class CheckStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the answer")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Asked again")


class CheckResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    MISMATCH = "mismatch", _("Does not match")
    CANNOT_VERIFY = "cannot_verify", _("Cannot be verified")


class DataCheck(models.Model):
    """高效协同 核验请求: the deciding department of a collaborative case asks a department of
    the partner town to check data that department holds (户籍, 社保, 不动产, 营业执照, a
    prior permit): what to check (``questions``), by when (``due_date``, working days).
    The partner answers inside the case — confirmed, mismatch or cannot be verified, with
    a note — instead of paper travelling between the towns. ``working_days``: the time to
    answer. A check answered with a mismatch (or unverifiable) may be asked again
    (``repeats``; the earlier one is then ``superseded``); a case denied or declined
    withdraws the checks still open."""

    number = models.CharField(_("check number"), max_length=40, unique=True)
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, related_name="data_checks", verbose_name=_("case")
    )
    asking_department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    answering_department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="data_checks_to_answer",
        verbose_name=_("checked by"),
        db_index=False,  # the queue's index leads with it
    )
    questions = models.JSONField(_("what to check"), default=list)
    requested_by = models.ForeignKey(
        "core.User", models.PROTECT, related_name="+", verbose_name=_("asked by (officer)")
    )
    requested_at = models.DateTimeField(_("asked"), default=clock.now)
    due_date = models.DateField(_("answer by"))
    due_provisional = models.BooleanField(_("answer-by date provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=CheckStatus.choices, default=CheckStatus.REQUESTED
    )
    result = models.CharField(_("result"), max_length=14, choices=CheckResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days to answer"), null=True)
    closed_at = models.DateTimeField(_("withdrawn or asked again"), null=True, blank=True)
    repeats = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        verbose_name=_("asks again"),
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("data check")
        verbose_name_plural = _("data checks")
        indexes = [
            # the answering department's queue: open ones, the soonest due first
            models.Index(
                fields=["answering_department", "status", "due_date", "id"], name="check_queue"
            ),
            models.Index(fields=["asking_department", "requested_at"], name="check_asked"),
            models.Index(fields=["requested_at", "id"], name="check_requested"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "answering_department"],
                condition=Q(status="requested"),
                name="one_open_check_per_department",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "withdrawn"], result="")
                | (
                    Q(status__in=["answered", "superseded"], answered_at__isnull=False)
                    & ~Q(result="")
                ),
                name="answered_check_has_result",
            ),
            models.CheckConstraint(
                condition=~Q(answering_department=models.F("asking_department")),
                name="check_asks_another_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"
