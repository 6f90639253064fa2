from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealTally(models.Model):
    """诉求月汇总: the appeals received in one month, by the month they were closed in
    (``appeals.tally.NOT_CLOSED`` while open), programme, type, channel, responsible
    department and region, counted. The ids are plain integers, 0 for none (a key column
    cannot be NULL: NULLs never conflict). Kept in the same transaction as each appeal
    change; the figures read these rows, never the appeals."""

    month = models.DateField(_("month received"))
    closed_month = models.DateField(_("month closed"))
    programme_key = models.IntegerField(default=0)
    type = models.CharField(max_length=12)
    channel = models.CharField(max_length=10)
    department_key = models.IntegerField(default=0)
    region_key = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    reply_days = models.BigIntegerField(default=0)
    # 按时办结: closed with the concluding reply by the due date, or after it
    concluded_on_time = models.IntegerField(default=0)
    concluded_late = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly appeal figures")
        verbose_name_plural = _("monthly appeal figures")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "month",
                    "closed_month",
                    "programme_key",
                    "type",
                    "channel",
                    "department_key",
                    "region_key",
                ],
                name="appeal_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.type}/{self.channel}: {self.total}"


class AppealDueTally(models.Model):
    """Open appeals by the month received, programme, type, channel, department, region and
    reply due date: overdue and due-soon counts are sums over due dates, so they move with
    the day."""

    month = models.DateField(_("month received"))
    programme_key = models.IntegerField(default=0)
    type = models.CharField(max_length=12)
    channel = models.CharField(max_length=10)
    department_key = models.IntegerField(default=0)
    region_key = models.IntegerField(default=0)
    due_date = models.DateField(_("reply due"))
    open = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("open appeals by due date")
        verbose_name_plural = _("open appeals by due date")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "month",
                    "programme_key",
                    "type",
                    "channel",
                    "department_key",
                    "region_key",
                    "due_date",
                ],
                name="appeal_due_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} due {self.due_date}: {self.open}"
