"""Forms of the case pages. An item's application form is built from its JSON Schema: one
input per schema field (named ``form.<name>``), one file input per material requirement
(``materials.<code>``), so that the service's field problems land on the right input.

The inputs check little themselves: the services validate (``clean_form``, the material
checks) and their messages are shown beside the fields."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.catalog.formschema import Field as SchemaField
from onething.catalog.formschema import fields as schema_fields
from onething.catalog.models import Audience, Requirement, ServiceItem

from .models import Delivery, Level, Outcome

ACCEPT_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class SchemaValueField(forms.CharField):
    """Text as typed; a number field's text becomes a number when it is one (otherwise
    the service says what is wrong with it)."""

    def __init__(self, *, value_type: str = "string", choices=None, **kwargs):
        self.value_type = value_type
        self.enum = list(choices or [])
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text == "":
            return None
        for option in self.enum:
            if str(option) == text:
                return option
        try:
            if self.value_type == "integer":
                return int(text)
            if self.value_type == "number":
                return float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return text
        return text


def _answer_field(spec: SchemaField) -> forms.Field:
    attrs: dict[str, Any] = {}
    widget: forms.Widget
    if spec.type == "boolean":
        field: forms.Field = forms.BooleanField(label=spec.title, required=False)
    else:
        if spec.choices:
            widget = forms.Select(choices=[("", "—"), *[(str(c), str(c)) for c in spec.choices]])
        elif spec.format == "date":
            widget = forms.DateInput(attrs={"type": "date"})
        elif spec.type in ("integer", "number"):
            widget = forms.NumberInput(attrs={"step": "1" if spec.type == "integer" else "any"})
            for key in ("minimum", "maximum"):
                if key in spec.spec:
                    attrs[key[:3]] = spec.spec[key]
        elif spec.format == "cn-phone":
            widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})
        else:
            max_length = spec.spec.get("maxLength", 0)
            widget = forms.Textarea(attrs={"rows": 2}) if max_length > 100 else forms.TextInput()
        if "maxLength" in spec.spec:
            attrs["maxlength"] = spec.spec["maxLength"]
        if spec.format in ("cn-ric", "cn-uscc"):
            attrs |= {"maxlength": 18, "autocomplete": "off", "spellcheck": "false"}
        widget.attrs |= attrs
        field = SchemaValueField(
            label=spec.title, value_type=spec.type, choices=spec.choices, widget=widget
        )
    field.mark_required = spec.required
    return field


def _file_field(requirement) -> forms.FileField:
    material_type = requirement.material_type
    hint = requirement.condition or material_type.description
    field = forms.FileField(
        label=material_type.name,
        required=False,
        help_text=hint,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_FILES}),
    )
    field.mark_required = requirement.requirement == Requirement.REQUIRED
    return field


class ItemFormMixin:
    """Adds the item's answers and materials to a form."""

    fields: dict[str, forms.Field]

    def add_item_fields(self, item: ServiceItem, *, answers: bool = True) -> None:
        self.item = item
        if answers:
            for spec in schema_fields(item.form_schema or {}):
                self.fields[f"form.{spec.name}"] = _answer_field(spec)
        for requirement in item.materials.all():
            self.fields[f"materials.{requirement.material_type.code}"] = _file_field(requirement)

    def _group(self, prefix: str) -> list:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def answer_fields(self) -> list:
        return self._group("form.")

    def material_fields(self) -> list:
        return self._group("materials.")

    def other_fields(self) -> list:
        return [
            self[n]
            for n in self.fields
            if not n.startswith(("form.", "materials.")) and n != "idempotency_key"
        ]

    def answers(self) -> dict[str, Any]:
        """The item's form as the service takes it (blank answers left out)."""
        data = getattr(self, "cleaned_data", {})
        return {
            name.removeprefix("form."): value
            for name, value in data.items()
            if name.startswith("form.") and value not in (None, "")
        }

    def files_chosen(self) -> list[tuple[str, str, Any]]:
        """(input name, material type code, uploaded file) for each file chosen."""
        data = getattr(self, "cleaned_data", {})
        return [
            (name, name.removeprefix("materials."), data[name])
            for name in self.fields
            if name.startswith("materials.") and data.get(name)
        ]


class ApplicationForm(ItemFormMixin, forms.Form):
    """Apply online: the item's form, its materials, the delivery of the result."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.ELECTRONIC,
        required=False,
    )
    delivery_address = forms.CharField(
        label=_("Postal address (for delivery by post)"), max_length=200, required=False
    )

    def __init__(self, *args, item: ServiceItem, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields(item)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.enterprise = enterprise
        if enterprise is not None:
            choices = [("enterprise", enterprise.name)]
            if item.audience != Audience.ENTERPRISE:
                choices.insert(0, ("self", _("Myself")))
            self.fields["applicant_for"] = forms.ChoiceField(
                label=_("Apply for"), choices=choices, widget=forms.RadioSelect, required=False
            )
            self.fields["applicant_for"].initial = choices[0][0]
        regions = list(item.regions.all())
        if len(regions) > 1:
            self.fields["region_code"] = forms.ChoiceField(
                label=_("Where it is handled"),
                choices=[("", _("My home region")), *[(r.code, r.name) for r in regions]],
                required=False,
            )
        self.order_fields(
            [n for n in self.fields if n.startswith(("form.", "materials."))]
            + ["applicant_for", "region_code", "delivery", "delivery_address"]
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        for_enterprise = self.enterprise is not None and data.get("applicant_for") == "enterprise"
        return {
            "item_code": self.item.code,
            "form": self.answers(),
            "enterprise_id": self.enterprise.pk if for_enterprise else None,
            "region_code": data.get("region_code") or "",
            "delivery": data.get("delivery") or "",
            "delivery_address": data.get("delivery_address") or "",
            "idempotency_key": data.get("idempotency_key") or None,
        }


class ItemChoiceForm(forms.Form):
    item = forms.ChoiceField(label=_("Service item"))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            ("", "—"),
            *[(i.code, f"{i.name} ({i.code})") for i in items],
        ]


class WindowIntakeForm(ItemFormMixin, forms.Form):
    """A walk-in at the window: the ID card, the item's form and materials, delivery."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    item_code = forms.CharField(widget=forms.HiddenInput)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    enterprise_credit_code = forms.CharField(
        label=_("For the enterprise (unified social credit code)"), max_length=32, required=False
    )
    delivery = forms.ChoiceField(
        label=_("Result delivery"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.WINDOW,
        required=False,
    )
    delivery_address = forms.CharField(
        label=_("Postal address (for delivery by post)"), max_length=200, required=False
    )

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields(item)
        self.fields["item_code"].initial = item.code
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        if item.audience == Audience.PERSON:
            del self.fields["enterprise_credit_code"]
        for name in ("id_number", "name"):
            self.fields[name].mark_required = True
        self.order_fields(
            ["id_number", "name", "phone", "enterprise_credit_code"]
            + [n for n in self.fields if n.startswith(("form.", "materials."))]
        )

    def person_fields(self) -> list:
        names = ("id_number", "name", "phone", "enterprise_credit_code")
        return [self[n] for n in names if n in self.fields]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id_number": data["id_number"],
            "name": data["name"],
            "phone": data.get("phone") or "",
            "enterprise_credit_code": data.get("enterprise_credit_code") or "",
            "item_code": self.item.code,
            "form": self.answers(),
            "delivery": data.get("delivery") or "",
            "delivery_address": data.get("delivery_address") or "",
            "idempotency_key": data.get("idempotency_key") or None,
        }


# --- the lifecycle's actions on the case page ------------------------------------------


class ConfirmForm(forms.Form):
    """An action without input (accept)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    """Withdrawing cannot be undone: a reason if one likes, and an explicit confirmation."""

    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=_("I understand: the application is withdrawn and cannot be taken up again."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label=_("Reason (required when denied)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_until = forms.DateField(
        label=_("Valid until (empty: the item's usual validity)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
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
    level = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=0,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RectificationCloseForm(forms.Form):
    result = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_at = forms.DateTimeField(
        label=_("Follow-up call made at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    follow_up_note = forms.CharField(
        label=_("What the applicant said"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    id_suffix = forms.CharField(
        label=_("Last 6 characters of the applicant's ID number"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
