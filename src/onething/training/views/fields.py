"""The inputs every part's forms share. As everywhere the inputs check little themselves:
the services validate, and every problem is shown beside its input
(``core.forms.problems_on``), all at once; an input says what it takes (its length, its
range, a date's format) and whether it must be filled (``mark_required``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onething.core.forms import DateField

ALL = [("", _("All"))]  # the head of a filter's choices
DAY_FORMAT = _("Enter a date, e.g. 2025-07-14.")


def required(form: forms.Form, *names: str) -> None:
    """Mark these inputs as ones to fill (the service says so when they are not)."""
    for name in names:
        form.fields[name].mark_required = True


def day_field(label, *, required_mark: bool = False) -> forms.DateField:
    """A day (a date picker; typed, YYYY-MM-DD)."""
    field = DateField(
        label=label,
        required=False,
        help_text="",
        error_messages={"invalid": DAY_FORMAT},
    )
    field.mark_required = required_mark
    return field


def moment_field(label) -> forms.DateTimeField:
    """A day and a time of the city (a date-time picker)."""
    field = forms.DateTimeField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, e.g. 2025-06-20 18:00.")},
    )
    field.mark_required = True
    return field


def whole_field(label, high: int) -> forms.IntegerField:
    """A whole number from 1 to ``high``."""
    field = forms.IntegerField(
        label=label,
        required=False,
        min_value=None,
        widget=forms.NumberInput(attrs={"min": 1, "max": high, "inputmode": "numeric"}),
        error_messages={"invalid": _("A whole number is expected.")},
    )
    field.mark_required = True
    return field


def text_field(label, max_length: int, *, required_mark: bool = False, **attrs) -> forms.CharField:
    """A line of text of at most ``max_length`` characters."""
    field = forms.CharField(
        label=label, max_length=max_length, required=False, widget=forms.TextInput(attrs=attrs)
    )
    field.mark_required = required_mark
    return field


def headed(head: list, loader: Callable[[], list[tuple[Any, str]]] | list) -> Any:
    """A choice input's choices: ``head`` first ("All", "Choose …"), then ``loader``'s (a
    list, or what a function gives each time the form is made)."""
    if callable(loader):
        return lambda: [*head, *loader()]
    return [*head, *loader]


def given(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The named values of a form's cleaned data (left out when they did not parse)."""
    return {n: data[n] for n in names if n in data}


class MakeOrChange(forms.Form):
    """A form that makes a record, or (``editing``) changes one: the inputs that name the
    record or make it once (``made_only``: its code, its programme, the idempotency key)
    are there only when it is made."""

    made_only: tuple[str, ...] = ()

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            for name in self.made_only:
                self.fields.pop(name, None)

    def choose(self, name: str, choices: Any) -> None:
        """The choices of an input, when the form has it."""
        if name in self.fields:
            self.fields[name].choices = choices
