"""Runs, their steps and the batch pickups in the back office: read-only, since every change
of a run goes through its services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.adminbase import ReadOnlyAdmin

from ..models import BundleRun, Pickup, RunStep


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
