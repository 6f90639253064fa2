"""The open-data pages' forms: the catalogue's search and filters, and a release's upload
(its hidden idempotency key makes a second post of the same form publish nothing new)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import IdempotentForm

from .models import Theme
from .selectors.catalogue import publishers_with_datasets
from .services.releases import NOTE_MAX

SPREADSHEETS = ",".join(
    (
        ".xlsx",
        ".csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    )
)


class CatalogueFilter(forms.Form):
    q = forms.CharField(
        label=_("Keyword"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. toilets, parking")}),
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    publisher = forms.ChoiceField(label=_("Publisher"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *Theme.choices]
        self.fields["publisher"].choices = [
            ("", _("All departments")),
            *((code, name) for code, name, _n in publishers_with_datasets()),
        ]


class ReleaseUploadForm(IdempotentForm):
    file = forms.FileField(
        label=_("Rows (.xlsx or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": SPREADSHEETS}),
    )
    note = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX}),
    )
