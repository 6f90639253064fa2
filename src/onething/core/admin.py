"""Back-office configuration. Writes of important objects go through core's services (and
so into the audit log); simple configuration rows are audited by AuditedAdmin."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from . import refdata
from .crypto import keyring
from .errors import DomainError
from .identity import credit_code_problem, phone_problem, resident_id_problem
from .models import (
    ApiToken,
    AuditEntry,
    Department,
    Enterprise,
    Message,
    Person,
    Region,
    ServiceCenter,
    User,
    Window,
    WorkdayScheduleDay,
    WorkdayScheduleYear,
)
from .permissions import actor_for
from .services.accounts import SCOPE_FIELDS, account_problems, token_issue, token_revoke
from .services.audit import audit_record
from .services.calendar import schedule_enter, schedule_entered_message, schedule_problems
from .services.organisations import region_problems
from .services.parties import PII_FIELDS, person_register


def field_values(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.attname.endswith("_cipher") and f.attname != "password"
    }


class AuditedAdmin(admin.ModelAdmin):
    """Every admin save and delete writes its audit entry in the same transaction.
    ``audit_name`` names the audit actions (default: the model's name); ``audit_snapshot``
    is what the entry records of the object (default: its fields)."""

    audit_name = ""

    def audit_snapshot(self, obj) -> dict:
        return field_values(obj)

    def _action(self, obj, verb: str) -> str:
        return f"{self.audit_name or obj._meta.model_name}.{verb}"

    def save_model(self, request, obj, form, change):
        before = self.audit_snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            refdata.bump()
            audit_record(
                actor=actor_for(request.user),
                action=self._action(obj, "change" if change else "create"),
                subject=obj,
                before=before,
                after=self.audit_snapshot(obj),
                note="admin",
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            refdata.bump()
            audit_record(
                actor=actor_for(request.user),
                action=self._action(obj, "delete"),
                subject=obj,
                before=self.audit_snapshot(obj),
                note="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ServiceSavedAdmin(AuditedAdmin):
    """An object edited with its inlines on one page but never saved raw: every subclass
    defines ``service_save(request, form, formsets)`` (checked when the class is made),
    which writes it and its inlines together through the app's service (one transaction
    with its audit entry) and returns it. Its key (``key_field``, if any) does not change
    once it exists. The page passed the service's checks a moment before the save; should
    something have changed meanwhile (an item or a department removed, a run started) the
    service refuses, the transaction is rolled back, and the page says so and reloads."""

    key_field = "code"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "service_save", None)):
            raise TypeError(f"{cls.__name__} must define service_save(request, form, formsets)")

    def get_readonly_fields(self, request, obj=None):
        return [self.key_field] if obj and self.key_field else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:  # refused by the service: nothing was written
            messages.error(request, error.message)
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Nothing here: the object and its inlines are written together in
        ``save_related`` by ``service_save``."""

    def save_related(self, request, form, formsets, change):
        form.instance.pk = self.service_save(request, form, formsets).pk
        for formset in formsets:  # what the admin's change message reads
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            for problem in region_problems(
                data.get("code", ""), data.get("level", ""), data.get("parent")
            ):
                self.add_error(
                    problem.field if problem.field in self.fields else None, problem.message
                )
        return data


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "level", "parent"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.code}/"
        super().save_model(request, obj, form, change)


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "region", "phone"]
    list_filter = ["kind", "region__level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0


@admin.register(ServiceCenter)
class ServiceCenterAdmin(AuditedAdmin):
    list_display = ["code", "name", "region", "phone", "opening_hours"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]
    inlines = [WindowInline]


class PersonAddForm(forms.ModelForm):
    id_number = forms.CharField(label=_("Resident ID number"), max_length=32)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    class Meta:
        model = Person
        fields = ["name", "region"]

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        problem = resident_id_problem(number)
        if problem:
            raise forms.ValidationError(problem.message)
        if Person.objects.filter(
            id_number_digest=keyring().digest(number, PII_FIELDS["id_number"])
        ).exists():
            raise forms.ValidationError(_("A person with this ID number is already registered."))
        return number

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        problem = phone_problem(phone) if phone else None
        if problem:
            raise forms.ValidationError(problem.message)
        return phone


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "id_number_masked", "phone_masked", "region", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["id_number_masked", "phone_masked", "created_at"]
    autocomplete_fields = ["region"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PersonAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "id_number", "phone", "region"]
        return ["name", "region", "id_number_masked", "phone_masked", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = person_register(
            actor=actor_for(request.user),
            name=form.cleaned_data["name"],
            id_number=form.cleaned_data["id_number"],
            phone=form.cleaned_data.get("phone", ""),
            region_code=form.cleaned_data["region"].code,
        )
        obj.pk = created.pk
        obj.refresh_from_db()


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "region",
            "address",
            "industry",
            "size",
            "legal_representative",
        ]

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        problem = credit_code_problem(code)
        if problem:
            raise forms.ValidationError(problem.message)
        return code


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    form = EnterpriseForm
    list_display = ["name", "credit_code", "region", "industry", "size"]
    list_filter = ["size"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["region", "legal_representative"]


class AccountForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        scope = {
            k: data.get(k) for k in ("person", "agent", "service_center", "department", "region")
        }
        for problem in account_problems(data.get("role", ""), scope):
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return data


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountForm
    list_display = ["username", "role", "service_center", "department", "region", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, (_("Role and scope"), {"fields": ["role", *SCOPE_FIELDS]})]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ["role", *SCOPE_FIELDS]}),
    ]
    autocomplete_fields = ["person", "enterprise", "service_center", "department", "region"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=actor_for(request.user),
                action=f"account.{'change' if change else 'create'}",
                subject=obj,
                after=field_values(obj),
                note="admin",
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        token, secret = token_issue(actor=actor_for(request.user), user=obj.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(
            request,
            _("The token, shown only this once: %(secret)s") % {"secret": secret},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(actor=actor_for(request.user), token=token)


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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "subject_type", "subject_id", "request_id"]
    list_filter = ["action", "subject_type"]
    search_fields = ["subject_id", "actor_label", "request_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

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
