"""Accounts (a role and its scope: access follows the role, not Django's groups and
permissions, which are therefore not offered) and API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..forms import problems_on
from ..models import ApiToken, User
from ..permissions import actor_for
from ..services.accounts import SCOPE_FIELDS, account_problems, token_issue, token_revoke
from ..services.audit import audit_record
from .audited import field_values

UNUSED = ("groups", "user_permissions")


class AccountForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        scope = {
            k: data.get(k) for k in ("person", "agent", "service_center", "department", "region")
        }
        problems_on(self, account_problems(data.get("role", ""), scope))
        return data


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountForm
    list_display = ["username", "role", "service_center", "department", "region", "is_active"]
    list_filter = ["role", "is_active"]
    # Django's fieldsets without groups and permissions (access follows the role).
    fieldsets = [
        *(
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in UNUSED]})
            for name, opts in UserAdmin.fieldsets
        ),
        (_("Role and scope"), {"fields": ["role", *SCOPE_FIELDS]}),
    ]
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
