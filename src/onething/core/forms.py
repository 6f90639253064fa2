"""What every page form shares, once: putting a ValidationFailed's field problems on the
form's inputs (all of them at once), the confirmation an irreversible action asks for, an
optional text of several lines, the hidden idempotency key of a form that makes one thing,
the inputs of the numbers people type (ID, credit code, phone, date) with their expected
format as help text and in every format error, and the signed token that keeps an uploaded
file across a refused submission."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .errors import FieldProblem, ValidationFailed
from .identity import (
    CREDIT_CODE_HINT,
    DATE_HINT,
    ID_NUMBER_HINT,
    PHONE_HINT,
    credit_code_problem,
    phone_problem,
    resident_id_problem,
)

# --------------------------------------------------------------------- field problems


def problems_on(
    form: forms.Form, error: ValidationFailed, renames: dict[str, str] | None = None
) -> None:
    """Put each of the service's problems beside the input it is about (``renames`` maps a
    service field to an input; a dotted field such as ``photos.2`` lands on ``photos``);
    the others above the form. Every problem is shown, not the first one only."""
    renames = renames or {}
    for problem in error.problems:
        name = renames.get(problem.field, problem.field)
        if name not in form.fields and "." in name:
            head = name.split(".", 1)[0]
            name = renames.get(head, head)
        form.add_error(name if name in form.fields else None, problem.message)


# --------------------------------------------------------------------- confirmation


def confirm_field(label: Any, refusal: Any = None) -> forms.BooleanField:
    """The required tick box of an action that cannot be undone: the action is refused,
    with ``refusal`` beside the box, until it is ticked."""
    field = forms.BooleanField(
        label=label,
        error_messages={
            "required": refusal or _("Tick the box to confirm: this cannot be undone.")
        },
    )
    field.mark_required = True
    field.confirms = True
    return field


def with_confirmation(form_class: type[forms.Form], label: Any, refusal: Any = None) -> type:
    """``form_class`` with the confirmation box last (for an action's existing form)."""
    return type(
        f"Confirmed{form_class.__name__}",
        (form_class,),
        {"confirm": confirm_field(label, refusal), "__module__": form_class.__module__},
    )


# --------------------------------------------------------------------- texts and keys


def text_area(label, max_length: int, rows: int = 3, counter: bool = False) -> forms.CharField:
    """An optional text of at most ``max_length`` characters in ``rows`` lines; with
    ``counter`` the page counts the characters left."""
    attrs = {"rows": rows, "maxlength": max_length}
    if counter:
        attrs["data-counter"] = max_length
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.Textarea(attrs=attrs)
    )


class IdempotentForm(forms.Form):
    """A form that makes one thing however often it is posted: a fresh key in a hidden
    field, which the service takes as the post's idempotency key."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


# --------------------------------------------------------------------- formatted numbers


class _CheckedText(forms.CharField):
    """Text checked by one of the identity rules; its hint is the field's help text, and a
    format error names the expected format. The value stays as typed (the service
    normalises it)."""

    hint: Any = ""
    input_attrs: dict[str, str] = {}
    rule: Callable[[str], FieldProblem | None] = staticmethod(lambda _value: None)

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.hint)
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs |= {"autocomplete": "off", "spellcheck": "false", **self.input_attrs}

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and (found := self.rule(value)) is not None:
            raise forms.ValidationError(found.message, code=found.rule)


class IdNumberField(_CheckedText):
    hint = ID_NUMBER_HINT
    rule = staticmethod(resident_id_problem)


class CreditCodeField(_CheckedText):
    hint = CREDIT_CODE_HINT
    rule = staticmethod(credit_code_problem)


class PhoneField(_CheckedText):
    hint = PHONE_HINT
    input_attrs = {"type": "tel", "inputmode": "tel"}
    rule = staticmethod(phone_problem)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)


class DateField(forms.DateField):
    """A date (YYYY-MM-DD) whose error says so."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("error_messages", {"invalid": DATE_HINT})
        super().__init__(**kwargs)


# --------------------------------------------------------------------- kept uploads

KEPT_SALT = "onething.kept-upload"


def kept_max_age() -> int:
    """Seconds a kept upload's token is valid: as long as the upload itself is kept
    (``ONETHING_PENDING_UPLOAD_HOURS``, after which ``uploads purge`` deletes it)."""
    return settings.ONETHING_PENDING_UPLOAD_HOURS * 3600


def kept_token(*, upload_id: int, user_id: int, name: str) -> str:
    """A signed token naming a file one user uploaded with a refused submission, so that
    resubmitting reuses it without choosing it again."""
    return signing.dumps([int(upload_id), int(user_id), str(name)[:200]], salt=KEPT_SALT)


def kept_read(token: str) -> tuple[int, int, str] | None:
    """(upload id, user id, file name) of a valid token, or None."""
    try:
        upload_id, user_id, name = signing.loads(
            str(token)[:1000], salt=KEPT_SALT, max_age=kept_max_age()
        )
        return int(upload_id), int(user_id), str(name)
    except (signing.BadSignature, TypeError, ValueError):
        return None
