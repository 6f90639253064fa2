"""The forms of the operations centre's pages: the filters of the events and devices lists,
one form per move of an event's closed loop (立案, 不予立案, 派遣, 处置, 核查, 结案), and the
grid inspector's report (网格员上报) with its photos and location.

As on the other pages, the inputs check little themselves: the services validate, and
their field problems are shown beside the inputs (``core.forms.problems_on``). A text a
move cannot go without is required here too, with the service's own words, so that it is
refused together with an unticked confirmation, every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onething.core.forms import IdempotentForm, PhotosField, confirm_field, text_area

from .models import LEVEL_CHOICES, STATUS_CHOICES, DeviceState, EventSource

NOTE_MAX = 500
ALL = [("", _("All"))]

# Kinds of event a grid inspector finds most (GB/T 30428's 事件 and 部件 classes), offered
# as suggestions for the title; any other words are fine.
EVENT_KINDS = (
    "井盖缺失或破损",
    "道路破损",
    "占道经营",
    "乱堆物料",
    "暴露垃圾",
    "道路积水",
    "违规广告",
    "违章搭建",
    "路灯不亮",
    "树木倒伏",
    "消防通道堵塞",
    "河道漂浮物",
)


def _choices(head: list, loader: Callable[[], list[tuple[str, str]]] | list) -> Any:
    """``head`` then the choices ``loader`` gives, read only when the select is drawn."""
    if callable(loader):
        return lambda: [*head, *loader()]
    return [*head, *loader]


# ---------------------------------------------------------------- list filters


class EventFilter(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("city event", "Stage"), choices=[*ALL, *STATUS_CHOICES], required=False
    )
    source = forms.ChoiceField(
        label=pgettext_lazy("city event", "Found by"),
        choices=[*ALL, *EventSource.choices],
        required=False,
    )
    level = forms.ChoiceField(
        label=pgettext_lazy("city event", "Level"), choices=[*ALL, *LEVEL_CHOICES], required=False
    )
    department = forms.ChoiceField(label=_("Handling department"), required=False)
    open_only = forms.BooleanField(label=_("Only events not closed"), required=False)
    mine = forms.BooleanField(label=_("Only the events I reported"), required=False)

    def __init__(self, *args, departments=(), show_mine: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if departments:
            self.fields["department"].choices = _choices(ALL, departments)
        else:  # an officer sees their own department's events only
            del self.fields["department"]
        if not show_mine:
            del self.fields["mine"]


class DeviceFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("Device state"), choices=[*ALL, *DeviceState.choices], required=False
    )
    type = forms.ChoiceField(label=_("Device type"), required=False)
    department = forms.ChoiceField(label=_("Owning department"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, types=(), departments=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _choices(ALL, types)
        self.fields["region"].choices = _choices(ALL, regions)
        if departments:
            self.fields["department"].choices = _choices(ALL, departments)
        else:
            del self.fields["department"]


# ---------------------------------------------------------------- the moves of an event


def _note(label=None, required: Any = "") -> forms.CharField:
    field = text_area(label or _("Note"), NOTE_MAX, rows=2)
    if required:
        field.required = True
        field.mark_required = True
        field.error_messages["required"] = required
    return field


class NoteForm(forms.Form):
    """立案 (register) and 核查通过 (check): a note if one likes."""

    note = _note()


class DismissForm(forms.Form):
    """不予立案: closed with its reason, which cannot be undone."""

    reason = _note(_("Why is it no matter for the city?"), _("Say why the event is dismissed."))
    confirm = confirm_field(
        _("I understand: the event is closed without handling and cannot be reopened.")
    )


class DispatchForm(forms.Form):
    """派遣 / 重新派遣: the department that handles the event."""

    department = forms.ChoiceField(label=_("Handling department"))
    note = _note(_("Note to the department"))

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _choices([("", "—")], departments)
        self.fields["department"].mark_required = True
        self.fields["department"].error_messages["required"] = _(
            "Choose the department that handles the event."
        )


class HandleForm(forms.Form):
    note = _note(_("What was done"), _("Say what was done."))


class SendBackForm(forms.Form):
    note = _note(_("What is still wrong"), _("Say what is still wrong."))


class CloseForm(forms.Form):
    """结案: the loop ends, which cannot be undone."""

    note = _note()
    confirm = confirm_field(_("I understand: closing ends the event and cannot be undone."))


# ---------------------------------------------------------------- the inspector's report


def _line(label, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.TextInput(attrs=attrs)
    )


class ReportForm(IdempotentForm):
    """网格员上报: what was found, where (the phone's position, or typed), up to three photos
    and the 12345 appeal it answers, if any. A double submit (the same hidden key) makes
    one event."""

    title = _line(_("What was found"), 100, list="event-kinds", autocomplete="off")
    description = text_area(_("Describe it"), 2000, rows=4, counter=True)
    region = forms.ChoiceField(label=_("Region (town or community)"), required=False)
    latitude = _line(_("Latitude"), 20, inputmode="decimal", placeholder="31.49")
    longitude = _line(_("Longitude"), 20, inputmode="decimal", placeholder="120.31")
    photos = PhotosField(label=_("Photos"))
    appeal_number = _line(
        _("12345 appeal number (if it answers one)"), 40, autocomplete="off", spellcheck="false"
    )

    def __init__(self, *args, regions=(), region_initial: str = "", max_photos: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].mark_required = True
        self.fields["region"].choices = _choices([("", "—")], regions)
        self.fields["region"].initial = region_initial
        self.fields["region"].mark_required = True
        self.fields["photos"].help_text = _(
            "JPEG or PNG, at most %(n)s; each one is checked. Take them with the phone's camera."
        ) % {"n": max_photos}
        self.kinds = EVENT_KINDS

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data.get("title") or "",
            "description": data.get("description") or "",
            "region_code": data.get("region") or "",
            "latitude": (data.get("latitude") or "").strip() or None,
            "longitude": (data.get("longitude") or "").strip() or None,
            "appeal_number": data.get("appeal_number") or "",
            "idempotency_key": data.get("idempotency_key") or None,
        }
