"""The catalogue in the back office. Categories, life events and material types are simple
configuration rows, audited like core's (``AuditedAdmin``). A service item is never saved
raw: its form is checked by the import's own row checks (``row_problems``), and the item
with its materials is written by ``catalogue_import_rows`` — the same service as the .xlsx
import and the demo loader, one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.admin import AuditedAdmin, ServiceSavedAdmin
from onething.core.adminbase import JsonEditor, schema_preview
from onething.core.forms import problems_on
from onething.core.formsets import ChildRowsFormSet
from onething.core.permissions import actor_for

from .models import Category, LifeEvent, MaterialRequirement, MaterialType, ServiceItem
from .services import ITEM_FIELDS, catalogue_import_rows, export_row, item_problems

# A problem's field in a catalogue row (``item.<field>``) → the admin form's field.
FORM_FIELD = {"item.department_code": "department"}


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(LifeEvent)
class LifeEventAdmin(AuditedAdmin):
    list_display = ["code", "name", "audience", "order"]
    list_filter = ["audience"]
    search_fields = ["code", "name"]


@admin.register(MaterialType)
class MaterialTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "description"]
    search_fields = ["code", "name"]


def item_row(data: dict[str, Any], materials: list[dict[str, Any]]) -> dict[str, Any]:
    """A catalogue row (the import's shape) from the admin form's cleaned data."""
    row: dict[str, Any] = {name: data.get(name) for name in ITEM_FIELDS}
    department, category = data.get("department"), data.get("category")
    row.update(
        code=data.get("code"),
        department_code=department.code if department else None,
        category=category.code if category else None,
        regions=sorted(r.code for r in data.get("regions") or []),
        life_events=sorted(e.code for e in data.get("life_events") or []),
        form_schema=data.get("form_schema") or {},
        materials=materials,
    )
    return row


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["code", *ITEM_FIELDS, "department", "category", "regions", "life_events"]
        # The application form: its JSON Schema in a monospace editor, beside a table of
        # its fields as applicants will see them.
        widgets = {"form_schema": JsonEditor(attrs={"rows": 16}, preview=schema_preview)}

    def clean_form_schema(self):
        return self.cleaned_data.get("form_schema") or {}

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            data["code"] = self.instance.code  # the code is the key: it does not change
        # Every check of an imported row, on the item's own fields (materials: the inline);
        # not beside a field whose own check already said what is wrong.
        renames = {f"item.{name}": name for name in self.fields} | FORM_FIELD
        problems_on(self, item_problems(item_row(data, [])), renames, one_per_input=True)
        return data


class MaterialsFormSet(ChildRowsFormSet):
    key = "material_type"

    @staticmethod
    def _row(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "material_type": data["material_type"].code,
            "requirement": data.get("requirement"),
            "condition": data.get("condition") or "",
            "form": data.get("form"),
            "electronic_accepted": bool(data.get("electronic_accepted")),
            "copies": data.get("copies"),
        }

    def clean(self):
        kept = self.kept()
        # The import's checks of materials (listed twice, copies …), each on its own line;
        # the item's own fields: the item form reports those.
        problems = item_problems({"materials": self.rows()})
        for i, form in enumerate(kept):
            at = f"item.materials[{i}]."
            mine = [p for p in problems if p.field.startswith(at)]
            renames = {at + name: name for name in form.fields}
            problems_on(form, mine, renames, one_per_input=True)
        super().clean()  # after ours: a form refused above is left out of its unique checks

    def rows(self) -> list[dict[str, Any]]:
        return [self._row(f.cleaned_data) for f in self.kept()]


class MaterialInline(admin.TabularInline):
    model = MaterialRequirement
    formset = MaterialsFormSet
    fields = [
        "material_type",
        "requirement",
        "condition",
        "form",
        "electronic_accepted",
        "copies",
        "order",
    ]
    autocomplete_fields = ["material_type"]
    extra = 1


@admin.register(ServiceItem)
class ServiceItemAdmin(ServiceSavedAdmin):
    audit_name = "item"

    form = ServiceItemForm
    inlines = [MaterialInline]
    list_display = [
        "code",
        "name",
        "department",
        "category",
        "kind",
        "statutory_days",
        "promised_days",
        "is_active",
    ]
    list_filter = ["category", "kind", "audience", "online", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["department", "regions"]
    filter_horizontal = ["life_events"]
    fieldsets = [
        (None, {"fields": ["code", "name", "department", "category", "is_active"]}),
        (
            _("Limits and fee"),
            {"fields": ["kind", "statutory_days", "promised_days", "fee_fen"]},
        ),
        (
            _("Where and how"),
            {"fields": ["audience", "online", "at_window", "regions", "life_events"]},
        ),
        (
            _("Result and basis"),
            {"fields": ["licence_name", "licence_valid_years", "legal_basis"]},
        ),
        (_("Application form (JSON Schema)"), {"fields": ["form_schema"]}),
    ]

    def service_save(self, request, form, formsets) -> ServiceItem:
        """The item and its materials, written together by the import service (no raw
        save of an item)."""
        materials = next((f for f in formsets if isinstance(f, MaterialsFormSet)), None)
        row = item_row(form.cleaned_data, materials.rows() if materials else [])
        catalogue_import_rows(actor=actor_for(request.user), rows=[row], note="admin")
        return ServiceItem.objects.get(code=row["code"])

    def audit_snapshot(self, obj) -> dict:
        return export_row(obj)
