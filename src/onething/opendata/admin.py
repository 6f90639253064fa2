"""The open-data catalogue in the back office, to read: datasets are defined and their
releases published through the services (the API and the officer's upload page), so a
change is always checked and audited; the download counts are a roll-up."""

from django.contrib import admin

from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline

from .models import Dataset, DatasetField, DownloadTally, Release


class DatasetFieldInline(ReadOnlyInline):
    model = DatasetField
    fields = ["position", "key", "label", "type", "unit", "required", "description"]
    readonly_fields = fields


class ReleaseInline(ReadOnlyInline):
    model = Release
    fields = ["number", "published_at", "row_count", "file_name", "note"]
    readonly_fields = fields


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    list_display = ["key", "title", "publisher", "theme", "source", "update_frequency", "modified"]
    list_filter = ["theme", "source", "licence"]
    search_fields = ["key", "title", "keywords"]
    inlines = [DatasetFieldInline, ReleaseInline]


@admin.register(DownloadTally)
class DownloadTallyAdmin(ReadOnlyAdmin):
    list_display = ["dataset", "day", "format", "count"]
    list_filter = ["format"]
    date_hierarchy = "day"
