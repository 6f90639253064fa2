"""督办单: a supervisor's written reminder to the department handling a late case."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UrgeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the department's answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class CaseUrge(models.Model):
    """督办单: a supervisor whose region covers a case that is overdue or in warning asks
    the handling department to act, and to answer what it did by ``reply_by``. The
    department answers (``answered``); the supervisor closes it, answered or not
    (``closed``). At most one urge of a case awaits an answer at a time."""

    case = models.ForeignKey(
        "cases.Case", models.PROTECT, related_name="urges", verbose_name=_("case"), db_index=False
    )
    # the case's handling department when the urge was issued: it answers
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="case_urges",
        verbose_name=_("addressed to"),
        db_index=False,
    )
    issued_by = models.ForeignKey(
        "core.User", models.PROTECT, related_name="case_urges_issued", verbose_name=_("urged by")
    )
    issued_at = models.DateTimeField(_("urged at"))
    # the case's deadline state when urged (overdue or warning) and its due date then
    case_state = models.CharField(
        _("case deadline state"),
        max_length=10,
        choices=[("overdue", _("Overdue")), ("warning", _("Warning"))],
    )
    case_due_date = models.DateField(_("case due"))
    message = models.TextField(_("what the supervisor asks"))
    reply_by = models.DateTimeField(_("answer by"))
    reply_by_provisional = models.BooleanField(_("answer-by date provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=UrgeStatus.choices, default=UrgeStatus.OPEN
    )
    answer = models.TextField(_("what the department did"), blank=True)
    answered_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case_urges_answered",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="case_urges_closed",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        indexes = [
            # "open urges for my department", the soonest answer-by first
            models.Index(fields=["department", "status", "reply_by", "id"], name="urge_inbox"),
            # "urges on this case"
            models.Index(fields=["case", "issued_at"], name="urge_of_case"),
            # the supervisor's list, newest first; and the open ones past their answer-by
            models.Index(fields=["issued_at", "id"], name="urge_issued"),
            models.Index(fields=["department", "issued_at", "id"], name="urge_of_department"),
            models.Index(
                fields=["reply_by", "id"], condition=Q(status="open"), name="urge_awaiting"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="open"), name="one_open_urge_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="answered_urge_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="closed_urge_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}：{self.get_status_display()}"
