"""Forms of the catalogue's pages: the filters of the service list, the workbook upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.permissions import ANONYMOUS

from .models import Audience
from .selectors import categories_list, departments_browse, life_events_list

ANY = ("", "—")


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    life_event = forms.ChoiceField(label=_("Life event"), required=False)
    department_code = forms.ChoiceField(label=_("Department"), required=False)
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[ANY, (Audience.PERSON, _("Citizens")), (Audience.ENTERPRISE, _("Enterprises"))],
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[ANY, ("online", _("Online")), ("window", _("At a window"))],
    )
    region_code = forms.CharField(
        label=_("Offered in (region code)"), required=False, max_length=12
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The catalogue is public: its categories and life events are the same for everyone.
        self.fields["category"].choices = [
            ANY,
            *((c.code, c.name) for c in categories_list(ANONYMOUS)),
        ]
        self.fields["life_event"].choices = [
            ANY,
            *((e.code, e.name) for e in life_events_list(ANONYMOUS)),
        ]
        self.fields["department_code"].choices = [
            ANY,
            *((d["code"], d["name"]) for d in departments_browse(ANONYMOUS)),
        ]


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
