"""The forms of the placements' pages: the filters of the openings, the applicants and the
placements; an opening (new or changed); applying; the moves on a job application (an
interview's time, an offer, a refusal — those that cannot be undone confirmed); a
placement recorded directly and its end.

The inputs check little themselves: the services validate, and their field problems are
shown beside the inputs (``core.forms.problems_on``), every one at once."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core import clock
from onething.core.errors import FieldProblem
from onething.core.forms import IdempotentForm, confirm_field, problems_on, text_area

from ...rules.common import NOTE_MAX
from ...rules.placements import (
    CITY_MAX,
    DESCRIPTION_MAX,
    POSITION_MAX,
    POSITIONS_MAX,
    TITLE_MAX,
    interview_problem,
    opening_problems,
)
from ...rules.statuses import JOB_STATUS_LABELS, JOB_STATUSES
from ..fields import ALL, day_field, required


def _also(form: forms.Form, problems) -> None:
    """A form refused by its own checks shows the rules' problems of its other inputs
    too (every problem at once; a valid form leaves them to the service)."""
    if form.errors:
        problems_on(form, [p for p in problems if p], one_per_input=True, beside_only=True)


class OpeningFilter(forms.Form):
    company = forms.TypedChoiceField(
        label=_("Company"), coerce=int, empty_value=None, required=False
    )
    track = forms.ChoiceField(label=pgettext_lazy("training track", "Track"), required=False)

    def __init__(self, *args, companies=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [*ALL, *companies]
        self.fields["track"].choices = [*ALL, *tracks]


class OpeningForm(IdempotentForm):
    """An opening: new (``companies`` to choose from when the poster acts for several) or
    changed (no company, no key)."""

    company = forms.TypedChoiceField(
        label=_("Company"), coerce=int, empty_value=None, required=False
    )
    title = forms.CharField(label=_("Position title"), max_length=TITLE_MAX, required=False)
    track = forms.ChoiceField(label=pgettext_lazy("training track", "Track"), required=False)
    city = forms.CharField(
        label=pgettext_lazy("opening", "City"), max_length=CITY_MAX, required=False, initial="无锡"
    )
    positions = forms.IntegerField(
        label=_("Positions"), min_value=1, max_value=POSITIONS_MAX, required=False
    )
    description = text_area(
        pgettext_lazy("opening", "Description"), DESCRIPTION_MAX, rows=5, counter=True
    )
    opens_on = day_field(_("Opens on"))
    closes_on = day_field(_("Closes on"))

    def __init__(self, *args, companies=None, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if companies is None or len(companies) < 2:
            del self.fields["company"]
        else:
            self.fields["company"].choices = [("", _("Choose the company")), *companies]
            required(self, "company")
        self.fields["track"].choices = [("", _("Any track")), *tracks]
        self.fields["opens_on"].help_text = _("Default: today.")
        required(self, "title", "city", "positions", "closes_on")

    def clean(self):
        data = super().clean()
        today = clock.today()
        problems = opening_problems(
            title=data.get("title"),
            city=data.get("city"),
            positions=data.get("positions"),
            description=data.get("description"),
            opens_on=data.get("opens_on") or today,
            closes_on=data.get("closes_on"),
            today=today,
        )
        if "company" in self.fields and not data.get("company"):
            problems.append(
                FieldProblem("company", "required", _("Choose the company the opening is for."))
            )
        new = "idempotency_key" in self.fields  # a change may keep a day gone by
        _also(self, [p for p in problems if p.rule != "past" or new])
        return data

    def service_arguments(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        arguments = {
            "title": data.get("title") or "",
            "track_code": data.get("track") or "",
            "city": data.get("city") or "",
            "positions": data.get("positions"),
            "description": data.get("description") or "",
            "opens_on": data.get("opens_on"),
            "closes_on": data.get("closes_on"),
        }
        if "company" in self.fields:
            arguments["company_id"] = data.get("company")
        return arguments


OPENING_INPUTS = {"track_code": "track", "company_id": "company"}


class EditOpeningForm(OpeningForm):
    def __init__(self, *args, **kwargs):
        kwargs["companies"] = None
        super().__init__(*args, **kwargs)
        del self.fields["idempotency_key"]  # a change is the same however often sent
        self.fields["opens_on"].help_text = ""


class ApplyForm(IdempotentForm):
    note = text_area(_("A word to the company (optional)"), NOTE_MAX, rows=2, counter=True)


class CloseForm(forms.Form):
    note = text_area(_("Note"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm: a closed opening takes no more applications."))


class LocalDateTimeField(forms.DateTimeField):
    """A day and a time picked on the page, in the city's time (made aware)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a day and a time, e.g. 2025-09-25 10:00.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        found = super().to_python(value)
        if isinstance(found, dt.datetime) and timezone.is_naive(found):
            found = timezone.make_aware(found)
        return found


class InterviewForm(forms.Form):
    at = LocalDateTimeField(label=_("Interview time"), required=False)
    note = text_area(_("Where, and what to bring (the student sees it)"), NOTE_MAX, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self, "at")

    def clean(self):
        data = super().clean()
        if "at" not in self.errors:
            problem = interview_problem(data.get("at"), clock.now())
            if problem is not None:
                self.add_error("at", problem.message)
        return data


class OfferForm(forms.Form):
    note = text_area(_("The offer's terms (the student sees them)"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm the offer."))


class RejectForm(forms.Form):
    note = text_area(_("Why (the student sees it)"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm: this cannot be undone."))


class StudentMoveForm(forms.Form):
    note = text_area(_("Note"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm: this cannot be undone."))


class HireForm(forms.Form):
    started_on = day_field(_("Start date"))
    confirm = confirm_field(_("I accept the offer and take up the position."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].help_text = _("Default: today.")


class ApplicantFilter(forms.Form):
    opening = forms.ChoiceField(label=_("Opening"), required=False)
    status = forms.ChoiceField(
        label=pgettext_lazy("job application", "Status"),
        choices=[*ALL, *((s, JOB_STATUS_LABELS[s]) for s in JOB_STATUSES)],
        required=False,
    )

    def __init__(self, *args, openings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].choices = [*ALL, *openings]


ACTIVE_CHOICES = [
    ("", _("All")),
    ("yes", pgettext_lazy("placement", "Active")),
    ("no", pgettext_lazy("placement", "Ended")),
]


class PlacementFilter(forms.Form):
    company = forms.TypedChoiceField(
        label=_("Company"), coerce=int, empty_value=None, required=False
    )
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    year = forms.IntegerField(
        label=_("Year started"), min_value=2000, max_value=2100, required=False
    )
    active = forms.ChoiceField(
        label=pgettext_lazy("placement", "State"), choices=ACTIVE_CHOICES, required=False
    )

    def __init__(self, *args, companies=(), cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [*ALL, *companies]
        self.fields["cohort"].choices = [*ALL, *cohorts]

    def selector_arguments(self, data: dict) -> dict:
        active = data.get("active") or ""
        return {
            "company": data.get("company"),
            "cohort": data.get("cohort") or "",
            "year": data.get("year"),
            "active": {"yes": True, "no": False}.get(active),
        }


class PlacementForm(IdempotentForm):
    enrolment = forms.CharField(label=_("Student number"), max_length=20, required=False)
    company = forms.TypedChoiceField(
        label=_("Company"), coerce=int, empty_value=None, required=False
    )
    position = forms.CharField(label=_("Position"), max_length=POSITION_MAX, required=False)
    started_on = day_field(_("Start date"))

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", _("Choose the company")), *companies]
        self.fields["enrolment"].help_text = _("The student number (学号) of the class.")
        required(self, "enrolment", "company", "position", "started_on")

    def clean(self):
        data = super().clean()
        _also(
            self,
            [
                FieldProblem(name, "required", _("This field is required."))
                for name in ("enrolment", "company", "position", "started_on")
                if not data.get(name)
            ],
        )
        return data

    def service_arguments(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            "enrolment_number": data.get("enrolment") or "",
            "company_id": data.get("company"),
            "position": data.get("position") or "",
            "started_on": data.get("started_on"),
        }


PLACEMENT_INPUTS = {"enrolment_number": "enrolment", "company_id": "company"}


class EndForm(forms.Form):
    ended_on = day_field(_("Ended on"))
    note = text_area(_("Note"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm: the placement has ended."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self, "ended_on")
