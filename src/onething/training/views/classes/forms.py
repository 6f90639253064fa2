"""The forms of the class pages: the staff's cohort filter and "enrol every accepted
application" (confirmed), a day's attendance sheet (a choice per student), a course's
grade sheet (a score per student), a student's moves (complete; withdraw with the reason,
confirmed) and the issue of a transcript (to a university, the courses to carry). The
services validate; their problems are shown beside the inputs, every one at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import DateField, IdempotentForm, confirm_field, text_area

from ...rules.statuses import ATTENDANCE_LABELS, ATTENDANCE_MARKS


class CohortFilter(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [(c.code, c.name) for c in cohorts]


class EnrolAllForm(forms.Form):
    confirm = confirm_field(
        _("Enrol every accepted applicant in the class of the track offered to them")
    )


def mark_field(number: str) -> str:
    return f"mark-{number}"


def score_field(number: str) -> str:
    return f"score-{number}"


class DayPicker(forms.Form):
    """Which day's sheet to show (GET)."""

    day = DateField(label=_("Day"), required=False)


class CoursePicker(forms.Form):
    course = forms.ChoiceField(label=pgettext_lazy("training", "Course"), required=False)

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [(c.code, c.name) for c in courses]


class AttendanceSheet(forms.Form):
    """A day's marks: one choice per student in class (left empty: not marked)."""

    day = forms.DateField(label=_("Day"), widget=forms.HiddenInput)

    def __init__(self, *args, students=(), **kwargs):
        kwargs.setdefault("auto_id", "attendance-%s")
        super().__init__(*args, **kwargs)
        choices = [(m, ATTENDANCE_LABELS[m]) for m in ATTENDANCE_MARKS]
        for enrolment in students:
            self.fields[mark_field(enrolment.number)] = forms.ChoiceField(
                label=enrolment.person.name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[str, str]:
        return {
            name.removeprefix("mark-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("mark-") and value
        }


class GradeSheet(forms.Form):
    """A course's scores: one input per student (left empty: not entered)."""

    course = forms.CharField(
        label=pgettext_lazy("training", "Course"), widget=forms.HiddenInput, max_length=30
    )

    def __init__(self, *args, students=(), **kwargs):
        kwargs.setdefault("auto_id", "grades-%s")
        super().__init__(*args, **kwargs)
        for enrolment in students:
            self.fields[score_field(enrolment.number)] = forms.CharField(
                label=enrolment.person.name,
                required=False,
                max_length=8,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )

    def scores(self) -> dict[str, str]:
        return {
            name.removeprefix("score-"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("score-") and value and value.strip()
        }


class CompleteForm(forms.Form):
    note = text_area(_("Note"), 200, rows=2)


class WithdrawForm(forms.Form):
    reason = text_area(_("Reason"), 200, rows=2)
    confirm = confirm_field(_("The student leaves the class; this cannot be undone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].mark_required = True


class IssueForm(IdempotentForm):
    university = forms.TypedChoiceField(label=_("University"), coerce=int, empty_value=None)
    courses = forms.MultipleChoiceField(
        label=_("Courses to transfer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty: every passed course the agreement counts."),
    )

    def __init__(self, *args, universities=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["university"].choices = [(u.pk, u.name) for u in universities]
        self.fields["courses"].choices = [(c.code, c.name) for c in courses]
