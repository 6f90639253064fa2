"""Regions, departments and service centres (with their windows)."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from ..forms import problems_on
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
            problems = region_problems(
                data.get("code", ""), data.get("level", ""), data.get("parent")
            )
            problems_on(self, problems)
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
