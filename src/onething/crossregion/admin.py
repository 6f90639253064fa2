"""Alliances in the back office: members and the agreed list with their dates. Every change
is audited and refreshes the reference-data cache."""

from django.contrib import admin
from django.db import transaction

from onething.core import refdata
from onething.core.admin import AuditedAdmin, field_values
from onething.core.adminbase import ReadOnlyAdmin
from onething.core.permissions import actor_for
from onething.core.services.audit import audit_record

from .models import Alliance, AllianceItem, AllianceMember, CrossRegionCase, DataCheck, Handoff


class MemberInline(admin.TabularInline):
    model = AllianceMember
    extra = 0
    autocomplete_fields = ["region"]


class ListedInline(admin.TabularInline):
    model = AllianceItem
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(Alliance)
class AllianceAdmin(AuditedAdmin):
    list_display = ["code", "name", "signed_on"]
    inlines = [MemberInline, ListedInline]

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            actor = actor_for(request.user)
            for obj in [*formset.new_objects, *(o for o, _ in formset.changed_objects)]:
                audit_record(
                    actor=actor,
                    action=f"{obj._meta.model_name}.save",
                    subject=form.instance,
                    after=field_values(obj),
                    note="admin",
                )
            for obj in formset.deleted_objects:
                audit_record(
                    actor=actor,
                    action=f"{obj._meta.model_name}.delete",
                    subject=form.instance,
                    before=field_values(obj),
                    note="admin",
                )
            refdata.bump()


@admin.register(CrossRegionCase)
class CrossRegionCaseAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "mode",
        "receiving_region",
        "handling_region",
        "partner_region",
        "needs_originals",
    ]
    list_filter = ["mode", "alliance"]


@admin.register(Handoff)
class HandoffAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "status", "tracking_number", "sent_at", "received_at"]
    list_filter = ["status"]


@admin.register(DataCheck)
class DataCheckAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "case",
        "asking_department",
        "answering_department",
        "status",
        "result",
        "due_date",
        "working_days",
    ]
    list_filter = ["status", "result"]
