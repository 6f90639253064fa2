"""The organisation directory (组织通讯录) and its units on the collaborative office."""

from __future__ import annotations

from django.contrib import admin

from ..models import DirectoryUnit
from .audited import AuditedAdmin


@admin.register(DirectoryUnit)
class DirectoryUnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "region", "on_collaborative_office", "joined_on"]
    list_filter = ["level", "on_collaborative_office", "region"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region", "department", "parent"]
    list_select_related = ["region"]
    show_full_result_count = False
