from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import CreditCodeField, IdNumberField, PhoneField
from onething.core.models.parties import EnterpriseSize


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or last four of the ID number"), required=False, max_length=50
    )
    region_code = forms.CharField(label=_("Region code"), required=False, max_length=12)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=120)
    region_code = forms.CharField(label=_("Region code"), required=False, max_length=12)
    industry = forms.CharField(label=_("Industry"), required=False, max_length=60)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = IdNumberField(label=_("Resident ID number"))
    phone = PhoneField(label=_("Phone"), required=False)
    region_code = forms.CharField(label=_("Home region code"), max_length=12)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    credit_code = CreditCodeField(label=_("Unified social credit code"))
    region_code = forms.CharField(label=_("Region code"), max_length=12)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=60, required=False)
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", "—"), *EnterpriseSize.choices], required=False
    )


class RevealForm(forms.Form):
    field = forms.ChoiceField(
        choices=[("id_number", _("ID number")), ("phone", _("Phone"))], widget=forms.HiddenInput
    )
    purpose = forms.CharField(label=_("Why do you need the full number?"), max_length=300)
