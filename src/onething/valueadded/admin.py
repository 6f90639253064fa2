"""Value-added services in the back office. The catalogue — providers and their services —
is configuration, audited on every save; a provider's kind and whom it is (a department or
a partner enterprise) are checked by the database. The requests change only through their
services: shown with their files and timeline, never edited (the contact's phone stays
masked; its full read is the request page's audited reveal)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ListField, ReadOnlyAdmin, ReadOnlyInline
from onething.core.models.parties import EnterpriseSize

from .models import (
    RequestAttachment,
    RequestStep,
    ServiceProvider,
    ServiceRequest,
    ValueAddedService,
)


@admin.register(ServiceProvider)
class ServiceProviderAdmin(AuditedAdmin):
    audit_name = "va_provider"
    list_display = ["name", "code", "kind", "department", "enterprise", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]
    list_select_related = ["department", "enterprise"]
    autocomplete_fields = ["department", "enterprise"]


class ServiceForm(forms.ModelForm):
    """Industries as words separated by commas, sizes ticked: no JSON to write."""

    industries = ListField(label=ValueAddedService._meta.get_field("industries").verbose_name)
    sizes = forms.MultipleChoiceField(
        label=ValueAddedService._meta.get_field("sizes").verbose_name,
        choices=EnterpriseSize.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every size."),
    )

    class Meta:
        model = ValueAddedService
        fields = [
            "code",
            "provider",
            "category",
            "name",
            "description",
            "industries",
            "sizes",
            "free",
            "fee_note",
            "response_days",
            "active",
        ]


@admin.register(ValueAddedService)
class ValueAddedServiceAdmin(AuditedAdmin):
    audit_name = "va_service"
    form = ServiceForm
    list_display = ["name", "code", "category", "provider", "free", "response_days", "active"]
    list_filter = ["category", "active", "free", "provider"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["provider"]


class StepInline(ReadOnlyInline):
    model = RequestStep
    fields = ["at", "action", "status_after", "actor", "note"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = RequestAttachment
    fields = ["name", "content_type", "size"]
    readonly_fields = fields


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "service",
        "enterprise",
        "status",
        "submitted_at",
        "due_date",
        "answered_on_time",
        "outcome_kind",
        "rating",
    ]
    list_filter = ["status", "outcome_kind", "answered_on_time", "provider"]
    search_fields = ["number", "subject", "enterprise__name"]
    list_select_related = ["service", "enterprise"]
    exclude = ["contact_phone_cipher", "contact_phone_digest", "request_key"]
    inlines = [AttachmentInline, StepInline]
