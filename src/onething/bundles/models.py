from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core import clock


class Audience(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprises")
    PERSON = "person", _("Citizens")


class Level(models.TextChoices):
    """级别: who listed the one-thing. The national and provincial ones are the key items
    (重点事项) the city takes on from the State Council's and Jiangsu's lists; the city's own
    are 市级."""

    NATIONAL = "national", pgettext_lazy("one-thing level", "National")
    PROVINCIAL = "provincial", pgettext_lazy("one-thing level", "Provincial")
    CITY = "city", pgettext_lazy("one-thing level", "City")


KEY_LEVELS = (Level.NATIONAL, Level.PROVINCIAL)  # 重点事项: listed by the State Council or Jiangsu


class Bundle(models.Model):
    """一件事: several catalogue items applied for together. ``code`` follows the city's
    coding rule (一件事赋码, see rules.bundle_code_problems). ``milestone`` names an event
    some steps wait for before they conclude (e.g. 土地出让合同签订 for project approval).
    ``level``: 国家级, 省级 (the key items, ``listed_in`` naming the list) or 市级."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    description = models.TextField(_("description"), blank=True)
    milestone = models.CharField(_("milestone"), max_length=60, blank=True)
    level = models.CharField(
        pgettext_lazy("one-thing", "level"),
        max_length=10,
        choices=Level.choices,
        default=Level.CITY,
    )
    listed_in = models.CharField(
        _("listed in"),
        max_length=100,
        blank=True,
        help_text=_("The list that names it a key item, e.g. the State Council's 2024 first batch"),
    )
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class BundleStep(models.Model):
    """One item of a bundle. ``after`` lists the steps it starts after (their approval);
    ``concludes_after`` the steps it may be reviewed beside but concludes after (并联跑 with a
    cross-check). ``outputs``: ``[{"name", "label", "from": "licence_number" | "case_number"
    | "form.<field>" | "entered"}]``; ``checks``: ``[{"rule": "equals" | "present", "left",
    "right"?, "message"}]`` over ``form.<field>`` and ``steps.<key>.<output>``."""

    bundle = models.ForeignKey(Bundle, models.CASCADE, related_name="steps")
    key = models.SlugField(_("key"), max_length=40)
    item = models.ForeignKey("catalog.ServiceItem", models.PROTECT, related_name="bundle_steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    after = models.JSONField(_("starts after"), default=list, blank=True)
    concludes_after = models.JSONField(_("concludes after"), default=list, blank=True)
    waits_for_milestone = models.BooleanField(_("concludes after the milestone"), default=False)
    outputs = models.JSONField(_("outputs"), default=list, blank=True)
    checks = models.JSONField(_("checks"), default=list, blank=True)

    class Meta:
        ordering = ["bundle", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "key"], name="step_key_once_per_bundle")
        ]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.bundle.code}/{self.key}"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    CONCLUDED = "concluded", _("Concluded")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BundleRun(models.Model):
    """One application for a bundle: one form, one set of materials, one case per step."""

    number = models.CharField(_("run number"), max_length=40, unique=True)
    bundle = models.ForeignKey(Bundle, models.PROTECT, related_name="runs")
    applicant = models.ForeignKey("core.Person", models.PROTECT, related_name="bundle_runs")
    enterprise = models.ForeignKey(
        "core.Enterprise", models.PROTECT, null=True, blank=True, related_name="bundle_runs"
    )
    submitted_by = models.ForeignKey("core.User", models.PROTECT, related_name="bundle_runs")
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    form_personal = models.TextField(blank=True, editable=False)
    delivery = models.CharField(_("result delivery"), max_length=12, default="electronic")
    delivery_address = models.CharField(_("postal address"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), default=clock.now)
    milestone_at = models.DateTimeField(_("milestone reached"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    # when it stopped (a step denied) or was withdrawn: the day its roll-up counts it
    stopped_at = models.DateTimeField(_("stopped or withdrawn"), null=True, blank=True)
    stopped_reason = models.TextField(_("why it stopped"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("bundle run")
        verbose_name_plural = _("bundle runs")

    def __str__(self) -> str:
        return self.number


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for earlier steps")
    STARTED = "started", _("In progress")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RunStep(models.Model):
    """A step of a run: its case once started, what it produced, what it was given."""

    run = models.ForeignKey(BundleRun, models.CASCADE, related_name="steps")
    step = models.ForeignKey(BundleStep, models.PROTECT, related_name="+")
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="bundle_step"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    outputs = models.JSONField(_("outputs"), default=dict, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    material_ids = models.JSONField(_("materials set aside"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["run", "step__order", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "step"], name="run_step_once")]
        verbose_name = _("run step")
        verbose_name_plural = _("run steps")

    def __str__(self) -> str:
        return f"{self.run.number}/{self.step.key}"


class PickupStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the window's confirmation")
    CONFIRMED = "confirmed", _("Confirmed, results handed over")
    REFUSED = "refused", _("Refused by the window")


class Pickup(models.Model):
    """批量代领: an agency's agent asks to collect, at one service centre, the ready results
    of the enterprises its declaration names; a window clerk of that centre checks the
    agent's identity and confirms the handover (only then is each case handed over and
    audited), or refuses it with the reason."""

    number = models.CharField(_("pickup number"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "core.Agency",
        models.PROTECT,
        related_name="pickups",
        db_index=False,  # leads the index below
    )
    collected_by = models.ForeignKey("core.User", models.PROTECT, related_name="pickups")
    center = models.ForeignKey(
        "core.ServiceCenter",
        models.PROTECT,
        null=True,
        related_name="pickups",
        verbose_name=_("service centre"),
        db_index=False,  # leads the indexes below
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PickupStatus.choices, default=PickupStatus.WAITING
    )
    requested_at = models.DateTimeField(_("requested"), default=clock.now)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window clerk"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    cases = models.ManyToManyField("cases.Case", related_name="pickups", verbose_name=_("cases"))

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            # a centre's pickups waiting for confirmation, the oldest first
            models.Index(fields=["center", "status", "requested_at", "id"], name="pickup_queue"),
            # the lists, newest first (pickups_list): an agency's, a centre's, a region's
            models.Index(fields=["agency", "requested_at", "id"], name="pickup_agency_recent"),
            models.Index(fields=["center", "requested_at", "id"], name="pickup_centre_recent"),
            models.Index(fields=["requested_at", "id"], name="pickup_recent"),
        ]
        verbose_name = _("batch pickup")
        verbose_name_plural = _("batch pickups")

    def __str__(self) -> str:
        return self.number


class BundleTally(models.Model):
    """一件事办件日汇总: the runs of one bundle in one region, counted on the day each was
    started (taken in: what 办理 counts), concluded, stopped or withdrawn. Kept by the run
    services in the same transaction as the change (``services.tallies``), rebuilt from the
    runs after a bulk load; the figures read these rows, never the runs."""

    day = models.DateField(_("day"))
    bundle = models.ForeignKey(Bundle, models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", db_index=False)
    started = models.IntegerField(_("runs taken in"), default=0)
    concluded = models.IntegerField(_("runs concluded"), default=0)
    stopped = models.IntegerField(_("runs stopped"), default=0)
    withdrawn = models.IntegerField(_("runs withdrawn"), default=0)

    class Meta:
        verbose_name = _("daily one-thing figures")
        verbose_name_plural = _("daily one-thing figures")
        constraints = [
            models.UniqueConstraint(fields=["day", "bundle", "region"], name="bundle_tally_key")
        ]
        indexes = [
            # one bundle's days (its detail page, the figures per bundle)
            models.Index(fields=["bundle", "day"], name="bundle_tally_bundle_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.bundle_id}/{self.region_id}: {self.started}"
