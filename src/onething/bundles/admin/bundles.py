"""The one-things' admin: a bundle and its steps on one page, saved by ``bundle_save``
through core's ``ServiceSavedAdmin``; the changelist downloads every definition as a
workbook and imports one (the layout of ``xlsx.py``). The pages' templates are
``admin/bundles/bundle/change_list.html`` and ``admin/bundles/bundle/import.html``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from onething.catalog.forms import WorkbookForm
from onething.core.admin import ServiceSavedAdmin
from onething.core.errors import DomainError, ValidationFailed
from onething.core.permissions import actor_for

from ..models import Bundle, BundleStep
from ..services.definitions import bundle_row, bundle_save
from ..xlsx import (
    MAX_BYTES,
    bundles_export_xlsx,
    bundles_import_xlsx,
    workbook_bytes,
    workbook_response,
)
from .forms import BundleForm, StepForm, StepsFormSet, definition


class StepInline(admin.TabularInline):
    model = BundleStep
    form = StepForm
    formset = StepsFormSet
    autocomplete_fields = ["item"]
    extra = 1


@admin.register(Bundle)
class BundleAdmin(ServiceSavedAdmin):
    audit_name = "bundle"

    form = BundleForm
    inlines = [StepInline]
    list_display = ["code", "name", "level", "audience", "milestone", "step_count", "is_active"]
    list_filter = ["level", "audience", "is_active"]
    search_fields = ["code", "name", "listed_in"]
    actions = ["export_selected"]
    change_list_template = "admin/bundles/bundle/change_list.html"
    import_template = "admin/bundles/bundle/import.html"

    @admin.display(description=_("steps"))
    def step_count(self, obj: Bundle) -> int:
        return obj.steps.count()

    # --- saving through the service ------------------------------------------------------

    def service_save(self, request, form, formsets) -> Bundle:
        """The bundle and its steps, written together by ``bundle_save`` (no raw save of a
        definition)."""
        steps = next((f for f in formsets if isinstance(f, StepsFormSet)), None)
        data = definition(form.instance, steps.rows() if steps else [])
        return bundle_save(actor=actor_for(request.user), data=data, note="admin")

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
        return super().changelist_view(request, {**self._urls(), **(extra_context or {})})

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
        }
        return TemplateResponse(
            request, self.import_template, context, status=422 if posted else 200
        )
