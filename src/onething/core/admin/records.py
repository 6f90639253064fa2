"""The working-day schedule (entered through ``schedule_enter``), and the records staff read but
never edit here: the audit log and the outbox."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..adminbase import ReadableJson
from ..models import AuditEntry, Message, WorkdayScheduleDay, WorkdayScheduleYear
from ..permissions import actor_for
from ..services.calendar import schedule_enter, schedule_entered_message, schedule_problems
from .audited import ServiceSavedAdmin


class ScheduleDaysFormSet(forms.BaseInlineFormSet):
    def days(self) -> list:
        return [
            (f.cleaned_data["date"], f.cleaned_data["kind"], f.cleaned_data.get("name", ""))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        problems = schedule_problems(self.instance.year, self.days())
        if problems:
            raise forms.ValidationError([p.message for p in problems])


class ScheduleDayInline(admin.TabularInline):
    model = WorkdayScheduleDay
    formset = ScheduleDaysFormSet
    extra = 3


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = WorkdayScheduleYear
        fields = ["year", "source"]


@admin.register(WorkdayScheduleYear)
class WorkdayScheduleAdmin(ServiceSavedAdmin):
    """A year's schedule is entered through ``schedule_enter``: the days together, every
    open provisional deadline counted again, one audit entry. A schedule is replaced, never
    deleted (deadlines would silently go back to provisional). For an .xlsx import, the
    calendar page (/calendar/)."""

    form = ScheduleForm
    key_field = "year"
    list_display = ["year", "source", "entered_at"]
    inlines = [ScheduleDayInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, form, formsets):
        result = schedule_enter(
            actor=actor_for(request.user),
            year=form.cleaned_data.get("year") or form.instance.year,
            source=form.cleaned_data["source"],
            days=formsets[0].days(),
        )
        messages.info(request, schedule_entered_message(result))
        return result.schedule


class SubjectTypeFilter(admin.SimpleListFilter):
    """The kinds of record the log speaks of, by their names (not "core.region")."""

    title = _("Subject type")
    parameter_name = "subject_type"

    def lookups(self, request, model_admin):
        kinds = AuditEntry.objects.order_by().values_list("subject_type", flat=True).distinct()
        named = []
        for kind in kinds:
            try:
                named.append((kind, apps.get_model(kind)._meta.verbose_name))
            except (LookupError, ValueError):
                named.append((kind, kind))
        return sorted(named, key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(subject_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadableJson, admin.ModelAdmin):
    """The audit log, read-only. What an entry records of its subject before and after is
    shown as a table, each field by its name on the subject's page."""

    list_display = ["at", "actor_label", "action", "subject_type", "subject_id", "request_id"]
    list_filter = [SubjectTypeFilter]
    search_fields = ["action", "subject_id", "actor_label", "request_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def json_labels(self, obj, name):
        try:
            model = apps.get_model(obj.subject_type)
        except (LookupError, ValueError):
            return {}
        fields = [f for f in model._meta.get_fields() if hasattr(f, "verbose_name")]
        return {
            **{f.name: f.verbose_name for f in fields},
            **{f.attname: f.verbose_name for f in fields if hasattr(f, "attname")},
        }

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was told to whom, and whether it was delivered."""

    list_display = ["created_at", "person", "subject", "email_status", "sms_status", "attempts"]
    list_filter = ["email_status", "sms_status"]
    search_fields = ["subject", "topic_id"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The task queue's page (django-tasks' own), its arguments and results shown as tables.
if apps.is_installed("django_tasks_db"):
    from django_tasks_db.admin import DBTaskResultAdmin
    from django_tasks_db.models import DBTaskResult

    class TaskResultAdmin(ReadableJson, DBTaskResultAdmin):
        @admin.display(description=_("traceback"))
        def formatted_traceback(self, obj):
            return super().formatted_traceback(obj)

        @admin.display(description=_("run after"))
        def display_run_after(self, obj):
            return super().display_run_after(obj)

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)
