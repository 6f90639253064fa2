"""Cases in the back office: read-only. Every change of a case goes through its services
(the workbench, the inbox, the API), so that each is checked and audited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.adminbase import ReadOnlyAdmin, schema_titles

from .models import Case, CaseUrge, Evaluation, Licence, Material, Rectification


class MaterialInline(admin.TabularInline):
    model = Material
    fields = ["material_type", "original_name", "content_type", "size", "sha256", "superseded"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "item", "applicant", "status", "department", "center", "due_date"]
    list_filter = ["status", "channel", "department"]
    search_fields = ["number", "item__name", "applicant__name"]
    date_hierarchy = "submitted_at"
    inlines = [MaterialInline]
    json_titles = {"form_data": _("Application form")}

    def json_labels(self, obj, name):
        return schema_titles(obj.item.form_schema) if name == "form_data" else {}


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "holder_name", "issued_at", "valid_until", "revoked_at"]
    search_fields = ["number", "holder_name"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["case", "rating", "rated_at"]
    list_filter = ["rating"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["case", "department", "status", "due_date", "closed_at"]
    list_filter = ["status", "department"]


@admin.register(CaseUrge)
class CaseUrgeAdmin(ReadOnlyAdmin):
    list_display = ["case", "department", "status", "issued_at", "reply_by", "answered_at"]
    list_filter = ["status", "department"]
    search_fields = ["case__number"]
    list_select_related = ["case", "department"]
