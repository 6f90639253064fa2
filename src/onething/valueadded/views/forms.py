"""The forms of the value-added services' pages. As on the other pages the inputs check
little themselves: the services validate, and their field problems are shown beside the
inputs (``core.forms.problems_on``), every problem at once. A move that cannot be undone
(declining, concluding, withdrawing) asks for a ticked confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core import deadlines
from onething.core.forms import (
    IdempotentForm,
    MultipleFileInput,
    PhoneField,
    confirm_field,
    text_area,
)
from onething.core.ratings import Rating

from ..models import CATEGORY_CHOICES, OUTCOME_CHOICES, STATUS_CHOICES
from ..rules.requests import (
    COMMENT_MAX,
    DETAILS_MAX,
    MAX_ATTACHMENTS,
    NAME_MAX,
    NOTE_MAX,
    OUTCOME_MAX,
    SUBJECT_MAX,
)

ALL = [("", _("All"))]
DEADLINE_CHOICES = [
    (state, deadlines.LABELS[state]) for state in (*deadlines.RUNNING, deadlines.ANSWERED)
]


def _line(label, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"maxlength": max_length, **attrs}),
    )


def _required(field: forms.Field, message=None) -> forms.Field:
    field.required = True
    field.mark_required = True
    if message:
        field.error_messages["required"] = message
    return field


# ---------------------------------------------------------------- filters


class CatalogueFilter(forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("value-added", "Category"),
        choices=[*ALL, *CATEGORY_CHOICES],
        required=False,
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)


class MyRequestsFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[*ALL, *STATUS_CHOICES], required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("value-added", "Category"),
        choices=[*ALL, *CATEGORY_CHOICES],
        required=False,
    )
    open_only = forms.BooleanField(label=_("Only requests not finished"), required=False)


class QueueFilter(MyRequestsFilter):
    deadline = forms.ChoiceField(
        label=_("Deadline"), choices=[*ALL, *DEADLINE_CHOICES], required=False
    )
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [*ALL, *services]


# ---------------------------------------------------------------- the request


class RequestForm(IdempotentForm):
    """An enterprise asks for a service: what it needs, who to call, up to three files."""

    subject = _required(_line(_("What do you need, in a line"), SUBJECT_MAX))
    details = _required(text_area(_("Describe what you need"), DETAILS_MAX, rows=5, counter=True))
    contact_name = _required(_line(_("Contact"), NAME_MAX, autocomplete="name"))
    contact_phone = PhoneField(label=_("Contact phone"), required=False)
    attachments = forms.FileField(
        label=_("Files (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, phone_on_file: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "PDF, JPEG or PNG, at most %(n)s files; each one is checked."
        ) % {"n": MAX_ATTACHMENTS}
        if phone_on_file:
            self.fields["contact_phone"].help_text = _(
                "Leave it empty to be called on the phone on file (%(p)s)."
            ) % {"p": phone_on_file}
            self.fields["contact_phone"].widget.attrs["placeholder"] = phone_on_file
        else:
            self.fields["contact_phone"].mark_required = True

    def clean_attachments(self):
        return None  # read by the view (several files, kept across a refusal)


# ---------------------------------------------------------------- the moves


class AcceptForm(forms.Form):
    """受理: a note for the enterprise, if any (who will call, when)."""

    note = text_area(_("Note for the enterprise"), NOTE_MAX, rows=2)


class DeclineForm(forms.Form):
    """不予受理: the reason, which the enterprise reads; cannot be undone."""

    reason = _required(
        text_area(_("Why is it declined?"), NOTE_MAX, rows=2),
        _("Say why the request is declined."),
    )
    confirm = confirm_field(_("I decline this request; this cannot be undone."))


class ConcludeForm(forms.Form):
    """办结: what came of the request (a financing reached with its amount)."""

    outcome_kind = forms.ChoiceField(label=_("Result"), choices=OUTCOME_CHOICES)
    outcome = _required(text_area(_("What was done"), OUTCOME_MAX, rows=3), _("Say what was done."))
    amount = _line(_("Financing reached (yuan)"), 20, inputmode="decimal")
    confirm = confirm_field(_("I conclude this request; this cannot be undone."))

    def __init__(self, *args, usual: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if usual:
            self.fields["outcome_kind"].initial = usual
        self.fields["amount"].help_text = _("Only for a financing reached, e.g. 5000000.")


class WithdrawForm(forms.Form):
    """撤回: before the provider accepts; cannot be undone."""

    reason = text_area(_("Why (optional)"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I withdraw this request; this cannot be undone."))


class RateForm(forms.Form):
    """评价: five levels, 非常满意 … 非常不满意, and a comment."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = text_area(_("Comment"), COMMENT_MAX, rows=2)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why do you need the full number?"), max_length=300)
