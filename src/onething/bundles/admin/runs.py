"""Runs, their steps and the batch pickups in the back office: read-only, since every change
of a run goes through its services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline, schema_titles

from ..models import BundleRun, Pickup, RunStep


def run_labels(run: BundleRun) -> dict:
    """The names staff know for the keys of a run's data: its items' form fields and its
    steps' outputs."""
    steps = list(run.bundle.steps.select_related("item"))
    labels = schema_titles(*(s.item.form_schema for s in steps if s.item_id))
    for step in steps:
        for output in step.outputs or []:
            if isinstance(output, dict) and output.get("name"):
                labels[output["name"]] = output.get("label") or output["name"]
    return labels


class RunStepInline(ReadOnlyInline):
    model = RunStep
    fields = ["step", "status", "case", "outputs", "inputs", "started_at", "finished_at"]
    readonly_fields = fields

    def json_labels(self, obj, name):
        return run_labels(obj.run)


@admin.register(BundleRun)
class BundleRunAdmin(ReadOnlyAdmin):
    list_display = ["number", "bundle", "applicant", "enterprise", "status", "started_at"]
    list_filter = ["status", "bundle__level", "bundle"]
    search_fields = ["number", "bundle__name", "enterprise__name"]
    # a city's runs are millions (the generated figures' data among them): the newest by
    # id through the primary key, no full count, no date drill-down over every run
    ordering = ["-id"]
    show_full_result_count = False
    inlines = [RunStepInline]
    exclude = ["form_personal"]  # sealed personal answers: never shown here
    json_titles = {"form_data": _("Application form")}

    def json_labels(self, obj, name):
        return run_labels(obj)


@admin.register(RunStep)
class RunStepAdmin(ReadOnlyAdmin):
    list_display = ["run", "step", "status", "case", "started_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["run__number", "case__number"]

    def json_labels(self, obj, name):
        return run_labels(obj.run)


@admin.register(Pickup)
class PickupAdmin(ReadOnlyAdmin):
    list_display = ["number", "agency", "collected_by", "collected_at", "case_count"]
    list_filter = ["agency"]
    search_fields = ["number", "cases__number"]
    date_hierarchy = "collected_at"

    @admin.display(description=_("results"))
    def case_count(self, obj: Pickup) -> int:
        return obj.cases.count()
