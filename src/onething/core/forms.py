"""What every page form shares, once: putting a ValidationFailed's field problems on the
form's inputs (all of them at once), the confirmation an irreversible action asks for, an
optional text of several lines, the hidden idempotency key of a form that makes one thing,
the inputs of the numbers people type (ID, credit code, phone, date) with their expected
format as help text and in every format error, the input of any number of photos, and the
signed token that keeps an uploaded file across a refused submission."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
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


# a problem of one row of a list: ``rows.3.year``, ``photos.2``, ``credit_codes[2]``
ROW_FIELD = re.compile(
    r"^(?P<head>[\w-]+)(?:\.(?P<dot>\d+)|\[(?P<bracket>\d+)\])(?:\.(?P<rest>.+))?$"
)


def problems_on(
    form: forms.Form,
    error: ValidationFailed | Iterable[FieldProblem],
    renames: dict[str, str] | None = None,
    *,
    numbered: dict[str, int] | None = None,
    one_per_input: bool = False,
    beside_only: bool = False,
) -> None:
    """Put each of the service's problems beside the input it is about, the others above
    the form: every problem at once, not the first one only. The one way a page shows a
    service's refusal (docs/architecture.md).

    ``renames`` maps a service field (or a list's head) to an input. A problem of one row
    of a list (``photos.2``, ``rows.3.year``, ``credit_codes[2]``) lands on the list's
    input; for a list named in ``numbered`` its message says the row: the row the user
    sees is the index plus that list's offset (0 for sheet rows, 1 for lines counted from
    zero), with the column when the field names one.

    ``error`` may also be the problems a rule returned (a form checking itself with the
    service's rules before it saves). After the form's own checks, ``one_per_input``
    adds nothing beside an input that shows an error already (its own check's, or an
    earlier problem's), and ``beside_only`` leaves out the problems about no input of
    this form (another form or the page says them)."""
    renames = renames or {}
    numbered = numbered or {}
    problems = error.problems if isinstance(error, ValidationFailed) else error
    for problem in problems:
        name = renames.get(problem.field, problem.field)
        message: Any = problem.message
        row = ROW_FIELD.match(problem.field) if name not in form.fields else None
        if row is not None:
            head = row["head"]
            name = renames.get(head, head)
            if head in numbered:
                n = int(row["dot"] or row["bracket"]) + numbered[head]
                if row["rest"]:
                    message = _("Row %(r)s, %(c)s: %(m)s") % {
                        "r": n,
                        "c": row["rest"],
                        "m": problem.message,
                    }
                else:
                    message = _("Line %(n)s: %(m)s") % {"n": n, "m": problem.message}
        elif name not in form.fields and "." in name:
            head = name.split(".", 1)[0]
            name = renames.get(head, head)
        field = name if name in form.fields else None
        if field is None and beside_only:
            continue
        if field is not None and one_per_input and form.errors.get(field):
            continue
        form.add_error(field, message)


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


# --------------------------------------------------------------------- photos

# what a photo input offers to choose (core.uploads.inspect_image takes these)
ACCEPT_PHOTOS = "image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Any number of photos under one name (``<input type=file multiple>``, a phone offering
    its camera); the service judges each one (type, size, pixels) and how many."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_PHOTOS, "capture": "environment"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


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
