"""The forms of the catalogue's staff pages (1): the institute, programmes, tracks,
courses, cohorts and their moves. As on the other pages the inputs check little
themselves: the services validate, and every problem is shown beside its input, all at
once. ``arguments()`` turns a form's data into the service's keyword arguments (what did
not parse is left out or None: the service says what is wrong with it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import IdempotentForm, confirm_field, text_area

from ....rules.catalogue import CAPACITY_MAX, HOURS_MAX, OFFER_DAYS_MAX
from ....rules.statuses import (
    ASSESSMENT_LABELS,
    ASSESSMENTS,
    COHORT_STATUS_LABELS,
    COHORT_STATUSES,
)
from ...fields import (
    ALL,
    MakeOrChange,
    day_field,
    given,
    headed,
    moment_field,
    text_field,
    whole_field,
)


class InstituteForm(forms.Form):
    name = text_field(_("Name"), 100, required_mark=True)
    short_name = text_field(_("Short name"), 40, required_mark=True)
    address = text_field(_("Address"), 200)
    founded_on = day_field(_("Founded on"))

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        found = given(data, ["name", "short_name", "address", "founded_on"])
        return found | {"founded_on": data.get("founded_on")}


class ProgrammeForm(MakeOrChange):
    made_only = ("code",)

    code = text_field(_("Code"), 30, required_mark=True, autocomplete="off")
    name = text_field(_("Name"), 100, required_mark=True)
    description = text_area(_("Description"), 2000, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "code" in self.fields:
            self.fields["code"].help_text = _("Letters, digits, - and _; it cannot change later.")

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return given(data, ["code", "name", "description"])


class TrackForm(ProgrammeForm):
    name = text_field(_("Name"), 60, required_mark=True)


class CourseForm(MakeOrChange):
    made_only = ("code",)

    code = text_field(_("Code"), 30, required_mark=True, autocomplete="off")
    name = text_field(_("Name"), 100, required_mark=True)
    hours = whole_field(pgettext_lazy("course", "Hours"), HOURS_MAX)
    credits = text_field(_("Credits"), 6, required_mark=True, inputmode="decimal")
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=[(a, ASSESSMENT_LABELS[a]) for a in ASSESSMENTS],
        required=False,
    )
    pass_mark = whole_field(_("Pass mark (of 100)"), 100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credits"].help_text = _("At most one decimal, e.g. 1.5.")

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        names = ["code", "name", "hours", "credits", "assessment", "pass_mark"]
        found = given(data, names)
        for name in ("hours", "pass_mark", "credits"):
            if found.get(name) in (None, ""):
                found[name] = self.data.get(name, "")  # the service names what is wrong
        return found


class CohortForm(MakeOrChange, IdempotentForm):
    made_only = ("programme", "code", "idempotency_key")

    programme = forms.ChoiceField(label=pgettext_lazy("training", "Programme"), required=False)
    code = text_field(_("Code"), 30, required_mark=True, autocomplete="off")
    name = text_field(_("Name"), 100, required_mark=True)
    starts_on = day_field(_("Class starts on"), required_mark=True)
    ends_on = day_field(_("Class ends on"), required_mark=True)
    capacity = whole_field(_("Places"), CAPACITY_MAX)
    applications_open_at = moment_field(_("Applications open"))
    applications_close_at = moment_field(_("Applications close"))
    offer_days = whole_field(_("Days to answer an offer"), OFFER_DAYS_MAX)
    tracks = forms.MultipleChoiceField(
        label=_("Tracks taught"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, programmes=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.choose("programme", headed([], programmes))
        self.choose("tracks", headed([], tracks))
        self.fields["tracks"].mark_required = True

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        names = [
            "name",
            "starts_on",
            "ends_on",
            "capacity",
            "applications_open_at",
            "applications_close_at",
            "offer_days",
            "tracks",
        ]
        found = {n: data.get(n) for n in names}
        found["tracks"] = list(data.get("tracks") or [])
        if "code" in self.fields:
            found |= {"programme_code": data.get("programme") or "", "code": data.get("code", "")}
        return found


class CohortFilter(forms.Form):
    programme = forms.ChoiceField(label=pgettext_lazy("training", "Programme"), required=False)
    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[*ALL, *((s, COHORT_STATUS_LABELS[s]) for s in COHORT_STATUSES)],
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = headed(ALL, programmes)


class MoveForm(forms.Form):
    note = text_area(_("Note"), 300, rows=2)
    confirm = confirm_field(_("I confirm this move of the cohort."))
