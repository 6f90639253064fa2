"""Appeals in the back office. The directory (programmes, categories, routing rules, time
limits, policies) is configuration, audited on every save; a category is saved through
``category_save`` so that its path (and its subtree's) follows its parent. Appeals,
batches and projects are read-only here: they change through their services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ListField, ReadOnlyAdmin
from onething.core.models.parties import EnterpriseSize
from onething.core.permissions import actor_for

from .models import (
    Appeal,
    AppealEvent,
    Category,
    FollowUp,
    Open311Key,
    Policy,
    Programme,
    Reply,
    RoutingRule,
    SupervisionBatch,
    TimeLimit,
)
from .services.directory import category_save
from .services.open311_keys import open311_key_issue


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["code", "name", "is_active"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "parent", "keywords", "open311", "description", "is_active"]

    def clean(self):
        data = super().clean()
        code = self.instance.code or data.get("code", "")
        parent = data.get("parent")
        if parent is not None and code and f"/{code}/" in parent.path:
            self.add_error("parent", _("A category cannot sit below itself."))
        return data


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    form = CategoryForm
    list_display = ["path", "name", "open311", "is_active"]
    list_filter = ["open311", "is_active"]
    search_fields = ["code", "name", "keywords"]
    fields = ["code", "name", "parent", "keywords", "open311", "description", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = category_save(
            actor=actor_for(request.user),
            code=obj.code,
            name=obj.name,
            parent_code=obj.parent.code if obj.parent_id else "",
            keywords=obj.keywords,
            open311=obj.open311,
            description=obj.description,
            is_active=obj.is_active,
        )
        obj.pk, obj.path = saved.pk, saved.path


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["position", "name", "category", "region", "keywords", "department", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name", "keywords"]
    raw_id_fields = ["enterprise", "person"]


@admin.register(TimeLimit)
class TimeLimitAdmin(AuditedAdmin):
    list_display = ["type", "urgency", "working_days", "warning_days"]


class PolicyForm(forms.ModelForm):
    """Industries as words separated by commas, sizes ticked: no JSON to write."""

    industries = ListField(label=Policy._meta.get_field("industries").verbose_name)
    sizes = forms.MultipleChoiceField(
        label=Policy._meta.get_field("sizes").verbose_name,
        choices=EnterpriseSize.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every size."),
    )

    class Meta:
        model = Policy
        fields = [
            "title",
            "summary",
            "body",
            "department",
            "industries",
            "sizes",
            "region",
            "published_on",
            "valid_until",
            "is_published",
        ]


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    form = PolicyForm
    list_display = ["title", "department", "published_on", "valid_until", "is_published"]
    list_filter = ["is_published", "department"]
    search_fields = ["title", "summary"]


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "is_active", "created_at"]
    fields = ["name"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        record, key = open311_key_issue(actor=actor_for(request.user), name=obj.name)
        obj.pk = record.pk
        messages.warning(request, _("The API key, shown only this once: %(key)s") % {"key": key})


class ReplyInline(admin.TabularInline):
    model = Reply
    fields = ["round", "department", "text", "public", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FollowUpInline(ReplyInline):
    model = FollowUp
    fields = ["round", "rating", "comment", "by_requester", "at"]
    readonly_fields = fields


class EventInline(ReplyInline):
    model = AppealEvent
    fields = ["at", "kind", "actor_label", "department", "note", "public"]
    readonly_fields = fields


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["number", "type", "channel", "title", "department", "status", "due_date"]
    list_filter = ["status", "type", "channel", "programme"]
    search_fields = ["number", "title"]
    exclude = ["contact_phone_cipher", "contact_phone_digest"]
    inlines = [ReplyInline, FollowUpInline, EventInline]


@admin.register(SupervisionBatch)
class SupervisionBatchAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "number", "region", "deadline"]
