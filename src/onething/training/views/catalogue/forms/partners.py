"""The forms of the catalogue's staff pages (2): partner companies, advisers and their
classes, universities, registrars' accounts, credit agreements and their courses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import IdempotentForm, confirm_field, text_area

from ....rules.statuses import GRADE_SCHEME_LABELS, GRADE_SCHEMES
from ...fields import MakeOrChange, day_field, headed, text_field


class PartnerForm(MakeOrChange, IdempotentForm):
    made_only = ("credit_code", "idempotency_key")

    credit_code = text_field(
        _("Unified social credit code"), 18, required_mark=True, autocomplete="off"
    )
    field = text_field(pgettext_lazy("industry", "Field"), 60)
    joined_on = day_field(_("Partner since"), required_mark=True)
    listed = forms.BooleanField(label=_("Listed company"), required=False)
    specialised = forms.BooleanField(label=_("专精特新 enterprise"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "credit_code" in self.fields:
            self.fields["credit_code"].help_text = _(
                "The enterprise must be in the register of enterprises."
            )

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        found = {
            "field": data.get("field", ""),
            "joined_on": data.get("joined_on"),
            "listed": bool(data.get("listed")),
            "specialised": bool(data.get("specialised")),
        }
        if "credit_code" in self.fields:
            found["credit_code"] = data.get("credit_code", "")
        return found


PARTNER_INPUTS = {"enterprise": "credit_code"}


class AdviserForm(MakeOrChange, IdempotentForm):
    made_only = ("idempotency_key",)

    name = text_field(_("Name"), 40, required_mark=True)
    title = text_field(pgettext_lazy("adviser", "Position"), 40, required_mark=True)
    appointed_on = day_field(_("Appointed on"), required_mark=True)
    account = text_field(_("Username of their sign-in"), 150, autocomplete="off")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].help_text = _(
            "An account acting for the company; leave empty if they do not sign in."
        )

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "name": data.get("name", ""),
            "title": data.get("title", ""),
            "appointed_on": data.get("appointed_on"),
            "account": data.get("account", ""),
        }


class AssignForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    track = forms.ChoiceField(label=pgettext_lazy("training track", "Track"), required=False)

    def __init__(self, *args, cohorts=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = headed([("", _("Choose a cohort"))], cohorts)
        self.fields["track"].choices = headed([("", _("Choose a track"))], tracks)


class UnassignForm(forms.Form):
    confirm = confirm_field(_("I confirm: the adviser no longer leads this class."))


class UniversityForm(MakeOrChange, IdempotentForm):
    made_only = ("idempotency_key",)

    name = text_field(_("Name"), 100, required_mark=True)
    english_name = text_field(_("Name in English"), 150)
    country = text_field(_("Country or region"), 40, required_mark=True)
    is_985 = forms.BooleanField(label=_("A 985 university"), required=False)
    overseas = forms.BooleanField(label=_("Overseas"), required=False)

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "name": data.get("name", ""),
            "english_name": data.get("english_name", ""),
            "country": data.get("country", ""),
            "is_985": bool(data.get("is_985")),
            "overseas": bool(data.get("overseas")),
        }


class AccountForm(forms.Form):
    account = text_field(_("Username of the registrar's account"), 150, autocomplete="off")


class AgreementForm(MakeOrChange, IdempotentForm):
    """An agreement and the courses it counts: a row per course of the institute (counted
    or not, the university's credits, its course name)."""

    number = text_field(_("Agreement number"), 30, required_mark=True, autocomplete="off")
    university = forms.ChoiceField(label=_("University"), required=False)
    signed_on = day_field(_("Signed on"), required_mark=True)
    valid_from = day_field(_("Valid from"), required_mark=True)
    valid_until = day_field(_("Valid until (empty: open-ended)"))
    grade_scheme = forms.ChoiceField(
        label=_("Grade conversion"),
        choices=[(s, GRADE_SCHEME_LABELS[s]) for s in GRADE_SCHEMES],
        required=False,
    )
    elective_name = text_field(_("Counted at the university as"), 100)
    note = text_area(_("Note"), 2000, rows=3)

    made_only = ("number", "university", "idempotency_key")

    def __init__(self, *args, universities=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.choose("university", headed([("", _("Choose a university"))], universities))
        self.courses = list(courses)  # (code, name, track name, credits)
        for code, _name, _track, _credits in self.courses:
            self.fields[f"count_{code}"] = forms.BooleanField(required=False, label=_("Counted"))
            self.fields[f"credits_{code}"] = text_field(_("Credits"), 6, inputmode="decimal")
            self.fields[f"as_{code}"] = text_field(_("The university's course"), 100)

    def main_fields(self) -> list:
        return [
            self[name]
            for name in self.fields
            if not name.startswith(("count_", "credits_", "as_")) and name != "idempotency_key"
        ]

    def course_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "track": track,
                "credits": credits,
                "count": self[f"count_{code}"],
                "credits_field": self[f"credits_{code}"],
                "as_field": self[f"as_{code}"],
            }
            for code, name, track, credits in self.courses
        ]

    def counted_codes(self) -> list[str]:
        """The courses ticked as counted, in the form's order (read from what was sent, so
        that the service's ``courses.<n>`` can be put back beside the right row)."""
        return [
            code
            for code, *_rest in self.courses
            if self.fields[f"count_{code}"].to_python(self.data.get(f"count_{code}"))
        ]

    def arguments(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        found = {
            "signed_on": data.get("signed_on"),
            "valid_from": data.get("valid_from"),
            "valid_until": data.get("valid_until"),
            "grade_scheme": data.get("grade_scheme") or "",
            "elective_name": data.get("elective_name", ""),
            "note": data.get("note", ""),
            "courses": [
                {
                    "course": code,
                    "credits": data.get(f"credits_{code}", ""),
                    "counted_as": data.get(f"as_{code}", ""),
                }
                for code in self.counted_codes()
            ],
        }
        if "number" in self.fields:
            found |= {
                "number": data.get("number", ""),
                "university_id": data.get("university") or None,
            }
        return found

    def renames(self) -> dict[str, str]:
        """The service's ``courses.<n>.<what>`` → this form's input of that course."""
        names = {"course": "count", "credits": "credits", "counted_as": "as"}
        found = {"university_id": "university"}
        for n, code in enumerate(self.counted_codes()):
            for what, prefix in names.items():
                found[f"courses.{n}.{what}"] = f"{prefix}_{code}"
        return found  # "courses" (none ticked) is said above the form


class TerminateForm(forms.Form):
    on = day_field(_("Terminated from"))
    reason = text_area(_("Reason"), 200, rows=2)
    confirm = confirm_field(_("I confirm: the agreement counts no more credits from that day."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].mark_required = True
        self.fields["on"].help_text = _("Empty: today.")
