"""Forms of the staff pages of appeals: the dispatcher's and the department's lists, the
hotline (and staff visit) entry, the actions on an appeal, the supervisor's desk and the
public figures' filter. As on the other pages, the inputs check only what a service cannot
be given (a date, a number, a choice); the services judge the rest and their field problems
are shown beside the fields."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core import deadlines
from onething.core.forms import confirm_field, text_area
from onething.core.identity import CREDIT_CODE_HINT, PHONE_HINT
from onething.core.ratings import Rating

from . import rules
from .forms import AppealForm, text_input
from .models import AppealType, MilestoneStage

ALL = [("", _("All"))]
NONE = [("", "—")]
DATE = {"type": "date"}
DEADLINES = [*ALL, *((s, deadlines.LABELS[s]) for s in (deadlines.OVERDUE, deadlines.WARNING))]
STATUSES = [*ALL, *((k, v) for k, v in rules.STATUS_LABELS.items())]
TYPES = [*ALL, *AppealType.choices]
NOTE_MAX = 300


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE), **kwargs)


# ---------------------------------------------------------------- lists

VIEWS = [("queue", _("Waiting for dispatch")), ("all", _("All appeals of the region"))]


class DispatchFilter(forms.Form):
    """The dispatcher's list: the queue (received and returned) or every appeal of the
    region, with the deadline filter."""

    view = forms.ChoiceField(choices=VIEWS, required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Number or words"), required=False, max_length=60)
    deadline = forms.ChoiceField(label=_("Deadline"), choices=DEADLINES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=TYPES, required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, programmes=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [*ALL, *programmes]
        self.fields["department"].choices = [*ALL, *departments]


class InboxFilter(forms.Form):
    """The department's inbox: dispatched to it or being handled."""

    q = forms.CharField(label=_("Number or words"), required=False, max_length=60)
    deadline = forms.ChoiceField(label=_("Deadline"), choices=DEADLINES, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*ALL, *((s, rules.STATUS_LABELS[s]) for s in ("dispatched", "handling"))],
        required=False,
    )
    type = forms.ChoiceField(label=_("Type"), choices=TYPES, required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [*ALL, *programmes]


# ---------------------------------------------------------------- hotline entry


class HotlineForm(AppealForm):
    """12345: a hotline operator records a caller's appeal (an officer on a visit records
    what they were told). The caller's name and phone, unless an enterprise is named."""

    contact_name = text_input(_("Caller's name"), 50)
    contact_phone = text_input(_("Caller's phone"), 20, inputmode="tel", autocomplete="off")
    enterprise = text_input(
        _("Enterprise (unified social credit code), if the caller speaks for one"), 32
    )
    field_order = ["idempotency_key", "contact_name", "contact_phone", "enterprise", "programme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].help_text = PHONE_HINT  # the format, beside the input
        self.fields["enterprise"].help_text = CREDIT_CODE_HINT


# ---------------------------------------------------------------- actions on an appeal


class NoteForm(forms.Form):
    """An action with nothing to say (accept)."""


class DispatchForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"))
    note = text_area(_("Note to the department"), NOTE_MAX, rows=2)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = departments


class ReturnForm(forms.Form):
    reason = text_area(_("Why is it not for your department?"), NOTE_MAX)


class ReplyForm(forms.Form):
    text = text_area(_("Reply"), 2000, rows=5)
    public = forms.BooleanField(
        label=_("May be published on the public board (names and numbers masked)"),
        required=False,
        initial=True,
    )
    confirm = confirm_field(
        _("I understand: the reply is sent to the requester and cannot be taken back.")
    )


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(
        label=_("Extra working days"),
        min_value=1,
        max_value=rules.MAX_EXTENSION_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = text_area(_("Why more time is needed"), NOTE_MAX, rows=2)


class FollowUpForm(forms.Form):
    """回访 recorded by staff who called the requester."""

    rating = forms.TypedChoiceField(
        label=_("The caller's rating"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = text_area(_("Comment"), 500, rows=2)


STAGES = MilestoneStage.choices


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Project"), required=False, max_length=100)
    budget = forms.DecimalField(
        label=_("Budget (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    planned_approval = _date(_("Approval planned"), required=False)
    planned_tender = _date(_("Tender planned"), required=False)
    planned_construction = _date(_("Construction planned"), required=False)
    planned_completion = _date(_("Completion planned"), required=False)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        budget = data.get("budget")
        return {
            "name": data.get("name") or "",
            # yuan with at most two decimals → whole fen, exactly
            "budget_fen": int(budget * 100) if budget is not None else None,
            "planned": {
                stage: data[f"planned_{stage}"]
                for stage, _label in STAGES
                if data.get(f"planned_{stage}")
            },
        }


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=STAGES)
    done_on = _date(_("Done on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ContactForm(forms.Form):
    purpose = forms.CharField(
        label=_("Why do you need the full number?"), required=False, max_length=NOTE_MAX
    )


class SuperviseForm(forms.Form):
    batch = forms.TypedChoiceField(label=_("Batch"), coerce=int)
    note = forms.CharField(label=_("Instruction"), required=False, max_length=NOTE_MAX)

    def __init__(self, *args, batches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = batches


# ---------------------------------------------------------------- supervision


class BatchForm(forms.Form):
    """A new numbered supervision batch (第N批)."""

    number = forms.IntegerField(label=_("Batch number"), min_value=1, max_value=32767)
    title = forms.CharField(label=_("Batch title"), required=False, max_length=100)
    deadline = _date(_("Batch deadline"))
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [*NONE, *programmes]


APPEAL_NUMBERS = re.compile(r"[\s,，、;；]+")


class BatchAddForm(forms.Form):
    numbers = forms.CharField(
        label=_("Appeal numbers (separated by commas or spaces)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(label=_("Instruction"), required=False, max_length=NOTE_MAX)

    def clean_numbers(self) -> list[str]:
        numbers = [n for n in APPEAL_NUMBERS.split(self.cleaned_data["numbers"]) if n]
        if not numbers:
            raise forms.ValidationError(_("Name at least one appeal."))
        if len(numbers) > 500:
            raise forms.ValidationError(_("At most 500 appeals at a time."))
        return list(dict.fromkeys(numbers))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX)


# ---------------------------------------------------------------- figures


class FiguresFilter(forms.Form):
    date_from = _date(_("Received from"), required=False)
    date_to = _date(_("Received until"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=TYPES, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, programmes=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [*ALL, *programmes]
        self.fields["region"].choices = [*ALL, *regions]
