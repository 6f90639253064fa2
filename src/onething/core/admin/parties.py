"""People and enterprises: a person is registered through ``person_register`` (checked id
number, encrypted, audited); identity and credit codes are checked as on every other way in."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..crypto import keyring
from ..identity import PII_FIELDS, credit_code_problem, phone_problem, resident_id_problem
from ..models import Enterprise, Person
from ..permissions import actor_for
from ..services.parties import person_register
from .audited import AuditedAdmin


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
