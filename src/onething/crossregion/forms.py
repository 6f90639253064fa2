"""Forms of the cross-region pages: the clerk's choice of town, mode and item, the walk-in's
intake and the online application handled in another town (both built on the case forms),
and the small forms of the case panel (hand-offs, a joint part's decision).

As in the case forms, the inputs check little themselves: the services validate and their
problems are shown beside the inputs they are about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.cases.forms import ApplicationForm, WindowIntakeForm
from onething.core.forms import confirm_field, text_area

from .models import CheckStatus, Mode
from .rules.checks import DUE_DAYS_DEFAULT

WINDOW_MODES = [
    (Mode.PROXY.value, Mode.PROXY.label),
    (Mode.JOINT.value, Mode.JOINT.label),
    (Mode.COLLABORATIVE.value, Mode.COLLABORATIVE.label),
]


class ArrivalForm(forms.Form):
    """A walk-in reaches the window: a queue ticket (its number, and the time it was drawn
    if not just now), or nothing but the clerk's start click."""

    ticket_number = forms.CharField(
        label=_("Queue ticket (optional)"), max_length=20, required=False
    )
    arrived_at = forms.DateTimeField(
        label=_("Ticket drawn at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ChoiceForm(forms.Form):
    """Which town handles the case, in which mode, for which item (GET). The item list
    offers the items allowed in the mode chosen; another item is refused with the reason."""

    arrival = forms.IntegerField(widget=forms.HiddenInput, required=False)
    town = forms.ChoiceField(
        label=_("The other town"),
        help_text=_(
            "收办分离 / 代收代办 and 两地联办: the town that handles the case. 高效协同: the "
            "partner town whose departments check the data; the case is decided here."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Mode"), choices=WINDOW_MODES, widget=forms.RadioSelect, initial=Mode.PROXY
    )
    item = forms.CharField(label=_("Service item"), max_length=40)

    def __init__(self, *args, towns, items, **kwargs):
        """``towns``: [(code, name)]; ``items``: [(code, name, modes)] on the list today."""
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", "—"), *towns]
        mode = (self.data.get("mode") if self.is_bound else None) or Mode.PROXY
        self.fields["item"].widget = forms.Select(
            choices=[
                ("", "—"),
                *[(code, f"{name} ({code})") for code, name, modes in items if mode in modes],
            ]
        )
        self.modes = {code: modes for code, _name, modes in items}

    def clean_item(self):
        code = self.cleaned_data["item"].strip()
        if code not in self.modes:
            raise forms.ValidationError(
                _("This item is not on the cross-region list today."), code="not_listed"
            )
        return code

    def clean(self):
        data = super().clean()
        item, mode = data.get("item"), data.get("mode")
        if item and mode and mode not in self.modes.get(item, ()):
            self.add_error("mode", _("This item is not handled across towns in this mode."))
        return data


class CrossRegionIntakeForm(WindowIntakeForm):
    """The walk-in's ID card, the item's form and materials, delivery — plus the town,
    the mode and the arrival chosen above (hidden)."""

    handling_region_code = forms.CharField(widget=forms.HiddenInput, required=False)
    partner_region_code = forms.CharField(widget=forms.HiddenInput, required=False)
    mode = forms.CharField(widget=forms.HiddenInput)
    arrival_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return super().service_arguments() | {
            "handling_region_code": data.get("handling_region_code") or "",
            "partner_region_code": data.get("partner_region_code") or "",
            "mode": data["mode"],
            "arrival_id": data.get("arrival_id"),
        }


class OnlineElsewhereForm(ApplicationForm):
    """全程网办 in another town: the case form without the choice of region (the town is in
    the address)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("region_code", None)

    def service_arguments(self) -> dict[str, Any]:
        arguments = super().service_arguments()
        arguments.pop("region_code", None)
        return arguments


# --- the case panel -----------------------------------------------------------------------


class PrepareForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class SendForm(forms.Form):
    handoff = forms.CharField(widget=forms.HiddenInput)
    carrier = forms.CharField(label=_("Carrier"), max_length=40, required=False, initial="EMS")
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40, required=False)


class ReceiveForm(forms.Form):
    OUTCOMES = [
        ("received", _("Received complete")),
        ("missing", _("Missing")),
        ("damaged", _("Damaged")),
    ]
    handoff = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(
        label=_("Note (required when missing or damaged)"), max_length=1000, required=False
    )


class DecideForm(forms.Form):
    OUTCOMES = [("approved", _("Approve my part")), ("denied", _("Deny my part"))]
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(
        label=_("Note (the reason when denied: the applicant reads it)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = confirm_field(_("I understand: my part's decision is final."))


# --- 高效协同: data checks ------------------------------------------------------------------


class AskCheckForm(forms.Form):
    """The deciding department asks the partner town's department to check data."""

    answering_department_code = forms.CharField(
        label=_("Department of the partner town"), max_length=40, required=False
    )
    questions = text_area(_("What to check (one thing per line)"), 2000, rows=4)
    due_days = forms.IntegerField(
        label=_("Answer within (working days)"), min_value=1, max_value=10, required=False
    )
    repeats = forms.CharField(label=_("Asks again"), max_length=40, required=False)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "answering_department_code": data["answering_department_code"],
            "questions": [line for line in data["questions"].splitlines() if line.strip()],
            "due_days": data["due_days"] or DUE_DAYS_DEFAULT,
            "repeats": data["repeats"],
        }


class AnswerCheckForm(forms.Form):
    RESULTS = [
        ("confirmed", _("Confirmed: our records agree")),
        ("mismatch", _("Does not match our records")),
        ("cannot_verify", _("Cannot be verified: we hold no such record")),
    ]
    result = forms.ChoiceField(
        label=_("Check result"), choices=RESULTS, widget=forms.RadioSelect, required=False
    )
    note = text_area(_("Note (required unless confirmed: the deciding department reads it)"), 1000)
    confirm = confirm_field(_("I understand: the answer is final and goes into the case."))


class CheckRevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why do you need the full number?"), max_length=300)


class CheckFilter(forms.Form):
    SIDES = [
        ("answer", _("To answer (my department checks)")),
        ("ask", _("Asked by my department")),
        ("", _("Both")),
    ]
    side = forms.ChoiceField(label=_("Checks"), choices=SIDES, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *CheckStatus.choices], required=False
    )
    q = forms.CharField(label=_("Check or case number"), max_length=60, required=False)
