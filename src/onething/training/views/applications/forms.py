"""The application pages' forms. Their inputs are plain: the services check them (every
problem at once, put beside each input by ``core.forms.problems_on``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import IdempotentForm, confirm_field, text_area

from ...rules.applications import MAJOR_MAX, STATEMENT_MAX
from ...rules.common import NOTE_MAX
from ...rules.statuses import (
    APPLICATION_STATUS_LABELS,
    APPLICATION_STATUSES,
    DEGREE_LABELS,
    DEGREES,
)

ACCEPT_TRANSCRIPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
ACCEPT_PDF = ".pdf,application/pdf"
ACCEPT_SHEET = ".xlsx,.csv"


def _line(label, max_length: int, **attrs) -> forms.CharField:
    """A line of text the service checks (its length too): the input only says how long."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": max_length, **attrs}),
    )


class ApplyForm(IdempotentForm):
    """A student's application to a cohort, with the academic transcript and the CV."""

    university = forms.ChoiceField(label=_("University"), required=False)
    major = _line(_("Major"), MAJOR_MAX)
    degree = forms.ChoiceField(
        label=_("Degree studied for"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(d, DEGREE_LABELS[d]) for d in DEGREES],
    )
    graduation_year = _line(
        _("Graduation year"), 4, inputmode="numeric", autocomplete="off", placeholder="2026"
    )
    first_track = forms.ChoiceField(label=_("First choice of track"), required=False)
    second_track = forms.ChoiceField(label=_("Second choice of track"), required=False)
    statement = forms.CharField(
        label=_("Personal statement"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": STATEMENT_MAX, "data-counter": STATEMENT_MAX}
        ),
    )
    transcript = forms.FileField(label=_("Academic transcript"), required=False)
    cv = forms.FileField(label=_("CV"), required=False)

    def __init__(self, *args, universities=(), tracks=(), no_agreement=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].max_length = STATEMENT_MAX
        no_agreement = set(no_agreement)
        self.fields["university"].choices = [("", _("Choose your university"))] + [
            (str(pk), f"{name}{_('（no credit agreement）') if pk in no_agreement else ''}")
            for pk, name in universities
        ]
        self.fields["university"].widget.attrs["data-no-agreement"] = ",".join(
            str(pk) for pk in sorted(no_agreement)
        )
        self.fields["first_track"].choices = [("", _("Choose a track")), *list(tracks)]
        self.fields["second_track"].choices = [("", _("No second choice")), *list(tracks)]
        for name in ("university", "major", "degree", "graduation_year", "first_track"):
            self.fields[name].mark_required = True
        self.fields["transcript"].mark_required = True
        self.fields["cv"].mark_required = True
        self.fields["university"].help_text = _(
            "Credits transfer only from a university with a credit agreement valid when the "
            "class starts; students of other universities may apply too."
        )
        self.fields["graduation_year"].help_text = _("The year you graduate, e.g. 2026.")
        self.fields["statement"].help_text = _(
            "Why this track, what you have built or studied (at most 2000 characters)."
        )
        self.fields["transcript"].help_text = _("A PDF, or a clear photo (JPEG or PNG).")
        self.fields["transcript"].widget.attrs["accept"] = ACCEPT_TRANSCRIPT
        self.fields["cv"].help_text = _("A PDF.")
        self.fields["cv"].widget.attrs["accept"] = ACCEPT_PDF


# ---------------------------------------------------------------------- the staff's moves


class ScreenForm(forms.Form):
    note = text_area(_("Note"), NOTE_MAX, rows=2)


class RejectForm(forms.Form):
    note = text_area(_("Why it does not pass"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("Reject the application: the student is told."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True  # said with the confirmation's problem, at once
        self.fields["note"].error_messages["required"] = _("Say why.")
        self.fields["note"].mark_required = True


class InterviewForm(forms.Form):
    score = _line(_("Your score (0–100)"), 5, inputmode="decimal", autocomplete="off")
    note = text_area(_("Note"), NOTE_MAX, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].mark_required = True


# ---------------------------------------------------------------------- the student's moves


class AcceptForm(forms.Form):
    confirm = confirm_field(_("I accept the place and will take part in the class."))


class DeclineForm(forms.Form):
    reason = text_area(_("Why, if you like"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I decline the place: it goes to the next student waiting."))


class WithdrawForm(forms.Form):
    reason = text_area(_("Why, if you like"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I withdraw my application: this cannot be undone."))


# ---------------------------------------------------------------------- lists and selection


class ApplicationFilter(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("training application", "All"))]
        + [(s, APPLICATION_STATUS_LABELS[s]) for s in APPLICATION_STATUSES],
    )
    track = forms.ChoiceField(label=_("Track"), required=False)
    university = forms.TypedChoiceField(
        label=_("University"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, cohorts=(), tracks=(), universities=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = pgettext_lazy("training application", "All")
        self.fields["cohort"].choices = [("", every), *cohorts]
        self.fields["track"].choices = [("", every), *tracks]
        self.fields["university"].choices = [("", every), *((str(k), v) for k, v in universities)]


class SelectionForm(forms.Form):
    places = forms.IntegerField(
        label=_("Places to offer now"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    confirm = confirm_field(
        _("Run the selection: the offers go out to the students and cannot be taken back.")
    )

    def __init__(self, *args, free: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].help_text = _(
            "Empty: every free place (%(n)s now). More than are free is refused."
        ) % {"n": free}


class ImportScoresForm(forms.Form):
    file = forms.FileField(label=_("Sheet of interview scores"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].mark_required = True
        self.fields["file"].widget.attrs["accept"] = ACCEPT_SHEET
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) or CSV file with the columns 申请编号 and 面试得分 "
            "(备注 if you like), one row per application; you are the interviewer of every "
            "row. Nothing is stored unless every row is right."
        )


class CloseWaitingForm(forms.Form):
    confirm = confirm_field(_("Close the waiting list: everyone still on it is not selected."))
