"""Regions, departments and service centres (with their windows)."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from ..models import Department, Region, ServiceCenter, Window
from ..services.organisations import region_problems
from .audited import AuditedAdmin


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            for problem in region_problems(
                data.get("code", ""), data.get("level", ""), data.get("parent")
            ):
                self.add_error(
                    problem.field if problem.field in self.fields else None, problem.message
                )
        return data


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "level", "parent"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.code}/"
        super().save_model(request, obj, form, change)


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "region", "phone"]
    list_filter = ["kind", "region__level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0


@admin.register(ServiceCenter)
class ServiceCenterAdmin(AuditedAdmin):
    list_display = ["code", "name", "region", "phone", "opening_hours"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]
    inlines = [WindowInline]
