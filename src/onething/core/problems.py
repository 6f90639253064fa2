"""The field problems of what is typed, once for every service: each check answers the
problem of one field (None: no problem), so that a service collects all of them and
refuses once, with every problem at once (``refuse_if``: 422)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .errors import FieldProblem, ValidationFailed


def refuse_if(problems: list[FieldProblem | None]) -> None:
    """One ValidationFailed listing every problem found (``None`` entries are none)."""
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)


def text_problem(
    field: str, value: Any, limit: int, *, required: bool | str = False
) -> FieldProblem | None:
    """A text of at most ``limit`` characters, with no NUL character. ``required``: it must
    not be blank — True says so in general words, a text says it in its own."""
    if value is not None and not isinstance(value, str):
        return FieldProblem(field, "type", _("A text value is expected."))
    text = value or ""
    if not text.strip():
        if not required:
            return None
        message = required if isinstance(required, str) else _("This field is required.")
        return FieldProblem(field, "required", message)
    if len(text) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    if "\x00" in text:
        return FieldProblem(field, "nul_character", _("A NUL character is not allowed."))
    return None


def coordinate_problem(
    field: str, value: Any, limit: int
) -> tuple[Decimal | None, FieldProblem | None]:
    """A latitude (``limit`` 90) or longitude (180) in degrees, to six places (about 10 cm):
    the number to store (None when not given), or the problem."""
    if value is None or value == "":
        return None, None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) > limit:
        return None, FieldProblem(
            field, "range", _("Between -%(n)s and %(n)s degrees.") % {"n": limit}
        )
    return number.quantize(Decimal("0.000001")), None
