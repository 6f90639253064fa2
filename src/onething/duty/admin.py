"""Night duty in the back office: rosters with their nights, night visits with their
demands — records that change only through their services, shown here, never edited (the
resident's phone only masked)."""

from django.contrib import admin

from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline

from .models import DutyNight, DutyRoster, NightVisit, VisitDemand


class DutyNightInline(ReadOnlyInline):
    model = DutyNight
    fields = ["date", "leader", "planned", "status", "checked_in_at", "checked_out_at"]
    readonly_fields = fields


@admin.register(DutyRoster)
class DutyRosterAdmin(ReadOnlyAdmin):
    list_display = ["town", "month", "status", "published_at"]
    list_filter = ["status", "month"]
    list_select_related = ["town"]
    inlines = [DutyNightInline]


class VisitDemandInline(ReadOnlyInline):
    model = VisitDemand
    fields = ["position", "title", "contact_name", "contact_phone_masked", "appeal_number"]
    readonly_fields = fields


@admin.register(NightVisit)
class NightVisitAdmin(ReadOnlyAdmin):
    list_display = ["number", "town", "place", "at", "met_count"]
    list_filter = ["town"]
    search_fields = ["number", "place"]
    list_select_related = ["town"]
    inlines = [VisitDemandInline]
