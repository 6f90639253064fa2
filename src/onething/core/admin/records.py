"""The working-day schedule (entered through ``schedule_enter``), and the records staff read but
never edit here: the audit log and the outbox."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..adminbase import ReadableJson, ReadOnlyAdmin
from ..models import AuditEntry, Message, WorkdayScheduleDay, WorkdayScheduleYear
from ..permissions import actor_for
from ..selectors.actions import action_label, action_text
from ..selectors.actors import actor_text
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


def subject_name(kind: str) -> str:
    """A kind of record the log speaks of by its name (not "core.region")."""
    try:
        return str(apps.get_model(kind)._meta.verbose_name)
    except (LookupError, ValueError):
        return kind


class SubjectTypeFilter(admin.SimpleListFilter):
    """The kinds of record the log speaks of, by their names (not "core.region")."""

    title = _("Subject type")
    parameter_name = "subject_type"

    def lookups(self, request, model_admin):
        kinds = AuditEntry.objects.order_by().values_list("subject_type", flat=True).distinct()
        return sorted(((kind, subject_name(kind)) for kind in kinds), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(subject_type=self.value()) if self.value() else queryset


class ActionFilter(admin.SimpleListFilter):
    """The actions the log records, by their names (not "case.accept")."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, action_text(a)) for a in actions), key=lambda pair: (pair[1], pair[0]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


AUDIT_FIELDS = [f.name for f in AuditEntry._meta.fields]
ACTOR_PLACES = ("person", "enterprise", "service_center", "department", "region")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log, read-only. Each action and kind of record by its name (the action's
    code beside it on the entry's page, as the log stores it); what an entry records of its
    subject before and after is shown as a table, each field by its name on the subject's
    page."""

    list_display = [
        "at",
        "actor_name",
        "action_name",
        "subject_kind",
        "subject_id",
        "request_id",
    ]
    list_filter = [ActionFilter, SubjectTypeFilter]
    list_select_related = [f"actor__{place}" for place in ACTOR_PLACES]
    search_fields = ["action", "subject_id", "actor_label", "request_id"]
    fields = [
        {"action": "action_detail", "subject_type": "subject_kind"}.get(name, name)
        for name in AUDIT_FIELDS
    ]
    readonly_fields = fields

    @admin.display(description=_("actor"), ordering="actor_label")
    def actor_name(self, obj):
        """The account's name and role, as the histories name who did it."""
        return actor_text(obj.actor, obj.actor_label)

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj):
        """In the list: the action's name; its code only for one no app has named."""
        label = action_label(obj.action)
        return label or format_html("{} <code>{}</code>", action_text(obj.action), obj.action)

    @admin.display(description=_("action"))
    def action_detail(self, obj):
        """On the entry's page: the name, and the code the log stores beside it."""
        return format_html("{} <code>{}</code>", action_text(obj.action), obj.action)

    @admin.display(description=_("subject type"), ordering="subject_type")
    def subject_kind(self, obj):
        return subject_name(obj.subject_type)

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


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """The outbox, read-only: what was told to whom, and whether it was delivered."""

    list_display = ["created_at", "person", "subject", "email_status", "sms_status", "attempts"]
    list_filter = ["email_status", "sms_status"]
    search_fields = ["subject", "topic_id"]
    readonly_fields = [f.name for f in Message._meta.fields]


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
