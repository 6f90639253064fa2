from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayScheduleYear(models.Model):
    """A year's official holiday schedule entered by staff, for years the ``chinesecalendar``
    package does not cover yet (the State Council publishes each year's schedule in the
    autumn before it). Every date of the year not listed is a workday on Monday to Friday
    and a rest day on Saturday and Sunday."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("The notice the schedule comes from.")
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self) -> str:
        return str(self.year)


class WorkdayScheduleDay(models.Model):
    """One exception of a year's schedule: a holiday on a weekday, or a make-up workday
    (调休) on a weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up workday")

    schedule = models.ForeignKey(WorkdayScheduleYear, models.CASCADE, related_name="days")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("festival"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("schedule day")
        verbose_name_plural = _("schedule days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
