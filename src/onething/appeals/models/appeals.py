"""An appeal (诉求) and what happens to it: photos, replies (回复), follow-ups (回访),
extensions and the timeline."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onething.core.ratings import Rating


class AppealType(models.TextChoices):
    DEMAND = "demand", _("Demand")  # 诉求
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    INQUIRY = "inquiry", _("Inquiry")  # 咨询
    COMPLAINT = "complaint", _("Complaint")  # 投诉


class AppealChannel(models.TextChoices):
    PLATFORM = "platform", _("Enterprise platform")  # 无难事、悉心办 message
    WEB = "web", _("Web")
    HOTLINE = "hotline", _("12345 hotline")
    VISIT = "visit", _("Staff visit")
    OPEN311 = "open311", _("Open311 client")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Taken in")  # 受理, waiting for dispatch
    DISPATCHED = "dispatched", _("Dispatched")  # 派单
    RETURNED = "returned", _("Returned to dispatcher")  # 退单
    HANDLING = "handling", _("Being handled")  # 办理
    REPLIED = "replied", _("Replied")  # 回复, waiting for the follow-up (回访)
    CLOSED = "closed", _("Closed")  # 办结


# The label the contact phone is sealed under (its cipher, keyed hash and masked copy).
PHONE_LABEL = "appeal.contact_phone"


class Appeal(models.Model):
    """诉求 / 建议 / 咨询 / 投诉 from an enterprise or a citizen. The contact's phone is personal
    data (encrypted, found by a keyed hash, shown masked). ``due_date`` is the last working
    day to reply; ``provisional`` when it ran through a year with no official schedule.
    It is ``due_days`` working days from ``due_from`` (core's ``due_after``), kept so that a
    provisional due date can be counted again when the year's schedule is entered."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=12, choices=AppealType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=AppealChannel.choices)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    programme = models.ForeignKey(
        "appeals.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("programme"),
    )
    category = models.ForeignKey(
        "appeals.Category", models.PROTECT, related_name="appeals", verbose_name=_("category")
    )
    policy = models.ForeignKey(
        "appeals.Policy",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("policy asked about"),
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    region = models.ForeignKey(
        "core.Region", models.PROTECT, related_name="appeals", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    person = models.ForeignKey(
        "core.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("requester"),
        db_index=False,  # leads an index of Meta.indexes
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("enterprise"),
        db_index=False,  # leads an index of Meta.indexes
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_cipher = models.TextField(blank=True, editable=False)
    contact_phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    submitted_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals_filed",
        db_index=False,  # leads an index of Meta.indexes
    )
    open311_client = models.ForeignKey(
        "appeals.Open311Key", models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    publish = models.BooleanField(_("may be published on the public board"), default=True)
    # on the public board: published and given a public reply (kept by the reply service)
    on_board = models.BooleanField(default=False, editable=False)
    # the title and text as the board shows them (numbers masked), set when the appeal goes
    # on the board: the public search looks only here, never at the hidden digits
    board_text = models.TextField(blank=True, default="", editable=False)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("responsible department"),
        db_index=False,  # leads an index of Meta.indexes
    )
    routing_rule = models.ForeignKey(
        "appeals.RoutingRule", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received"))
    due_date = models.DateField(_("reply due"))
    due_provisional = models.BooleanField(default=False)
    due_from = models.DateField(null=True, blank=True, editable=False)
    due_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    round = models.PositiveSmallIntegerField(_("round"), default=1)  # 2 after a reopening
    first_replied_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_on_time = models.BooleanField(null=True)
    reply_working_days = models.PositiveSmallIntegerField(null=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Rating.choices, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["received_at", "id"], name="appeal_received"),
            # a list newest first, for each part of a scope (see core.pagination.AnyOf)
            models.Index(fields=["department", "received_at", "id"], name="appeal_of_department"),
            models.Index(fields=["submitted_by", "received_at", "id"], name="appeal_submitted_by"),
            models.Index(fields=["person", "received_at", "id"], name="appeal_of_person"),
            models.Index(fields=["enterprise", "received_at", "id"], name="appeal_of_enterprise"),
            models.Index(
                fields=["received_at", "id"], condition=Q(on_board=True), name="appeal_on_board"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_to_5",
            )
        ]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AppealPhoto(models.Model):
    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="appeals/%Y/%m/")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.name


class Reply(models.Model):
    """回复: the responsible department's answer in one round; ``public`` replies can go on
    the public board."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField()
    department = models.ForeignKey("core.Department", models.PROTECT, related_name="+")
    text = models.TextField(_("reply"))
    public = models.BooleanField(_("public"), default=True)
    by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "round"], name="one_reply_per_round")
        ]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.appeal_id}#{self.round}"


class FollowUp(models.Model):
    """回访: the requester's rating of a round's reply (5 非常满意 … 1 非常不满意), given by the
    requester or recorded by staff who called them."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField()
    rating = models.PositiveSmallIntegerField(_("satisfaction"), choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    by_requester = models.BooleanField(default=True)
    by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "round"], name="one_follow_up_per_round"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="follow_up_rating_1_to_5"
            ),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.appeal_id}#{self.round}: {self.rating}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A department's request for more working days, decided by a supervisor."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField(_("extra working days"))
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    new_due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"],
                condition=models.Q(status="pending"),
                name="one_pending_extension",
            )
        ]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"+{self.working_days} ({self.status})"


class AppealEvent(models.Model):
    """One line of an appeal's timeline. ``public`` lines are shown to the requester."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    actor_label = models.CharField(max_length=160, blank=True)
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"
