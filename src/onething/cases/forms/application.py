"""The application forms: online, at the window, and the parts every item form shares
(answers from the item's JSON Schema, materials, kept uploads, prefill)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.catalog.formschema import Field as SchemaField
from onething.catalog.formschema import clean_form
from onething.catalog.formschema import fields as schema_fields
from onething.catalog.models import Audience, Requirement, ServiceItem
from onething.core.errors import ValidationFailed
from onething.core.forms import (
    CreditCodeField,
    IdempotentForm,
    IdNumberField,
    PhoneField,
    kept_read,
    problems_on,
)

from ..models import Delivery

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


def answer_field(spec: SchemaField) -> forms.Field:
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
        if spec.format:
            attrs["data-format"] = spec.format
        if spec.format in ("cn-ric", "cn-uscc"):
            attrs |= {"maxlength": 18, "autocomplete": "off", "spellcheck": "false"}
        widget.attrs |= attrs
        field = SchemaValueField(
            label=spec.title,
            value_type=spec.type,
            choices=spec.choices,
            widget=widget,
            help_text=spec.hint,
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
    """Adds the item's answers and materials to a form, and checks them all at once: every
    input's own rule, the item's form schema, the required materials and the postal
    address are reported together (the service checks them again).

    A file uploaded with a refused submission is kept: its input shows it with a signed
    token (``materials.<code>.kept``) that the next submission reuses, unless the applicant
    ticks ``materials.<code>.remove`` or chooses another file."""

    fields: dict[str, forms.Field]
    form_schema: dict | None = None

    def add_item_fields(self, item: ServiceItem, *, answers: bool = True) -> None:
        self.item = item
        if answers:
            self.form_schema = item.form_schema or {}
            for spec in schema_fields(item.form_schema or {}):
                self.fields[f"form.{spec.name}"] = answer_field(spec)
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

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        self.kept: dict[str, tuple[int, int, str]] = {}
        for name in self.fields:
            if name.startswith("materials."):
                self._keep(name, data)
        if self.form_schema:
            try:
                clean_form(self.form_schema, self.answers())
            except ValidationFailed as error:
                problems_on(self, error, one_per_input=True, beside_only=True)
        for name, field in self.fields.items():
            code = name.removeprefix("materials.")
            missing = not data.get(name) and code not in self.kept
            required = name.startswith("materials.") and getattr(field, "mark_required", False)
            if required and missing and not self.errors.get(name):
                self.add_error(name, _("%(m)s is required.") % {"m": field.label})
        if (
            "delivery" in self.fields
            and data.get("delivery") == Delivery.POST
            and not (data.get("delivery_address") or "").strip()
        ):
            self.add_error("delivery_address", _("A postal delivery needs an address."))
        return data

    def _keep(self, name: str, data: dict) -> None:
        """The file kept for input ``name`` from an earlier, refused submission."""
        token = self.data.get(f"{name}.kept") or ""
        if not token or data.get(name) or self.data.get(f"{name}.remove"):
            return
        found = kept_read(token)
        if found is None:
            self.add_error(name, _("The file uploaded earlier has expired: choose it again."))
            return
        self.keep(name.removeprefix("materials."), token, found)

    def keep(self, code: str, token: str, found: tuple[int, int, str]) -> None:
        """Show and reuse an uploaded file for material ``code``."""
        self.kept = getattr(self, "kept", {})
        self.kept[code] = found
        self.fields[f"materials.{code}"].kept = {"token": token, "name": found[2]}

    def drop_kept(self, code: str) -> None:
        self.kept.pop(code, None)
        self.fields[f"materials.{code}"].kept = None

    def files_chosen(self) -> list[tuple[str, str, Any]]:
        """(input name, material type code, uploaded file) for each file chosen."""
        data = getattr(self, "cleaned_data", {})
        return [
            (name, name.removeprefix("materials."), data[name])
            for name in self.fields
            if name.startswith("materials.") and data.get(name)
        ]


class DeliveryForm(IdempotentForm):
    """How the result of an application is delivered (electronically unless the applicant
    chooses otherwise; at the window for a walk-in), the postal address, and the key that
    makes a repeated post one application."""

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

    def delivery_arguments(self) -> dict[str, Any]:
        """The delivery and the idempotency key, as every application service takes them."""
        data = self.cleaned_data
        return {
            "delivery": data.get("delivery") or "",
            "delivery_address": data.get("delivery_address") or "",
            "idempotency_key": data.get("idempotency_key") or None,
        }


class ApplicationForm(ItemFormMixin, DeliveryForm):
    """Apply online: the item's form, its materials, the delivery of the result."""

    def __init__(
        self,
        *args,
        item: ServiceItem,
        enterprise=None,
        enterprises=None,
        person=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.add_item_fields(item)
        self.enterprise = enterprise
        self.enterprises = {str(e.pk): e for e in enterprises or []}
        if enterprise is not None:
            choices = [("enterprise", f"{enterprise.name}（{enterprise.credit_code}）")]
            if item.audience != Audience.ENTERPRISE:
                choices.insert(0, ("self", _("Myself")))
            self.fields["applicant_for"] = forms.ChoiceField(
                label=_("Apply for"), choices=choices, widget=forms.RadioSelect, required=False
            )
            self.fields["applicant_for"].initial = choices[0][0]
        elif self.enterprises:  # an agent: which of the declared enterprises
            choices = [(k, f"{e.name}（{e.credit_code}）") for k, e in self.enterprises.items()]
            if item.audience != Audience.ENTERPRISE:
                choices.insert(0, ("self", _("Myself")))
            field = forms.ChoiceField(
                label=_("Apply for"), choices=choices, widget=forms.RadioSelect, required=False
            )
            field.initial = choices[0][0]
            field.mark_required = item.audience == Audience.ENTERPRISE
            self.fields["applicant_for"] = field
        if not self.is_bound:
            prefill(self, enterprise=enterprise, person=person)
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
        chosen = data.get("applicant_for") or ""
        for_enterprise = self.enterprise is not None and chosen == "enterprise"
        enterprise = self.enterprise if for_enterprise else self.enterprises.get(chosen)
        return {
            "item_code": self.item.code,
            "form": self.answers(),
            "enterprise_id": enterprise.pk if enterprise is not None else None,
            "region_code": data.get("region_code") or "",
            **self.delivery_arguments(),
        }


# Answers the platform already knows: by the field's name, or by the end of its title.
ENTERPRISE_NAME_FIELDS = {"enterprise_name", "company_name", "employer"}
ENTERPRISE_NAME_TITLES = ("企业名称", "单位名称", "公司名称", "经营者名称", "用工单位")
PERSON_NAME_FIELDS = {"applicant_name", "operator_name"}
PERSON_NAME_TITLES = ("申请人姓名", "经营者姓名")


def prefill(form: forms.Form, *, enterprise=None, person=None) -> None:
    """Fill the answers the platform knows: an enterprise's name and unified social credit
    code (for its staff), the citizen's name (a number of theirs is never put in a page)."""
    for name, field in form.fields.items():
        if not name.startswith("form."):
            continue
        key, title = name.removeprefix("form."), str(field.label or "")
        fmt = field.widget.attrs.get("data-format", "")
        if enterprise is not None:
            if fmt == "cn-uscc" or key == "taxpayer_id":
                field.initial = enterprise.credit_code
            elif key in ENTERPRISE_NAME_FIELDS or title.endswith(ENTERPRISE_NAME_TITLES):
                field.initial = enterprise.name
        elif person is not None and (
            key in PERSON_NAME_FIELDS or title.endswith(PERSON_NAME_TITLES)
        ):
            field.initial = person.name


class ItemChoiceForm(forms.Form):
    item = forms.ChoiceField(label=_("Service item"))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            ("", "—"),
            *[(i.code, f"{i.name} ({i.code})") for i in items],
        ]


class WindowIntakeForm(ItemFormMixin, DeliveryForm):
    """A walk-in at the window: the ID card, the item's form and materials, delivery."""

    item_code = forms.CharField(widget=forms.HiddenInput)
    id_number = IdNumberField(label=_("Resident ID number"))
    name = forms.CharField(label=_("Full name"), max_length=50)
    phone = PhoneField(label=_("Phone"), required=False)
    enterprise_credit_code = CreditCodeField(
        label=_("For the enterprise (unified social credit code)"), required=False
    )

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields(item)
        self.fields["item_code"].initial = item.code
        delivery = self.fields["delivery"]
        delivery.label, delivery.initial = _("Result delivery"), Delivery.WINDOW
        if item.audience == Audience.PERSON:
            del self.fields["enterprise_credit_code"]
        for name in ("id_number", "name"):
            self.fields[name].mark_required = True
        self.order_fields(
            ["id_number", "name", "phone", "enterprise_credit_code"]
            + [n for n in self.fields if n.startswith(("form.", "materials."))]
            + ["idempotency_key", "item_code"]
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
            **self.delivery_arguments(),
        }
