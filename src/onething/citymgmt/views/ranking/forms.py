"""The forms of 红黑榜's pages: the lists' filters, a batch's draft, one form per move of a
batch (draw, reopen, approve, publish: the last two confirmed) and of a rectification
(the evidence with its photos; close and send back, confirmed), the sites' scores sheet.

The inputs check little themselves (numbers are typed as text): the services validate, and
their problems are shown beside the inputs, every problem at once (core.forms.problems_on)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import IdempotentForm, PhotosField, confirm_field, text_area

from ...models import DrawRule
from ...models.ranking import BATCH_STATUS_CHOICES, TASK_STATUS_CHOICES

ALL = [("", _("All"))]


def _number(label, max_length: int = 6, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs}),
    )


class YearFilter(forms.Form):
    year = forms.IntegerField(
        label=pgettext_lazy("ranking batch", "Year"), required=False, min_value=2000, max_value=2100
    )


class BatchFilter(YearFilter):
    status = forms.ChoiceField(
        label=pgettext_lazy("ranking batch", "Stage"),
        choices=[*ALL, *BATCH_STATUS_CHOICES],
        required=False,
    )


class RectificationFilter(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("rectification", "Stage"),
        choices=[*ALL, *TASK_STATUS_CHOICES],
        required=False,
    )
    mine = forms.BooleanField(label=_("Only my department's"), required=False)
    overdue = forms.BooleanField(label=_("Only the overdue"), required=False)


class BatchForm(IdempotentForm):
    """A batch's draft: its numbers, months, categories and rule."""

    year = _number(pgettext_lazy("ranking batch", "Year"), 4, inputmode="numeric")
    sequence = _number(
        pgettext_lazy("ranking batch", "Batch number in the year"), 2, inputmode="numeric"
    )
    title = forms.CharField(
        label=pgettext_lazy("ranking batch", "Title"),
        required=False,
        max_length=100,
        help_text=_("Left empty: the year and the batch number."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    period_start = forms.CharField(
        label=_("From month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-07"}),
    )
    period_end = forms.CharField(
        label=_("To month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-09"}),
    )
    categories = forms.MultipleChoiceField(
        label=pgettext_lazy("ranking batch", "Categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule = forms.ChoiceField(
        label=_("Rule"),
        choices=DrawRule.choices,
        initial=DrawRule.TOP_BOTTOM,
        widget=forms.RadioSelect,
        required=False,
    )
    red_count = _number(_("Red list size (top and bottom)"), 3, inputmode="numeric")
    black_count = _number(_("Black list size (top and bottom)"), 3, inputmode="numeric")
    red_at_least = _number(_("Red list from score (thresholds)"))
    black_below = _number(_("Black list below score (thresholds)"))

    def __init__(self, *args, regions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = list(regions)
        self.fields["categories"].choices = list(categories)
        for name in ("year", "sequence", "period_start", "period_end", "categories", "rule"):
            self.fields[name].mark_required = True

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "year": (data.get("year") or "").strip() or None,
            "sequence": (data.get("sequence") or "").strip() or None,
            "title": data.get("title") or "",
            "region_code": data.get("region") or "",
            "period_start": data.get("period_start") or "",
            "period_end": data.get("period_end") or "",
            "categories": list(data.get("categories") or []),
            "rule": data.get("rule") or "",
            "red_count": (data.get("red_count") or "").strip() or None,
            "black_count": (data.get("black_count") or "").strip() or None,
            "red_at_least": (data.get("red_at_least") or "").strip() or None,
            "black_below": (data.get("black_below") or "").strip() or None,
            "idempotency_key": data.get("idempotency_key") or None,
        }


def _note() -> forms.CharField:
    return text_area(_("Note"), 500, rows=2)


class DrawForm(forms.Form):
    pass


class NoteForm(forms.Form):
    note = _note()


class ApproveForm(forms.Form):
    note = _note()
    confirm = confirm_field(_("I have checked the lists: approve them for publication."))


class PublishForm(forms.Form):
    note = _note()
    confirm = confirm_field(
        _("I understand: the lists go public and the black list's rectifications are assigned.")
    )


class ScoresForm(forms.Form):
    file = forms.FileField(
        label=_("Sites' scores (.xlsx or CSV)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
        help_text=_(
            "A column 场所编号 (the site's code), then one column per criterion: "
            "a mark from 0 to 100."
        ),
    )


class SubmitForm(forms.Form):
    evidence = text_area(_("What was put right"), 2000, rows=4, counter=True)
    photos = PhotosField(
        label=_("Photos"), help_text=_("JPEG or PNG, at most 5; each one is checked.")
    )


class CloseForm(forms.Form):
    note = _note()
    confirm = confirm_field(_("I have checked the evidence: close the rectification."))


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still to put right"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        error_messages={"required": _("Say what is still to put right.")},
    )
    confirm = confirm_field(_("Send the evidence back to the department."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].mark_required = True
