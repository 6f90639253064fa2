"""Forms of the requesters' and the public appeal pages. As on the other pages, the inputs
check little themselves: the services validate, and their field problems are shown beside
the fields (``problems_on``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import IdempotentForm, text_area
from onething.core.ratings import Rating

from . import rules
from .models import AppealType, Urgency

ACCEPT_PHOTOS = "image/*"
TEXT_MAX = 2000
ALL = [("", _("All"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files under one name (``<input type=file multiple>``); the service
    judges each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_PHOTOS}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def category_choices(categories) -> list[tuple[str, str]]:
    """The category tree as one select: children indented under their parents."""
    choices = [("", "—")]
    for category in categories:
        depth = max(category.path.strip("/").count("/"), 0)
        choices.append((category.code, "\u3000" * depth + category.name))
    return choices


def region_choices(regions) -> list[tuple[str, str]]:
    """The city's districts and counties, each with its towns and streets indented."""
    choices = []
    for region in regions:
        indent = "\u3000" if region.level == "town" else ""
        choices.append((region.code, indent + region.name))
    return choices


def text_input(label, max_length: int, **attrs) -> forms.CharField:
    """An optional line of text of at most ``max_length`` characters (``attrs`` on its
    input: an inputmode, a placeholder …)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
    )


class AppealForm(IdempotentForm):
    """Filing an appeal: what it is, where, the photos and whether it may be published."""

    type = forms.ChoiceField(
        label=_("What is it?"),
        choices=AppealType.choices,
        initial=AppealType.DEMAND,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    title = text_input(_("Subject"), 100)
    text = text_area(_("Describe the matter"), TEXT_MAX, rows=6, counter=True)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    address = text_input(_("Address"), 200)
    latitude = text_input(_("Latitude"), 20, inputmode="decimal", placeholder="31.49")
    longitude = text_input(_("Longitude"), 20, inputmode="decimal", placeholder="120.31")
    photos = MultipleFileField(
        label=_("Photos"), help_text=_("JPEG or PNG, at most 6; each one is checked.")
    )
    publish = forms.BooleanField(
        label=_("The answer may be published on the public board (your name and numbers masked)"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args,
        categories=(),
        regions=(),
        programmes: list[tuple[str, str]] = (),
        programme_initial: str = "",
        region_initial: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(categories)
        self.fields["region"].choices = region_choices(regions)
        self.fields["region"].initial = region_initial
        self.fields["programme"].choices = [("", _("None")), *programmes]
        self.fields["programme"].initial = programme_initial

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "type": data["type"],
            "category_code": data.get("category") or "",
            "programme_code": data.get("programme") or "",
            "title": data.get("title") or "",
            "text": data.get("text") or "",
            "urgency": data["urgency"],
            "region_code": data.get("region") or "",
            "address": data.get("address") or "",
            "latitude": data.get("latitude") or None,
            "longitude": data.get("longitude") or None,
            "publish": bool(data.get("publish")),
            "photos": [(f.name, f.read()) for f in data.get("photos") or []],
            "idempotency_key": data.get("idempotency_key") or None,
        }


class RatingForm(forms.Form):
    """回访: five levels, 非常满意 … 非常不满意, and a comment."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


class PolicyAskForm(IdempotentForm):
    """An enterprise's question about a policy (a 咨询 the policy's department answers)."""

    title = text_input(_("Subject (optional)"), 100)
    text = text_area(_("Your question"), TEXT_MAX, rows=4, counter=True)


class MyAppealsFilter(forms.Form):
    q = forms.CharField(label=_("Number or words"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*ALL, *((k, v) for k, v in rules.STATUS_LABELS.items())],
        required=False,
    )
    type = forms.ChoiceField(label=_("Type"), choices=[*ALL, *AppealType.choices], required=False)


class BoardFilter(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words or a number")}),
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[*ALL, *AppealType.choices], required=False)

    def __init__(self, *args, programmes: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [*ALL, *programmes]


class PolicyFilter(forms.Form):
    every = forms.BooleanField(label=_("Show every policy, not only those for us"), required=False)
