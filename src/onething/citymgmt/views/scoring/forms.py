"""The forms of the scoring pages. The inputs check little themselves: the services
validate, and their field problems land beside the inputs (``core.forms.problems_on``),
every problem at once. A criterion's mark is a group of five radio buttons
(``mark_<code>``), each drawn as a big star."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import ACCEPT_PHOTOS, IdempotentForm, confirm_field, text_area

from ...rules.scoring import COMMENT_MAX, MARK_MAX, MARK_MIN, SCORE_STATUS_LABELS, SCORE_STATUSES
from ...services.scoring.inspections import FINDINGS_MAX

MARK_CHOICES = [(str(n), str(n)) for n in range(MARK_MIN, MARK_MAX + 1)]


def mark_input(code: str) -> str:
    return f"mark_{code}"


class ScoreForm(IdempotentForm):
    """A resident's score: one group of radio buttons a published criterion, a comment and
    a photo if one likes."""

    comment = text_area(_("Anything to add?"), COMMENT_MAX, rows=3, counter=True)
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_PHOTOS, "capture": "environment"}),
        help_text=_("JPEG or PNG."),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            field = forms.CharField(  # the service checks the mark (1 to 5, not missing)
                label=criterion.name,
                required=False,
                max_length=2,
                widget=forms.RadioSelect(choices=MARK_CHOICES),
                help_text=criterion.description,
            )
            field.mark_required = True
            self.fields[mark_input(criterion.code)] = field
        self.order_fields([mark_input(c.code) for c in self.criteria] + ["comment", "photo"])

    def marks(self) -> dict[str, str]:
        """The marks as sent (the service checks each: 1 to 5, none missing)."""
        return {c.code: self.data.get(mark_input(c.code), "") for c in self.criteria}

    def mark_fields(self):
        return [self[mark_input(c.code)] for c in self.criteria]

    def renames(self) -> dict[str, str]:
        return {f"marks.{c.code}": mark_input(c.code) for c in self.criteria}


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("accept", pgettext_lazy("score review", "Accept: it counts")),
            ("reject", pgettext_lazy("score review", "Reject: it never counts")),
        ],
        widget=forms.RadioSelect,
        label=_("Decision"),
        error_messages={"required": _("Choose to accept or reject the score.")},
    )
    note = text_area(_("Note"), 300, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].mark_required = True


class ScoreFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s, SCORE_STATUS_LABELS[s]) for s in SCORE_STATUSES],
        required=False,
        initial="flagged",
    )
    street = forms.CharField(label=_("Street code"), max_length=40, required=False)


class InspectionForm(forms.Form):
    street = forms.ChoiceField(
        label=_("Street"), error_messages={"required": _("Choose a street.")}
    )
    mark = forms.IntegerField(
        label=_("Mark (0–100)"),
        required=False,  # the service says what is wrong with it, with every other problem
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
        error_messages={"invalid": _("The mark is a whole number from 0 to 100.")},
    )
    findings = text_area(_("What you found"), FINDINGS_MAX, rows=3, counter=True)

    def __init__(self, *args, streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].choices = [("", "—"), *streets]
        self.fields["street"].mark_required = True
        self.fields["mark"].mark_required = True


class NoFilter(forms.Form):
    """A list with nothing to filter by (the inspector's own checks)."""


class MonthPick(forms.Form):
    month = forms.ChoiceField(label=_("Month"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, months=(), districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = list(months)
        self.fields["district"].choices = [("", _("All")), *districts]


class CloseMonthForm(forms.Form):
    confirm = confirm_field(
        _("I understand: the month's street scores are published and cannot be changed.")
    )
