"""The operations centre in the back office. Feeds, device types, devices, their monitored
values and the video catalogue are configuration, audited on every save (a value's
thresholds and bounds checked by the pure rules); a device's token is issued by an action
and shown once. Readings, roll-ups, events and their steps change only through their
services: shown here, never edited."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ReadOnlyAdmin, ReadOnlyInline
from onething.core.errors import DomainError
from onething.core.permissions import actor_for

from .models import (
    DataFeed,
    Device,
    DeviceType,
    Event,
    EventPhoto,
    EventStep,
    Metric,
    MinuteRollup,
    Reading,
    VideoResource,
)
from .rules.readings import Bounds
from .rules.thresholds import Thresholds
from .selectors.events import step_label
from .services.devices import device_token_issue


@admin.register(DataFeed)
class DataFeedAdmin(AuditedAdmin):
    list_display = ["code", "name", "department", "kind", "is_active", "last_received_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["last_received_at"]


@admin.register(DeviceType)
class DeviceTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "default_silent_after_seconds"]
    search_fields = ["code", "name"]


class MetricInline(ReadOnlyInline):
    model = Metric
    fields = ["code", "name", "unit", "level", "last_value", "last_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Device)
class DeviceAdmin(AuditedAdmin):
    list_display = ["code", "name", "type", "department", "region", "state", "last_seen_at"]
    list_filter = ["state", "type", "is_security"]
    search_fields = ["code", "name"]
    list_select_related = ["type", "department", "region"]
    raw_id_fields = ["region"]
    fields = [
        "code",
        "name",
        "type",
        "department",
        "feed",
        "region",
        "latitude",
        "longitude",
        "is_security",
        "state",
        "silent_after_seconds",
        "last_seen_at",
        "rejected_count",
        "created_at",
    ]
    readonly_fields = ["last_seen_at", "rejected_count", "created_at"]
    inlines = [MetricInline]
    actions = ["issue_token"]

    def audit_snapshot(self, obj) -> dict:
        snapshot = super().audit_snapshot(obj)
        snapshot.pop("token_digest", None)  # not even its hash goes into the log
        return snapshot

    def save_model(self, request, obj, form, change):
        if obj.last_seen_at is not None:  # its interval may have changed
            obj.offline_after = obj.last_seen_at + dt.timedelta(seconds=obj.silent_after)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Issue a new token (shown once; the former one stops working)"))
    def issue_token(self, request, queryset):
        actor = actor_for(request.user)
        for device in queryset.order_by("code")[:20]:
            try:
                token = device_token_issue(actor=actor, device_code=device.code)
            except DomainError as refused:
                messages.error(request, refused.message)
                continue
            messages.warning(
                request,
                _("The token of %(d)s, shown only this once: %(t)s")
                % {"d": device.code, "t": token},
            )


class MetricForm(forms.ModelForm):
    """The thresholds and bounds must make sense together (rules/thresholds.py and
    rules/readings.py), each problem beside its field."""

    class Meta:
        model = Metric
        fields = [
            "device",
            "code",
            "name",
            "unit",
            "min_possible",
            "max_possible",
            "warning_high",
            "alarm_high",
            "warning_low",
            "alarm_low",
            "hysteresis",
        ]

    def clean(self):
        data = super().clean()
        thresholds = Thresholds(
            data.get("warning_high"),
            data.get("alarm_high"),
            data.get("warning_low"),
            data.get("alarm_low"),
            data.get("hysteresis") or 0.0,
        )
        bounds = Bounds(data.get("min_possible"), data.get("max_possible"))
        for problem in [*thresholds.problems(), *bounds.problems()]:
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return data


@admin.register(Metric)
class MetricAdmin(AuditedAdmin):
    form = MetricForm
    list_display = ["device", "code", "name", "unit", "level", "last_value", "last_at"]
    list_filter = ["level"]
    search_fields = ["code", "name", "device__code"]
    list_select_related = ["device"]
    raw_id_fields = ["device"]
    readonly_fields = ["level", "last_value", "last_at"]


@admin.register(VideoResource)
class VideoResourceAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "department", "region", "is_security"]
    list_filter = ["kind", "is_security"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]


class ManyRowsAdmin(ReadOnlyAdmin):
    """Tables of millions of rows: no full count on the list, related rows read with it."""

    show_full_result_count = False
    list_select_related = ["metric__device"]
    raw_id_fields = ["metric"]


@admin.register(Reading)
class ReadingAdmin(ManyRowsAdmin):
    list_display = ["metric", "at", "value", "received_at"]


@admin.register(MinuteRollup)
class MinuteRollupAdmin(ManyRowsAdmin):
    list_display = ["metric", "minute", "count", "low", "high"]


@admin.display(description=_("action"))
def step_action(step: EventStep) -> str:
    return step_label(step.action)


class EventStepInline(ReadOnlyInline):
    model = EventStep
    fields = ["at", step_action, "status_after", "actor", "note"]
    readonly_fields = fields


class EventPhotoInline(ReadOnlyInline):
    model = EventPhoto
    fields = ["name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["number", "source", "level", "title", "department", "status", "due_at"]
    list_filter = ["status", "source", "level"]
    search_fields = ["number", "title"]
    list_select_related = ["department"]
    inlines = [EventStepInline, EventPhotoInline]


@admin.register(EventStep)
class EventStepAdmin(ReadOnlyAdmin):
    list_display = ["event", "at", step_action, "status_after", "actor"]
    list_select_related = ["event", "actor"]
    show_full_result_count = False
