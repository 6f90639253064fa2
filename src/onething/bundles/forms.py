"""Forms of the one-thing pages. The application is the bundle's one form (each field once,
named ``form.<name>`` as on the case pages), one file input per material type
(``materials.<code>``), the enterprise applied for, the region and the delivery, so that
the service's field problems land on the right input.

As in the case forms, the inputs check little themselves: ``run_submit`` and the other
services validate and their messages are shown beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.cases.forms import ACCEPT_FILES, DeliveryForm, ItemFormMixin, answer_field
from onething.catalog.formschema import fields as schema_fields
from onething.core.forms import IdempotentForm, confirm_field

from .models import Audience, Level, RunStatus

NUMBER_MAX = 40  # a case number's length
PICKUP_MAX = 500  # results collected in one action


class BundleFilter(forms.Form):
    audience = forms.ChoiceField(
        label=_("For"), choices=[("", _("All")), *Audience.choices], required=False
    )
    level = forms.ChoiceField(
        label=pgettext_lazy("one-thing", "Level"),
        choices=[("", _("All")), *Level.choices],
        required=False,
    )


class MyRunsFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *RunStatus.choices], required=False
    )
    bundle_code = forms.ChoiceField(label=_("One-thing"), required=False)

    def __init__(self, *args, bundles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bundle_code"].choices = [("", _("All")), *[(b.code, b.name) for b in bundles]]


class BundleApplicationForm(ItemFormMixin, DeliveryForm):
    """一表申请, 一套材料: the bundle's one form, each material type once, who applies
    (the enterprise), where, and how the results are delivered."""

    def __init__(
        self,
        *args,
        bundle,
        schema: dict,
        materials: list[dict[str, Any]],
        enterprises: list,
        regions: list[tuple[str, str]],
        region_initial: str = "",
        used_by: dict[str, list[str]] | None = None,
        step_names: dict[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.bundle = bundle
        self.form_schema = schema
        used_by, step_names = used_by or {}, step_names or {}
        for spec in schema_fields(schema):
            field = answer_field(spec)
            owners = used_by.get(spec.name, [])
            if len(owners) > 1:
                field.help_text = _("Asked once, used by: %(steps)s") % {"steps": "、".join(owners)}
            self.fields[f"form.{spec.name}"] = field
        for need in materials:
            material_type = need["material_type"]
            given_to = "、".join(step_names.get(k, k) for k in need["steps"])
            hint = _("Uploaded once, given to: %(steps)s") % {"steps": given_to}
            if material_type.description:
                hint = f"{material_type.description} · {hint}"
            field = forms.FileField(
                label=material_type.name,
                required=False,
                help_text=hint,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_FILES}),
            )
            field.mark_required = need["required"]
            self.fields[f"materials.{material_type.code}"] = field
        self.enterprises = {str(e.pk): e for e in enterprises}
        if enterprises or bundle.audience == Audience.ENTERPRISE:
            choices = [(str(e.pk), f"{e.name} ({e.credit_code})") for e in enterprises]
            if bundle.audience != Audience.ENTERPRISE:
                choices.insert(0, ("", _("Myself")))
            field = forms.ChoiceField(
                label=_("Apply for"), choices=choices, widget=forms.RadioSelect, required=False
            )
            field.mark_required = bundle.audience == Audience.ENTERPRISE
            field.initial = choices[0][0] if choices else ""
            self.fields["enterprise_id"] = field
        region = forms.ChoiceField(label=_("Where it is handled"), choices=regions, required=False)
        region.initial = region_initial or (regions[0][0] if regions else "")
        region.mark_required = True
        self.fields["region_code"] = region
        self.order_fields(
            [n for n in self.fields if n.startswith(("form.", "materials."))]
            + ["enterprise_id", "region_code", "delivery", "delivery_address"]
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = data.get("enterprise_id") or ""
        return {
            "bundle_code": self.bundle.code,
            "form": self.answers(),
            "enterprise_id": self.enterprises[chosen].pk if chosen in self.enterprises else None,
            "region_code": data.get("region_code") or "",
            **self.delivery_arguments(),
        }


class WithdrawRunForm(forms.Form):
    """Withdrawing a whole run: a reason and an explicit confirmation."""

    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = confirm_field(
        _("I understand: every open step is withdrawn and the run cannot be resumed.")
    )


class OutputsForm(forms.Form):
    """The outputs a step's officer enters (e.g. the tax basis, the verification number)."""

    def __init__(self, *args, outputs: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for output in outputs:
            field = forms.CharField(
                label=output.get("label") or output["name"], max_length=100, required=True
            )
            field.mark_required = True
            self.fields[output["name"]] = field


class DeclarationForm(IdempotentForm):
    """代领声明: the enterprises the agency acts for, by credit code, one per line."""

    credit_codes = forms.CharField(
        label=_("Unified social credit codes of the enterprises, one per line"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
    )
    valid_until = forms.DateField(
        label=_("Valid until (empty: until revoked)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_codes"].mark_required = True

    def clean_credit_codes(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["credit_codes"].splitlines()]
        codes = [line for line in lines if line]
        if not codes:
            raise forms.ValidationError(_("Name at least one enterprise."), code="required")
        return codes


class DeclarationFilter(forms.Form):
    q = forms.CharField(label=_("Enterprise name or credit code"), max_length=120, required=False)


class PickupFilter(forms.Form):
    q = forms.CharField(label=_("Enterprise name or credit code"), max_length=120, required=False)
    center = forms.CharField(max_length=32, required=False, widget=forms.HiddenInput)


class CaseNumbersField(forms.Field):
    """The case numbers ticked on the pickup page (checked by the service, not here: a
    number that is not ready is refused with its reason)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        numbers = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if len(numbers) > PICKUP_MAX:
            raise forms.ValidationError(
                _("At most %(n)s results in one pickup.") % {"n": PICKUP_MAX}, code="too_many"
            )
        if any(len(n) > NUMBER_MAX for n in numbers):
            raise forms.ValidationError(_("That is not a case number."), code="format")
        return numbers


class PickupForm(IdempotentForm):
    """批量代领: collect the ticked results, or every ready one."""

    case_numbers = CaseNumbersField(required=False)
    center_code = forms.CharField(widget=forms.HiddenInput, max_length=32, required=False)
    collect = forms.ChoiceField(
        choices=[("selected", _("the ticked results")), ("all", _("every ready result"))],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (data.get("collect") or "selected") == "selected" and not data.get("case_numbers"):
            raise forms.ValidationError(
                _("Tick the results to collect, or collect every ready result."),
                code="required",
            )
        return data

    def service_numbers(self) -> list[str] | None:
        """The numbers for batch_pickup (None: every ready result)."""
        if self.cleaned_data.get("collect") == "all":
            return None
        return self.cleaned_data["case_numbers"]
