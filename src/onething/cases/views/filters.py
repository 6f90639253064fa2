"""The filter forms of the case lists (bound to the query string by web.listing)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core import deadlines

from ..models import OPEN_STATUSES, CaseStatus, Rectification

DEADLINE_CHOICES = [("", "—"), *[(d, deadlines.LABELS[d]) for d in deadlines.RUNNING]]

STATUS_CHOICES = [("", "—"), *CaseStatus.choices]


class MyCasesFilter(forms.Form):
    q = forms.CharField(label=_("Case number or item"), max_length=60, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class CaseFilter(MyCasesFilter):
    item_code = forms.CharField(label=_("Item code"), max_length=40, required=False)
    deadline = forms.ChoiceField(label=_("Deadline"), choices=DEADLINE_CHOICES, required=False)
    submitted_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class InboxFilter(forms.Form):
    deadline = forms.ChoiceField(label=_("Deadline"), choices=DEADLINE_CHOICES, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "—"), *[(s.value, s.label) for s in OPEN_STATUSES]],
        required=False,
    )
    item_code = forms.CharField(label=_("Item code"), max_length=40, required=False)
    q = forms.CharField(label=_("Case number or item"), max_length=60, required=False)


QUEUES = [
    ("to_accept", _("Waiting for acceptance")),
    ("to_hand_over", _("Results to hand over")),
    ("open", _("All open cases")),
    ("all", _("All cases")),
]


class WorkbenchFilter(forms.Form):
    queue = forms.ChoiceField(
        label=_("Queue"), choices=QUEUES, required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(label=_("Case number or item"), max_length=60, required=False)
    item_code = forms.CharField(label=_("Item code"), max_length=40, required=False)


class SupervisionFilter(CaseFilter):
    department_code = forms.CharField(label=_("Department code"), max_length=32, required=False)
    open_only = forms.BooleanField(label=_("Open cases only"), required=False)


class RectificationFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Rectification.Status.choices], required=False
    )
