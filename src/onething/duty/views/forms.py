"""The forms of night duty's pages: check in (confirmed: it cannot be undone), the filters
of the lists, a night visit and its demands (a small formset: the rows left empty are no
demand), publishing a roster (confirmed)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import DateField, IdempotentForm, PhoneField, confirm_field, text_area

from ..rules.rosters import ROSTER_STATUS_LABELS, ROSTER_STATUSES


class CheckInForm(forms.Form):
    place_note = forms.CharField(
        label=_("Where you stay tonight"),
        max_length=100,
        required=False,
        help_text=_("For example: the office of the street (办公驻地)."),
    )
    confirm = confirm_field(
        _("I am staying at the office tonight (a check-in cannot be undone)."),
        _("Tick the box to confirm the check-in: it cannot be undone."),
    )


class PublishForm(forms.Form):
    confirm = confirm_field(
        _("Publish the roster: its nights will no longer change."),
        _("Tick the box to confirm: a published roster no longer changes."),
    )


class RosterFilter(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-12"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + [(s, ROSTER_STATUS_LABELS[s]) for s in ROSTER_STATUSES],
    )


class VisitFilter(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-12"}),
    )
    q = forms.CharField(label=_("Place, people or matter"), required=False, max_length=100)


class FiguresFilter(forms.Form):
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)


class VisitForm(IdempotentForm):
    at = forms.DateTimeField(
        label=_("When"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("A date and time, e.g. 2021-12-07 19:40.")},
    )
    place = forms.CharField(label=_("Village or community"), max_length=60)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    met_names = forms.CharField(
        label=_("Whom you met"),
        max_length=200,
        required=False,
        help_text=_("For example: 韩宝祥等村民代表."),
    )
    met_count = forms.IntegerField(label=_("Residents met"), min_value=0, max_value=9999)
    summary = text_area(_("What was raised"), 2000, rows=4, counter=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = True
        for name in ("at", "place", "met_count", "summary"):
            self.fields[name].mark_required = True


DEMAND_TYPES = [
    ("demand", pgettext_lazy("duty demand", "Demand")),  # 诉求
    ("suggestion", pgettext_lazy("duty demand", "Suggestion")),  # 建议
]


class DemandForm(forms.Form):
    """One demand a resident raised: it becomes an appeal of 带班值班."""

    type = forms.ChoiceField(
        label=_("Kind"), choices=DEMAND_TYPES, initial="demand", required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=[], required=False)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    text = text_area(_("What the resident raised"), 2000, rows=3)
    contact_name = forms.CharField(label=_("Resident"), max_length=50, required=False)
    contact_phone = PhoneField(label=_("Resident's phone"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories]

    def filled(self) -> bool:
        """Whether the row holds a demand (typed into, whether valid or not)."""
        return any(self[f].value() for f in ("text", "title", "contact_name", "contact_phone"))

    def typed(self) -> dict:
        """The row as typed (its clean values where valid), for the service's checks."""
        data = getattr(self, "cleaned_data", None) or {}
        return {f: data.get(f, self[f].value()) or "" for f in self.fields}


DemandFormSet = forms.formset_factory(DemandForm, extra=3, max_num=10, absolute_max=10)
