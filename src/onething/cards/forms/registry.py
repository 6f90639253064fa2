"""Forms of the union staff's registry and card pages. As on the other pages, the inputs
check little themselves: the services validate (ID numbers, card numbers, transitions) and
their field problems are shown beside the fields."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import IdNumberField, PhoneField, confirm_field, problems_on

from ..models import CardStatus, HonoreeStatus, HonourLevel
from ..selectors.registry_pages import is_id_number
from ..services.registry import FIELDS as REGISTRATION_FIELDS
from ..services.registry import honoree_clean

ALL = [("", _("All"))]


def region_choices(regions) -> list[tuple[str, str]]:
    """The regions as one select, each indented under its parent."""
    depth = {"province": 0, "city": 1, "county": 2, "town": 3}
    return [("", "—")] + [
        (r.code, "\u3000" * depth.get(r.level, 0) + f"{r.name} ({r.code})") for r in regions
    ]


class RegistryFilter(forms.Form):
    q = forms.CharField(
        label=_("Name, work unit or card number"),
        required=False,
        max_length=60,
    )
    level = forms.ChoiceField(
        label=_("Honour level"), choices=ALL + HonourLevel.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ALL + HonoreeStatus.choices, required=False
    )
    year = forms.IntegerField(
        label=_("Year awarded"), required=False, min_value=1900, max_value=2999
    )

    def clean_q(self):
        """A full ID number never travels in the address (it would stay in the server's
        logs and the browser's history): it is looked up by ``FindByIdForm`` instead."""
        q = self.cleaned_data["q"]
        if is_id_number(q):
            raise forms.ValidationError(
                _("A full ID number is not searched through the address: use “Find by ID number”.")
            )
        return q


class FindByIdForm(forms.Form):
    """Finding an honoree by a full ID number, sent in the body of a POST."""

    id_number = forms.CharField(label=_("Full ID number"), max_length=32)

    def clean_id_number(self):
        number = self.cleaned_data["id_number"]
        if not is_id_number(number):
            raise forms.ValidationError(_("Enter a whole, valid 18-character ID number."))
        return number.strip().upper()


class HonoreeForm(forms.Form):
    """Registering one honoree (``honoree_register``)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = IdNumberField(label=_("Resident ID number"))
    phone = PhoneField(label=_("Phone"), required=False)
    region_code = forms.ChoiceField(label=_("Home region"))
    level = forms.ChoiceField(label=_("Honour level"), choices=[("", "—"), *HonourLevel.choices])
    title = forms.CharField(
        label=_("Honour title"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "无锡市劳动模范"}),
    )
    year = forms.IntegerField(label=_("Year awarded"))
    work_unit = forms.CharField(label=_("Work unit"), max_length=120, required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = region_choices(regions)
        if not self.is_bound:
            self.fields["idempotency_key"].initial = uuid.uuid4().hex

    def clean(self):
        """Every problem at once: the registration's own checks as well as the inputs'."""
        data = super().clean()
        raw = {name: self.data.get(name, "") for name in REGISTRATION_FIELDS}
        _cleaned, problems = honoree_clean(raw)
        problems_on(self, problems, one_per_input=True, beside_only=True)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class StatusForm(forms.Form):
    """A status change (``honoree_status_change``); the lifecycle's rules refuse the illegal
    ones with their reason."""

    status = forms.ChoiceField(label=_("New status"), choices=HonoreeStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    confirm = confirm_field(
        _(
            "I understand: leaving active revokes the certificates, "
            "and a final status cannot be changed back."
        )
    )

    def __init__(self, *args, targets=None, **kwargs):
        kwargs.setdefault("auto_id", "id_status_%s")  # unique beside the other forms
        super().__init__(*args, **kwargs)
        if targets is not None and not self.is_bound:  # offer the allowed changes only
            self.fields["status"].choices = [
                (v, label) for v, label in HonoreeStatus.choices if v in targets
            ]


class CardIssueForm(forms.Form):
    """Issuing a card (``card_issue``), bound to a 太湖交通卡 number."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    batch_id = forms.ChoiceField(label=_("Issuance batch"))
    number = forms.CharField(
        label=_("Card number (12 digits)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    transit_number = forms.CharField(
        label=_("Transit card number (16 digits)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, batches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch_id"].choices = [("", "—")] + [
            (str(b.pk), f"{b.number} · {b.name}") for b in batches
        ]
        if not self.is_bound:
            self.fields["idempotency_key"].initial = uuid.uuid4().hex


class ReportLostForm(forms.Form):
    """挂失 (``card_report_lost``): the card is blocked; the replacement's numbers, if given,
    issue the new card at once."""

    new_number = forms.CharField(
        label=_("New card number (12 digits)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    new_transit_number = forms.CharField(
        label=_("New transit card number (16 digits)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    confirm = confirm_field(
        _("I understand: the card is blocked at once and cannot be used again.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_lost_%s")  # unique beside the other forms
        super().__init__(*args, **kwargs)


class TransitForm(forms.Form):
    """Binding the active card to another 太湖交通卡 (``card_bind_transit``)."""

    transit_number = forms.CharField(
        label=_("Transit card number (16 digits)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why do you need the full number?"), max_length=300)


class CardFilter(forms.Form):
    q = forms.CharField(label=_("Card or transit card number"), required=False, max_length=40)
    batch = forms.TypedChoiceField(
        label=_("Issuance batch"), coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ALL + CardStatus.choices, required=False)

    def __init__(self, *args, batches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = ALL + [(b.number, f"{b.number} · {b.name}") for b in batches]


class BatchFilter(forms.Form):
    q = forms.CharField(label=_("Batch number or name"), required=False, max_length=80)


class BatchForm(forms.Form):
    """A new issuance batch (``card_batch_create``)."""

    number = forms.IntegerField(label=_("Batch number"))
    name = forms.CharField(label=_("Name"), max_length=80)
