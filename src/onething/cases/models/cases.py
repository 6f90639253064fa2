from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onething.core import clock
from onething.core.ratings import Rating


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    DECLINED = "declined", _("Declined")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    WINDOW = "window", _("At a window")


class Delivery(models.TextChoices):
    WINDOW = "window", _("Pick up at the window")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronic")


class Case(models.Model):
    """办件: one application for one service item, from intake to result.

    ``center`` is the service centre that received it (the clerk's, or for an online case
    the centre nearest the handling department); ``department`` handles it. The deadline is
    ``due_date`` (acceptance + promised working days + working days paused for corrections);
    ``due_provisional`` marks one counted through a year whose holidays are not published."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    item = models.ForeignKey(
        "catalog.ServiceItem", models.PROTECT, related_name="cases", verbose_name=_("item")
    )
    # the foreign keys that lead a list's index (see Meta.indexes) have no index of their own
    applicant = models.ForeignKey(
        "core.Person",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("applicant"),
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "core.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("for enterprise"),
        db_index=False,
    )
    submitted_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        related_name="submitted_cases",
        verbose_name=_("submitted by"),
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    center = models.ForeignKey(
        "core.ServiceCenter",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("receiving centre"),
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("handling department"),
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    # ID and phone numbers answered in the form: encrypted here, masked in form_data.
    form_personal = models.TextField(blank=True, editable=False)
    delivery = models.CharField(
        _("result delivery"), max_length=12, choices=Delivery.choices, default=Delivery.ELECTRONIC
    )
    delivery_address = models.CharField(_("postal address"), max_length=200, blank=True)

    submitted_at = models.DateTimeField(_("submitted"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    correction_reason = models.TextField(_("correction needed"), blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    working_days_taken = models.PositiveIntegerField(_("working days taken"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("result handed over"), null=True, blank=True)
    tracking_number = models.CharField(_("postal tracking number"), max_length=40, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["department", "status", "due_date"], name="case_inbox"),
            models.Index(fields=["center", "status"], name="case_center"),
            models.Index(fields=["center", "submitted_at"], name="case_center_submitted"),
            models.Index(
                fields=["department", "status", "submitted_at"], name="case_queue_submitted"
            ),
            models.Index(
                fields=["center", "concluded_at"],
                # electronic results are never handed over: without the delivery in the
                # condition the index held every approved online case of the centre
                condition=Q(
                    status="concluded",
                    outcome="approved",
                    handed_over_at__isnull=True,
                    delivery__in=["window", "post"],
                ),
                name="case_to_hand_over",
            ),
            # a list newest first, for each part of a scope (see core.pagination.AnyOf)
            models.Index(fields=["submitted_at", "id"], name="case_submitted"),
            models.Index(fields=["applicant", "submitted_at", "id"], name="case_of_applicant"),
            models.Index(fields=["submitted_by", "submitted_at", "id"], name="case_submitted_by"),
            models.Index(fields=["enterprise", "submitted_at", "id"], name="case_of_enterprise"),
            models.Index(fields=["department", "submitted_at", "id"], name="case_of_department"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="concluded") | ~Q(outcome=""), name="concluded_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(delivery="post") | ~Q(delivery_address=""),
                name="post_needs_address",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Material(models.Model):
    """A file uploaded for a material (PDF, JPEG or PNG, checked by content). Uploaded first,
    attached to a case when the application is submitted (or corrected)."""

    owner = models.ForeignKey("core.User", models.PROTECT, related_name="materials")
    material_type = models.ForeignKey(
        "catalog.MaterialType", models.PROTECT, verbose_name=_("material type")
    )
    file = models.FileField(upload_to="materials/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(default=clock.now)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="materials")
    superseded = models.BooleanField(_("replaced by a correction"), default=False)
    # An unattached upload set aside for a later case (a later step of a one-thing run):
    # only a submission naming the same reservation may use it.
    reserved_for = models.CharField(max_length=60, blank=True, db_index=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return f"{self.material_type.name}: {self.original_name}"


class Licence(models.Model):
    """证照: the result of an approved case, an electronic certificate with a QR code that
    leads to its public verification page."""

    number = models.CharField(_("licence number"), max_length=40, unique=True)
    case = models.OneToOneField(Case, models.PROTECT, related_name="licence")
    item = models.ForeignKey("catalog.ServiceItem", models.PROTECT, related_name="licences")
    title = models.CharField(_("title"), max_length=60)
    holder_name = models.CharField(_("holder"), max_length=120)
    holder_person = models.ForeignKey(
        "core.Person", models.PROTECT, null=True, blank=True, related_name="licences"
    )
    holder_enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, null=True, blank=True, related_name="licences"
    )
    issued_at = models.DateTimeField(_("issued"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    verify_code = models.CharField(max_length=40, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class Evaluation(models.Model):
    """好差评: the applicant's rating of a concluded case, once."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="evaluation")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey("core.User", models.PROTECT, related_name="evaluations")
    rated_at = models.DateTimeField(_("rated"))

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_rating_display()}"


class CaseTally(models.Model):
    """办件月汇总: the cases submitted in one month for one department, item and service
    centre, counted as they change (cases/tally.py says what a case counts for). The
    figures read these rows, never the case table; ``tallies_recount`` proves they agree
    with it."""

    month = models.DateField(_("month"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="+", db_index=False
    )
    item = models.ForeignKey("catalog.ServiceItem", models.PROTECT, related_name="+")
    # the service centre that took the cases in, 0 for none (online): a key, not a foreign
    # key, so that the online rows are one row per month, department and item too
    center_key = models.IntegerField(_("service centre"), default=0)
    cases = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    no_visit = models.IntegerField(default=0)
    open = models.IntegerField(default=0)
    concluded = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    timed = models.IntegerField(default=0)
    working_days = models.BigIntegerField(default=0)
    ratings = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly case figures")
        verbose_name_plural = _("monthly case figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department", "item", "center_key"], name="case_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department_id}/{self.item_id}: {self.cases}"


class CaseDueTally(models.Model):
    """Running cases (accepted, not paused) by submission month, department and due date:
    overdue and warning counts are sums over due dates, whatever the day."""

    month = models.DateField(_("month"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="+", db_index=False
    )
    due_date = models.DateField(_("due"))
    running = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("running cases by due date")
        verbose_name_plural = _("running cases by due date")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "due_date", "month"], name="case_due_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} due {self.due_date}: {self.running}"


class Rectification(models.Model):
    """差评整改: opened by a rating of 不满意 or worse, due in 5 working days, closed by a
    supervisor only with a written result and a recorded follow-up call."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    evaluation = models.OneToOneField(Evaluation, models.PROTECT, related_name="rectification")
    case = models.ForeignKey(Case, models.PROTECT, related_name="rectifications")
    department = models.ForeignKey("core.Department", models.PROTECT, related_name="rectifications")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened"))
    due_date = models.DateField(_("due"))
    due_provisional = models.BooleanField(default=False)
    result = models.TextField(_("what was done"), blank=True)
    follow_up_at = models.DateTimeField(_("follow-up call"), null=True, blank=True)
    follow_up_note = models.TextField(_("what the applicant said"), blank=True)
    closed_by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="closed_rectifications"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (~Q(result="") & Q(follow_up_at__isnull=False) & ~Q(follow_up_note="")),
                name="closed_needs_result_and_call",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} ({self.get_status_display()})"
