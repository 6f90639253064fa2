"""The forms of a bundle's admin page: the bundle, its steps (each step's JSON fields checked
for their shape), and the steps formset that checks the page as one definition with
``bundle_problems``, each problem beside its field or step. (The workbook upload is the
catalogue's ``WorkbookForm``.)"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.adminbase import JsonEditor, ListField, readable
from onething.core.forms import problems_on
from onething.core.formsets import ChildRowsFormSet

from ..models import Bundle, BundleStep
from ..services.definitions import bundle_problems

BUNDLE_FIELDS = [
    "code",
    "name",
    "audience",
    "level",
    "listed_in",
    "description",
    "milestone",
    "is_active",
]
STEP_FIELD = re.compile(r"steps\[(\d+)\]\.(\w+)(?:\[\d+\])?")
# A problem's field in a definition → the step form's field.
ON_STEP_FORM = {"key": "key", "item_code": "item", "outputs": "outputs", "checks": "checks"}


def definition(bundle: Bundle, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The definition (``bundle_row``'s shape) of the page: the bundle's fields as the form
    cleaned them onto the instance, and the steps of the inline."""
    return {**{name: getattr(bundle, name) for name in BUNDLE_FIELDS}, "steps": steps}


class BundleForm(forms.ModelForm):
    class Meta:
        model = Bundle
        fields = BUNDLE_FIELDS

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            data["code"] = self.instance.code  # the code is the key: it does not change
        # The bundle's own rules (coding rule, audience, name); the steps' on the inline.
        own = {**{k: data.get(k) for k in BUNDLE_FIELDS}, "steps": [{}]}
        problems_on(self, bundle_problems(own), one_per_input=True, beside_only=True)
        return data


KEYS_EXPECTED = _('A JSON list of step keys is expected, e.g. ["declare"].')
# The keys of a step's outputs and checks, as the preview names them.
STEP_KEYS = {
    "name": _("name"),
    "label": _("shown as"),
    "from": _("taken from"),
    "rule": _("rule"),
    "left": _("left side"),
    "right": _("right side"),
    "message": _("message"),
}


def step_preview(value):
    return readable(value, STEP_KEYS)


class StepForm(forms.ModelForm):
    """A step. ``after`` and ``concludes_after`` are lists of step keys, written separated by
    commas ("declare, verify"); ``outputs`` and ``checks`` JSON lists of objects (see the
    model's docstring), edited beside a readable preview."""

    class Meta:
        model = BundleStep
        fields = [
            "key",
            "item",
            "order",
            "after",
            "concludes_after",
            "waits_for_milestone",
            "outputs",
            "checks",
        ]
        widgets = {
            "outputs": JsonEditor(attrs={"rows": 4, "cols": 40}, preview=step_preview),
            "checks": JsonEditor(attrs={"rows": 4, "cols": 40}, preview=step_preview),
        }

    # Lists of step keys, written as words: declare, verify
    after = ListField(
        label=BundleStep._meta.get_field("after").verbose_name,
        error_messages={"not_list": KEYS_EXPECTED},
    )
    concludes_after = ListField(
        label=BundleStep._meta.get_field("concludes_after").verbose_name,
        error_messages={"not_list": KEYS_EXPECTED},
    )

    def _keys(self, name: str) -> list[str]:
        value = self.cleaned_data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            raise forms.ValidationError(KEYS_EXPECTED)
        return value

    def _objects(self, name: str) -> list[dict[str, Any]]:
        value = self.cleaned_data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise forms.ValidationError(_("A JSON list of objects is expected."))
        return value

    def clean_after(self):
        return self._keys("after")

    def clean_concludes_after(self):
        return self._keys("concludes_after")

    def clean_outputs(self):
        return self._objects("outputs")

    def clean_checks(self):
        return self._objects("checks")


class StepsFormSet(ChildRowsFormSet):
    """The steps, checked with the bundle as one definition by ``bundle_problems``."""

    key = "key"

    @staticmethod
    def _row(data: dict[str, Any]) -> dict[str, Any]:
        item = data.get("item")
        return {
            "key": data["key"],
            "item_code": item.code if item else "",
            "after": list(data.get("after") or []),
            "concludes_after": list(data.get("concludes_after") or []),
            "waits_for_milestone": bool(data.get("waits_for_milestone")),
            "outputs": list(data.get("outputs") or []),
            "checks": list(data.get("checks") or []),
        }

    def rows(self) -> list[dict[str, Any]]:
        return [self._row(f.cleaned_data) for f in self.kept()]

    def clean(self):
        if any(self.errors):
            return  # a step's own fields are wrong: said beside them first
        kept, rows = self.kept(), self.rows()
        general = []
        for problem in bundle_problems(definition(self.instance, rows)):
            found = STEP_FIELD.fullmatch(problem.field)
            if found and int(found[1]) < len(kept):
                form, name = kept[int(found[1])], found[2]
                if name == "after":  # a dependency on itself or on no step: which list?
                    fine = {r["key"] for r in rows} - {form.cleaned_data["key"]}
                    if all(k in fine for k in form.cleaned_data.get("after") or []):
                        name = "concludes_after"
                form.add_error(ON_STEP_FORM.get(name, name), problem.message)
            elif problem.field == "milestone":
                for form in kept:
                    if form.cleaned_data.get("waits_for_milestone"):
                        form.add_error("waits_for_milestone", problem.message)
            elif problem.field.startswith("steps"):
                general.append(problem.message)  # a cycle, no step, a form conflict
            # the bundle's own fields: the bundle's form reports them
        bundle = self.instance
        if bundle.pk and bundle.runs.exists():
            kept_keys = set(BundleStep.objects.filter(bundle=bundle).values_list("key", flat=True))
            if kept_keys != {r["key"] for r in rows}:
                general.append(
                    _("This bundle has runs: its steps can be changed but not added or removed.")
                )
        if general:
            raise forms.ValidationError(general)
        # Not the model formset's own unique check: a key listed twice is one of the
        # problems above already, said once.
