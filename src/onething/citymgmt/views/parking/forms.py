"""The parking pages' forms. Their inputs are plain: the services check them (every
problem at once, put beside each input by ``core.forms.problems_on``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import DateField, IdempotentForm, text_area

from ...rules.parking import GROUP_LABELS, PARENT, PUBLIC, RESIDENT


def _line(label, max_length: int, **attrs) -> forms.CharField:
    """A line of text the service checks (its length too): the input only says how long."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": max_length, **attrs}),
    )


class PlateRegistrationForm(IdempotentForm):
    """A citizen's registration of a plate for a group, with its proof."""

    plate = _line(
        _("Plate number"), 20, autocomplete="off", spellcheck="false", placeholder="苏B12345"
    )
    group = forms.ChoiceField(
        label=_("Registered as"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(PARENT, GROUP_LABELS[PARENT]), (RESIDENT, GROUP_LABELS[RESIDENT])],
    )
    holder_name = _line(_("Holder's name"), 50, autocomplete="name")
    holder_phone = _line(_("Holder's phone"), 30, autocomplete="tel", inputmode="tel", type="tel")
    proof = forms.FileField(label=_("Proof"), required=False)
    proof_note = _line(_("About the proof"), 200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plate", "group", "holder_name", "holder_phone", "proof"):
            self.fields[name].mark_required = True
        self.fields["plate"].help_text = _(
            "Province and letter first; a new-energy plate has 6 characters after the letter."
        )
        self.fields["proof"].help_text = _(
            "Parents: the pupil's enrolment or a school card; residents: a proof of address. "
            "PDF, JPEG or PNG."
        )
        self.fields["proof"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,image/*"
        self.fields["proof_note"].help_text = _("E.g. the pupil's class, or the building.")


STATE_CHOICES = [
    ("", pgettext_lazy("parking stays", "All")),
    ("open", pgettext_lazy("parking stays", "Cars still in")),
    ("overstayed", pgettext_lazy("parking stays", "Overstays")),
    ("closed", pgettext_lazy("parking stays", "Left")),
]
GROUP_CHOICES = [
    ("", pgettext_lazy("parking group", "All")),
    *((g, GROUP_LABELS[g]) for g in (PARENT, RESIDENT, PUBLIC)),
]


class StayFilter(forms.Form):
    """A car park's stays (and the span its use is counted over)."""

    state = forms.ChoiceField(label=_("Stays"), required=False, choices=STATE_CHOICES)
    group = forms.ChoiceField(label=_("Counted as"), required=False, choices=GROUP_CHOICES)
    plate = _line(_("Plate number"), 20, autocomplete="off", spellcheck="false")
    date_from = DateField(label=_("From"), required=False, help_text="")
    date_to = DateField(label=_("To"), required=False, help_text="")


class QueueFilter(forms.Form):
    """The registrations waiting for review."""

    lot = forms.ChoiceField(label=_("Car park"), required=False)
    group = forms.ChoiceField(
        label=_("Registered as"),
        required=False,
        choices=[("", pgettext_lazy("parking group", "All"))]
        + [(g, GROUP_LABELS[g]) for g in (PARENT, RESIDENT)],
    )
    plate = _line(_("Plate number"), 20, autocomplete="off", spellcheck="false")

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [("", pgettext_lazy("parking lot", "All")), *lots]


class ApproveForm(forms.Form):
    valid_until = DateField(label=_("Valid until"), required=False, help_text="")


class RefuseForm(forms.Form):
    reason = text_area(_("Why it is refused"), 200, rows=2)


class RevokeForm(forms.Form):
    reason = text_area(_("Why it is revoked"), 200, rows=2)


class PhoneForm(forms.Form):
    purpose = _line(_("Why you need the full number"), 300)
