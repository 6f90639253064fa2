"""The working-day calendar page (supervisors, administrators): which years' holiday
schedules the platform counts with, the years missing, and entering a year's schedule
typed from the State Council's notice or imported from .xlsx. Entering one counts every
open provisional deadline again and says how many changed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core import clock
from onething.core.errors import ValidationFailed
from onething.core.exports import rows_to_xlsx, xlsx_response
from onething.core.forms import problems_on
from onething.core.models import Role
from onething.core.permissions import require_role
from onething.core.selectors.calendar import schedule_years, schedules_missing
from onething.core.services.calendar import (
    schedule_enter,
    schedule_entered_message,
    schedule_lines,
    schedule_rows,
)
from onething.core.xlsx import MAX_BYTES

from .base import domain_errors_as_pages, page_actor

EDITORS = (Role.SUPERVISOR, Role.ADMIN)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2200)
    source = forms.CharField(
        label=gettext_lazy("Notice"),
        max_length=200,
        help_text=gettext_lazy("The State Council's notice the schedule comes from."),
    )
    days = forms.CharField(
        label=gettext_lazy("Days, one per line: date, 休 or 班, festival"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "2027-01-01 休 元旦"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Or an .xlsx workbook (columns 日期, 类型, 节日)"), required=False
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the schedule already entered for this year"), required=False
    )


@login_required
@domain_errors_as_pages
def calendar_page(request):
    actor = page_actor(request)
    require_role(actor, *EDITORS)
    today = clock.today()
    years = schedule_years(today)
    missing = schedules_missing(today)
    entered = {y.year for y in years if y.entered}
    initial = {"year": missing[-1] if missing else today.year + 1}
    form = ScheduleForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                upload = data.get("file")
                if upload is not None:
                    days = schedule_rows(upload.read(MAX_BYTES + 1))
                else:
                    days = schedule_lines(data.get("days") or "")
                if not days:
                    raise ValidationFailed.one(
                        "days", "required", _("Type the days or choose a workbook.")
                    )
                if data["year"] in entered and not data.get("replace"):
                    raise ValidationFailed.one(
                        "replace",
                        "confirm",
                        _("%(y)s has a schedule already: tick the box to replace it.")
                        % {"y": data["year"]},
                    )
                result = schedule_enter(
                    actor=actor, year=data["year"], source=data["source"], days=days
                )
            except ValidationFailed as error:
                # a typed line (days[i]) on the days, a workbook's row (rows.n.col) on the
                # file; their messages name the line or row already
                problems_on(form, error, {"rows": "file"})
            else:
                messages.success(request, schedule_entered_message(result))
                return redirect("calendar")
    return render(
        request,
        "web/calendar.html",
        {
            "title": _("Working-day calendar"),
            "years": years,
            "missing": missing,
            "form": form,
            "today": today,
        },
        status=status,
    )


@login_required
@domain_errors_as_pages
def calendar_template(request):
    """An empty workbook in the layout the import reads, with two example rows."""
    require_role(page_actor(request), *EDITORS)
    year = clock.today().year + 1
    body = rows_to_xlsx(
        ["日期", "类型", "节日"],
        [[f"{year}-01-01", "休", "元旦"], [f"{year}-02-20", "班", "春节"]],
        title=_("Holiday schedule"),
    )
    return xlsx_response(body, "holiday-schedule", stamped=False)
