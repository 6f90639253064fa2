"""One-things in the back office.

A bundle and its steps are edited on one page (the steps inline) but never saved raw: the
page's data becomes a definition (the dict of ``bundle_row``), checked by
``bundle_problems`` — the rules of every other way in, the API and the .xlsx import: the
coding rule, a known item for every step, no cycle, checks reading only steps they depend
on, one form without conflicts — each problem shown beside its field or step, nothing
written; a good definition is written by ``bundle_save`` in one transaction with its audit
entry. The changelist downloads every definition as a workbook and imports one (the layout
of ``xlsx.py``), like the catalogue's.

Runs and their steps are read-only here: every change of a run goes through its services."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onething.core.admin import AuditedAdmin, messages
from onething.core.errors import DomainError, ValidationFailed
from onething.core.permissions import actor_for

from .models import Bundle, BundleRun, BundleStep, Pickup, RunStep
from .services.definitions import bundle_problems, bundle_row, bundle_save
from .xlsx import (
    MAX_BYTES,
    bundles_export_xlsx,
    bundles_import_xlsx,
    workbook_bytes,
    workbook_response,
)

BUNDLE_FIELDS = ["code", "name", "audience", "description", "milestone", "is_active"]
STEP_FIELD = re.compile(r"steps\[(\d+)\]\.(\w+)(?:\[\d+\])?")
# A problem's field in a definition → the step form's field.
ON_STEP_FORM = {"key": "key", "item_code": "item", "outputs": "outputs", "checks": "checks"}


def _definition(bundle: Bundle, steps: list[dict[str, Any]]) -> dict[str, Any]:
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
        for problem in bundle_problems(own):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return data


class StepForm(forms.ModelForm):
    """A step. ``after`` and ``concludes_after`` are JSON lists of step keys (["declare"]);
    ``outputs`` and ``checks`` JSON lists of objects (see the model's docstring)."""

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
            "after": forms.Textarea(attrs={"rows": 1, "cols": 16}),
            "concludes_after": forms.Textarea(attrs={"rows": 1, "cols": 16}),
            "outputs": forms.Textarea(attrs={"rows": 3, "cols": 40}),
            "checks": forms.Textarea(attrs={"rows": 3, "cols": 40}),
        }

    def _keys(self, name: str) -> list[str]:
        value = self.cleaned_data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            raise forms.ValidationError(
                _('A JSON list of step keys is expected, e.g. ["declare"].')
            )
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


class StepsFormSet(forms.BaseInlineFormSet):
    """The steps, checked with the bundle as one definition by ``bundle_problems``."""

    def kept(self) -> list[forms.Form]:
        kept = [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and f.cleaned_data.get("key")
            and not f.cleaned_data.get("DELETE")
        ]
        return sorted(kept, key=lambda f: f.cleaned_data.get("order") or 0)  # stable

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
        for problem in bundle_problems(_definition(self.instance, rows)):
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


class StepInline(admin.TabularInline):
    model = BundleStep
    form = StepForm
    formset = StepsFormSet
    autocomplete_fields = ["item"]
    extra = 1


@cache
def _template(source: str):
    return engines["django"].from_string(source)


# The two pages' templates. Their words come translated from here (``LABELS``), so that
# makemessages finds them in this module; the layout is the admin's own.
CHANGE_LIST = """{% extends "admin/change_list.html" %}
{% block object-tools-items %}
<li><a href="{{ export_url }}" data-testid="bundles-download">{{ labels.download }}</a></li>
<li><a href="{{ import_url }}" data-testid="bundles-import">{{ labels.upload }}</a></li>
{{ block.super }}
{% endblock %}"""

IMPORT_PAGE = """{% extends "admin/base_site.html" %}{% load i18n %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{% translate "Home" %}</a> &rsaquo;
<a href="{{ changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a> &rsaquo;
{{ title }}</div>{% endblock %}
{% block content %}<div id="content-main">
<p>{{ labels.layout }}</p>
<p><a href="{{ export_url }}">{{ labels.download }}</a></p>
<form method="post" enctype="multipart/form-data" novalidate>{% csrf_token %}
{{ form.as_p }}
<div class="submit-row"><input type="submit" class="default" value="{{ labels.submit }}">
</div></form>
{% if problems %}
<h2 class="errornote" role="alert">{{ refused }}</h2>
<table data-testid="problems"><thead><tr>
<th>{{ labels.where }}</th><th>{{ labels.rule }}</th><th>{{ labels.problem }}</th>
</tr></thead><tbody>{% for p in problems %}<tr>
<td><code>{{ p.field }}</code></td><td><code>{{ p.rule }}</code></td><td>{{ p.message }}</td>
</tr>{% endfor %}</tbody></table>
{% endif %}
</div>{% endblock %}"""

LABELS = {
    "download": _("Download all (.xlsx)"),
    "upload": _("Import a workbook"),
    "layout": _(
        "Upload a workbook in the layout of the download: a bundles sheet with one row per "
        "one-thing and a steps sheet keyed by bundle code. Existing one-things are updated by "
        "their code, new ones created. Every row is checked first: if any has a problem, "
        "nothing is imported."
    ),
    "submit": _("Import"),
    "where": _("Where"),
    "rule": _("Rule"),
    "problem": _("Problem"),
}


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


@admin.register(Bundle)
class BundleAdmin(AuditedAdmin):
    audit_name = "bundle"

    form = BundleForm
    inlines = [StepInline]
    list_display = ["code", "name", "audience", "milestone", "step_count", "is_active"]
    list_filter = ["audience", "is_active"]
    search_fields = ["code", "name"]
    actions = ["export_selected"]

    @property
    def change_list_template(self):
        return _template(CHANGE_LIST)

    @admin.display(description=_("steps"))
    def step_count(self, obj: Bundle) -> int:
        return obj.steps.count()

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    # --- saving through the service ------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationFailed as error:
            # The page passed the same checks a moment ago; something changed meanwhile (an
            # item removed, a run started). The transaction is rolled back: say so, go back.
            messages.error(request, error.message)
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Nothing here: the bundle and its steps are written together in ``save_related``
        by ``bundle_save`` (no raw save of a definition)."""

    def save_related(self, request, form, formsets, change):
        steps = next((f for f in formsets if isinstance(f, StepsFormSet)), None)
        data = _definition(form.instance, steps.rows() if steps else [])
        saved = bundle_save(actor=actor_for(request.user), data=data, note="admin")
        form.instance.pk = saved.pk
        for formset in formsets:  # what the admin's change message reads
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def audit_snapshot(self, obj) -> dict:
        return bundle_row(obj)

    # --- the workbook ----------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{name}_export"),
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            *super().get_urls(),
        ]

    def _urls(self) -> dict[str, str]:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        return {
            "export_url": reverse(f"{name}_export"),
            "import_url": reverse(f"{name}_import"),
            "changelist_url": reverse(f"{name}_changelist"),
        }

    def changelist_view(self, request, extra_context=None):
        context = {**self._urls(), "labels": LABELS, **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.action(description=_("Download the selected one-things (.xlsx)"))
    def export_selected(self, request, queryset):
        return workbook_response(workbook_bytes([bundle_row(b) for b in queryset.order_by("code")]))

    def export_view(self, request):
        try:
            return workbook_response(bundles_export_xlsx(actor_for(request.user)))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(self._urls()["changelist_url"])

    def import_view(self, request):
        """Upload a workbook: every problem listed with its sheet row, nothing imported
        unless everything is right."""
        posted = request.method == "POST"
        form = WorkbookForm(*((request.POST, request.FILES) if posted else ()))
        problems = []
        if posted and form.is_valid():
            try:
                result = bundles_import_xlsx(
                    actor=actor_for(request.user),
                    data=form.cleaned_data["workbook"].read(MAX_BYTES + 1),
                )
            except ValidationFailed as error:
                problems = error.problems
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Imported: %(created)s new, %(updated)s updated, %(unchanged)s "
                        "unchanged; %(total)s one-things in all."
                    )
                    % vars(result),
                )
                return redirect(self._urls()["changelist_url"])
        context = {
            **self.admin_site.each_context(request),
            **self._urls(),
            "opts": self.opts,
            "title": _("Import one-things"),
            "form": form,
            "problems": problems,
            "labels": LABELS,
            "refused": ngettext(
                "Nothing was imported: %(n)s problem", "Nothing was imported: %(n)s problems", n
            )
            % {"n": n}
            if (n := len(problems))
            else "",
        }
        return TemplateResponse(
            request, _template(IMPORT_PAGE), context, status=422 if posted else 200
        )


# --- runs: read-only ------------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RunStepInline(admin.TabularInline):
    model = RunStep
    fields = ["step", "status", "case", "outputs", "inputs", "started_at", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BundleRun)
class BundleRunAdmin(ReadOnlyAdmin):
    list_display = ["number", "bundle", "applicant", "enterprise", "status", "started_at"]
    list_filter = ["status", "bundle"]
    search_fields = ["number", "bundle__name", "enterprise__name"]
    date_hierarchy = "started_at"
    inlines = [RunStepInline]
    exclude = ["form_personal"]  # sealed personal answers: never shown here


@admin.register(RunStep)
class RunStepAdmin(ReadOnlyAdmin):
    list_display = ["run", "step", "status", "case", "started_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["run__number", "case__number"]


@admin.register(Pickup)
class PickupAdmin(ReadOnlyAdmin):
    list_display = ["number", "agency", "collected_by", "collected_at", "case_count"]
    list_filter = ["agency"]
    search_fields = ["number", "cases__number"]
    date_hierarchy = "collected_at"

    @admin.display(description=_("results"))
    def case_count(self, obj: Pickup) -> int:
        return obj.cases.count()
