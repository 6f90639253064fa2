"""The two ways a back-office page writes: ``AuditedAdmin`` (a simple configuration row,
saved by Django and audited in the same transaction) and ``ServiceSavedAdmin`` (an object
saved with its inlines through its app's service)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect

from .. import refdata
from ..adminbase import ADMIN_MEDIA
from ..errors import DomainError
from ..permissions import actor_for
from ..services.audit import audit_record


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

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

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
