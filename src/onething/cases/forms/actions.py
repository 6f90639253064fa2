"""The forms of the actions on a case's page (accept, decline, correction, conclusion,
hand-over, withdrawal, rating) and of the supervisor's and the public pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.catalog.models import ServiceItem
from onething.core.forms import confirm_field, text_area, with_confirmation
from onething.core.ratings import Rating

from ..models import Outcome
from .application import ItemFormMixin

# --- the lifecycle's actions on the case page ------------------------------------------


class ConfirmForm(forms.Form):
    """An action without input (accept)."""


class ReasonForm(forms.Form):
    reason = text_area(_("Reason (the applicant reads it)"), 2000, rows=2)


DeclineForm = with_confirmation(
    ReasonForm, _("I understand: declining ends the application and cannot be undone.")
)


class WithdrawForm(forms.Form):
    """Withdrawing cannot be undone: a reason if one likes, and an explicit confirmation."""

    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)
    confirm = confirm_field(
        _("I understand: the application is withdrawn and cannot be taken up again."),
        _("Tick the box to confirm the withdrawal."),
    )


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    reason = text_area(_("Reason (required when denied)"), 2000, rows=2)
    valid_until = forms.DateField(
        label=_("Valid until (empty: the item's usual validity)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = confirm_field(
        _("I understand: the decision is final and the applicant is told at once.")
    )


class HandOverForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Postal tracking number (for a posted result)"), max_length=40, required=False
    )


class CorrectionForm(ItemFormMixin, forms.Form):
    """Corrected materials: each file replaces the earlier one of its type."""

    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields(item, answers=False)
        for name in self.fields:
            if name.startswith("materials."):
                self.fields[name].mark_required = False
        self.order_fields([n for n in self.fields if n != "note"] + ["note"])


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=0,
    )
    comment = text_area(_("Comment"), 2000, rows=2)


class RectificationCloseForm(forms.Form):
    result = text_area(_("What was done"), 2000)
    follow_up_at = forms.DateTimeField(
        label=_("Follow-up call made at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    follow_up_note = text_area(_("What the applicant said"), 2000)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    id_suffix = forms.CharField(
        label=_("Last 6 characters of the applicant's ID number"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
