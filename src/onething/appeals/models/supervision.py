"""督办: numbered supervision batches of appeals; and small projects (立项 → 完工) that some
appeals become."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionBatch(models.Model):
    """A numbered batch (第四批 …) of appeals a supervisor follows, with its own deadline."""

    programme = models.ForeignKey(
        "appeals.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="batches",
        verbose_name=_("programme"),
    )
    number = models.PositiveSmallIntegerField(_("batch number"))
    title = models.CharField(_("title"), max_length=100)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+")
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey("core.User", models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["programme__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="batch_number_once_per_programme"
            )
        ]
        verbose_name = _("supervision batch")
        verbose_name_plural = _("supervision batches")

    def __str__(self) -> str:
        return self.title


class Supervision(models.Model):
    """督办: one appeal on one batch."""

    batch = models.ForeignKey(SupervisionBatch, models.CASCADE, related_name="items")
    appeal = models.ForeignKey("appeals.Appeal", models.CASCADE, related_name="supervisions")
    note = models.CharField(_("instruction"), max_length=300, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "appeal"], name="appeal_once_per_batch")
        ]
        verbose_name = _("supervised appeal")
        verbose_name_plural = _("supervised appeals")

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.appeal_id}"


class MilestoneStage(models.TextChoices):
    APPROVAL = "approval", _("Approved as a project")  # 立项
    TENDER = "tender", _("Tendered")  # 招标
    CONSTRUCTION = "construction", _("Under construction")  # 施工
    COMPLETION = "completion", _("Completed")  # 完工


class Project(models.Model):
    """A small project an appeal became (e.g. 94 street lights replaced with LEDs)."""

    appeal = models.OneToOneField("appeals.Appeal", models.PROTECT, related_name="project")
    name = models.CharField(_("project"), max_length=100)
    budget_fen = models.BigIntegerField(_("budget (fen)"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="milestones")
    stage = models.CharField(_("stage"), max_length=12, choices=MilestoneStage.choices)
    planned_on = models.DateField(_("planned"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="stage_once_per_project")
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.stage
