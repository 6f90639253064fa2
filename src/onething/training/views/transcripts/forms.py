"""The forms of the transcript pages: the lists' filter, revoking (with the reason,
confirmed) and the verification page's token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import confirm_field, text_area

from ...rules.statuses import TRANSCRIPT_STATE_LABELS, TRANSCRIPT_STATES, choices
from ...rules.transcript_token import MAX_LENGTH

STATUS_CHOICES = [("", _("All")), *choices(TRANSCRIPT_STATES, TRANSCRIPT_STATE_LABELS)]


class TranscriptFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(
        label=_("Transcript or student number, or name"), required=False, max_length=40
    )

    def __init__(self, *args, cohorts=(), universities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if universities:
            self.fields["university"] = forms.TypedChoiceField(
                label=_("University"),
                choices=[("", _("All")), *[(u.pk, u.name) for u in universities]],
                coerce=int,
                empty_value=None,
                required=False,
            )
        if cohorts:
            self.fields["cohort"] = forms.ChoiceField(
                label=_("Cohort"),
                choices=[("", _("All")), *[(c.code, c.name) for c in cohorts]],
                required=False,
            )


class RevokeForm(forms.Form):
    reason = text_area(_("Reason"), 200, rows=2, counter=True)
    confirm = confirm_field(
        _("Revoke the transcript: it no longer verifies, and the university is told so")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].mark_required = True


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("The transcript's signed text"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Paste the text printed under the QR code of the PDF, or scan the QR code."),
    )
