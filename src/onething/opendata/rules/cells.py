"""A release's cells read by their field's type, pure (no database): text, whole number,
number, date or yes/no, each blank or its value as the JSON keeps it (numbers as
numbers, a date as YYYY-MM-DD, yes/no as true/false), or the rule it breaks with its
message. Open data holds no personal data, so a text that reads as a resident identity
number or a mobile phone number is refused (``personal_data``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from onething.core.xlsx_rows import boolean, cell_text

TEXT_MAX = 500
INTEGER_MAX = 10**15
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
TYPES = ("text", "integer", "decimal", "date", "boolean")


@dataclass(frozen=True)
class CellProblem:
    rule: str
    message: str


def _text(raw: Any) -> str | CellProblem:
    text = cell_text(raw)
    if len(text) > TEXT_MAX:
        return CellProblem("max_length", _("At most %(n)s characters.") % {"n": TEXT_MAX})
    if ID_NUMBER.search(text) or MOBILE.search(text):
        return CellProblem(
            "personal_data",
            _("It reads as an identity or mobile phone number: open data holds no personal data."),
        )
    return text


def _integer(raw: Any) -> int | CellProblem:
    problem = CellProblem("integer", _("A whole number is expected."))
    if isinstance(raw, bool):
        return problem
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            return problem
        value = int(raw)
    else:
        text = cell_text(raw).replace(",", "")
        if not re.fullmatch(r"[+-]?\d{1,16}", text):
            return problem
        value = int(text)
    if abs(value) >= INTEGER_MAX:
        return CellProblem("range", _("The number is too large."))
    return value


def _decimal(raw: Any) -> int | float | CellProblem:
    problem = CellProblem("number", _("A number is expected."))
    if isinstance(raw, bool):
        return problem
    try:
        number = Decimal(repr(raw) if isinstance(raw, float) else cell_text(raw).replace(",", ""))
    except InvalidOperation:
        return problem
    if not number.is_finite():
        return problem
    if abs(number) >= INTEGER_MAX:
        return CellProblem("range", _("The number is too large."))
    return int(number) if number == number.to_integral_value() else float(number)


def _date(raw: Any) -> str | CellProblem:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    found = DATE_TEXT.fullmatch(cell_text(raw))
    try:
        if found is None:
            raise ValueError
        return dt.date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return CellProblem("date", _("A date (YYYY-MM-DD) is expected."))


def _boolean(raw: Any) -> bool | CellProblem:
    answer = boolean(raw, default=False)
    if answer is None:
        return CellProblem("boolean", _("Yes or no is expected."))
    return answer


READERS = {
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "boolean": _boolean,
}


def cell_value(kind: str, raw: Any, *, required: bool = False) -> Any:
    """The cell as the JSON keeps it (None when blank), or a :class:`CellProblem`."""
    if cell_text(raw) == "":
        if required:
            return CellProblem("required", _("This field is required."))
        return None
    return READERS[kind](raw)
