"""The forms of the streets' pages: the filters of the street list and of the staff's
projects, a new project (立项), one form per milestone move (施工, 完工: confirmed, as they
cannot be undone), a spend and a before/after photo.

As on the other pages, the inputs check little themselves: the services validate, and
their field problems are shown beside the inputs (``core.forms.problems_on``), every one
at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import ACCEPT_PHOTOS, IdempotentForm, confirm_field, text_area

from ...models import PhotoPhase, StreetCategory
from ...models.streets import MILESTONE_CHOICES
from ...rules.projects import ITEMS, NOTE_MAX, TITLE_MAX, fen_of_yuan

ALL = [("", _("All"))]


def day_field(label) -> forms.DateField:
    """An optional date, picked on a calendar (its error gives an example, not a pattern)."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 2022-01-24.")},
    )


def _choices(head: list, loader: Callable[[], list[tuple[str, str]]] | list) -> Any:
    """``head`` then the choices ``loader`` gives, read only when the select is drawn."""
    if callable(loader):
        return lambda: [*head, *loader()]
    return [*head, *loader]


class StreetFilter(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("street", "Name"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Part of the name")}),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    street_office = forms.ChoiceField(label=_("Street office"), required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("street", "Category"),
        choices=[*ALL, *StreetCategory.choices],
        required=False,
    )

    def __init__(self, *args, districts=(), offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _choices(ALL, districts)
        self.fields["street_office"].choices = _choices(ALL, offices)


class ProjectFilter(forms.Form):
    programme = forms.ChoiceField(label=_("Renovation programme"), required=False)
    milestone = forms.ChoiceField(
        label=pgettext_lazy("street project", "Milestone"),
        choices=[*ALL, *MILESTONE_CHOICES],
        required=False,
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    over_budget = forms.BooleanField(label=_("Only projects over budget"), required=False)

    def __init__(self, *args, programmes=(), districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = _choices(ALL, programmes)
        self.fields["district"].choices = _choices(ALL, districts)


class YuanField(forms.CharField):
    """An amount typed in yuan (two decimals at most), cleaned to integer fen."""

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        self.widget.attrs |= {"inputmode": "decimal", "autocomplete": "off", "maxlength": 20}

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        fen = fen_of_yuan(text)
        if fen is None or (fen < 0 and not self.allow_negative):
            raise forms.ValidationError(
                _("Enter an amount in yuan, with at most two decimals (e.g. 1234.50)."),
                code="yuan",
            )
        return fen


class ProjectForm(IdempotentForm):
    """立项: a new project of a street (every problem at once, from the service)."""

    street = forms.ChoiceField(label=_("Street"), required=False)
    title = forms.CharField(label=_("Project title"), max_length=TITLE_MAX, required=False)
    items = forms.MultipleChoiceField(
        label=_("What the renovation does"),
        choices=list(ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    budget = YuanField(label=_("Budget (yuan)"), required=False)
    programme = forms.ChoiceField(label=_("Renovation programme"), required=False)
    department = forms.ChoiceField(label=_("Responsible department"), required=False)
    approved_on = day_field(pgettext_lazy("street project", "Approved on"))

    def __init__(self, *args, streets=(), programmes=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].choices = _choices([("", _("Choose a street"))], streets)
        self.fields["programme"].choices = _choices([("", _("No programme"))], programmes)
        self.fields["department"].choices = _choices(
            [("", _("The street's managing department"))], departments
        )
        for name in ("street", "title", "items", "budget"):
            self.fields[name].mark_required = True

    def service_arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "street_code": data.get("street") or self.data.get("street") or "",
            "title": data.get("title") or "",
            "items": list(data.get("items") or []),
            "budget_fen": data.get("budget"),
            "programme_code": data.get("programme") or "",
            "department_code": data.get("department") or "",
            "approved_on": data.get("approved_on"),
        }


# a service's field → the input that shows its problem
PROJECT_INPUTS = {"budget_fen": "budget"}


class MoveForm(forms.Form):
    """施工 / 完工: the day it happened (default today) and a note; cannot be undone."""

    on = day_field(_("On"))
    note = text_area(_("Note"), NOTE_MAX, rows=2)
    confirm = confirm_field(_("I confirm: this milestone cannot be undone."))


class SpendForm(IdempotentForm):
    amount = YuanField(label=_("Amount (yuan)"), allow_negative=True, required=False)
    note = text_area(_("Note (required for a correction)"), NOTE_MAX, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].mark_required = True
        self.fields["amount"].help_text = _("A negative amount corrects an earlier record.")

    def clean(self):
        data = super().clean()
        if "amount" not in self.errors and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount spent."))
        return data


SPEND_INPUTS = {"amount_fen": "amount"}


class PhotoForm(IdempotentForm):
    phase = forms.ChoiceField(
        label=_("Before or after"),
        choices=PhotoPhase.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_PHOTOS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].mark_required = True
        self.fields["photo"].mark_required = True

    def clean(self):
        data = super().clean()
        if "phase" not in self.errors and not data.get("phase"):
            self.add_error("phase", _("Choose before or after."))
        return data
