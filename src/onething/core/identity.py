"""Rules for identity numbers, pure (no database): resident ID numbers (GB 11643, through
``stdnum.cn.ric``), unified social credit codes (GB 32100, through ``stdnum.cn.uscc``),
phone numbers, how each is masked for display and sealed, and the stated purpose of a full
read."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, ValidationError

from .errors import FieldProblem, ValidationFailed

# The expected format of each number, shown beside its input and with each format error.
ID_NUMBER_HINT = gettext_lazy(
    "18 characters: 17 digits and a check digit or X, e.g. 320211199001011234."
)
CREDIT_CODE_HINT = gettext_lazy(
    "18 characters of digits and capital letters, e.g. 91320211MA1Q8L7W0J."
)
PHONE_HINT = gettext_lazy(
    "An 11-digit mobile number, or the area code and number, e.g. 13812345678 or 0510-81234567."
)
DATE_HINT = gettext_lazy("A date written YYYY-MM-DD, e.g. 2026-12-04.")
# The labels a person's numbers are sealed under (cipher and keyed hash), by field.
PII_FIELDS = {"id_number": "person.id_number", "phone": "person.phone"}
# The purpose of a full read: required, at least this long (a wide character, e.g. Chinese,
# counts two: "核验" passes, "ab" does not) and at most PURPOSE_MAX characters.
PURPOSE_MIN_WIDTH = 4
PURPOSE_MAX = 300


def _hinted(message: str, hint) -> str:
    """A format error followed by the expected format."""
    return f"{message} {hint}"


def _known_division(code6: str) -> bool:
    return bool(numdb.get("cn/loc").info(code6)[0][1])


def resident_id_problem(value: str, field: str = "id_number") -> FieldProblem | None:
    """What is wrong with a resident ID number, or None. Rules: required, length, format,
    checksum, birth_date (impossible or in the future), region (unknown at birth)."""
    number = ric.compact(value or "")
    if not number:
        return FieldProblem(field, "required", _("The ID number is required."))
    if len(number) != 18:
        return FieldProblem(
            field, "length", _hinted(_("An ID number has 18 characters."), ID_NUMBER_HINT)
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return FieldProblem(
            field,
            "format",
            _hinted(_("An ID number is 17 digits followed by a digit or X."), ID_NUMBER_HINT),
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        return FieldProblem(
            field,
            "checksum",
            _("The check character is wrong (it should be %(expected)s).") % {"expected": expected},
        )
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return FieldProblem(
            field, "birth_date", _("The birth date in the ID number is impossible.")
        )
    if born > dt.date.today():
        return FieldProblem(
            field, "birth_date", _("The birth date in the ID number is in the future.")
        )
    try:
        ric.get_birth_place(number)
    except (InvalidComponent, KeyError):
        return FieldProblem(
            field,
            "region",
            _("The region code %(code)s in the ID number is not a known division at birth.")
            % {"code": number[:6]},
        )
    return None


def check_resident_id(value: str, field: str = "id_number") -> str:
    """The compact, valid ID number, or ValidationFailed naming the field and the rule."""
    problem = resident_id_problem(value, field)
    if problem:
        raise ValidationFailed([problem])
    return ric.compact(value)


_USCC_ALPHABET = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def credit_code_problem(value: str, field: str = "credit_code") -> FieldProblem | None:
    """What is wrong with a unified social credit code, or None. Rules: required, length,
    format, checksum, region (characters 3-8 must be a known administrative division)."""
    code = uscc.compact(value or "")
    if not code:
        return FieldProblem(field, "required", _("The credit code is required."))
    if len(code) != 18:
        return FieldProblem(
            field,
            "length",
            _hinted(_("A unified social credit code has 18 characters."), CREDIT_CODE_HINT),
        )
    if not code[:8].isdigit():
        return FieldProblem(
            field,
            "format",
            _hinted(
                _("The first 8 characters of a credit code (authority, kind, region) are digits."),
                CREDIT_CODE_HINT,
            ),
        )
    if any(c not in _USCC_ALPHABET for c in code):
        return FieldProblem(
            field,
            "format",
            _hinted(
                _("A credit code uses digits and capitals except I, O, S, V and Z."),
                CREDIT_CODE_HINT,
            ),
        )
    expected = uscc.calc_check_digit(code)
    if code[17] != expected:
        return FieldProblem(
            field,
            "checksum",
            _("The check character is wrong (it should be %(expected)s).") % {"expected": expected},
        )
    try:
        uscc.validate(code)
    except ValidationError:
        return FieldProblem(
            field,
            "format",
            _hinted(_("This is not a valid unified social credit code."), CREDIT_CODE_HINT),
        )
    if not _known_division(code[2:8]):
        return FieldProblem(
            field,
            "region",
            _("The region code %(code)s in the credit code is not a known division.")
            % {"code": code[2:8]},
        )
    return None


def check_credit_code(value: str, field: str = "credit_code") -> str:
    problem = credit_code_problem(value, field)
    if problem:
        raise ValidationFailed([problem])
    return uscc.compact(value)


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


def phone_problem(value: str, field: str = "phone") -> FieldProblem | None:
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        return FieldProblem(
            field,
            "format",
            _hinted(
                _("A phone number is an 11-digit mobile number or a landline with its area code."),
                PHONE_HINT,
            ),
        )
    return None


def normalise_phone(value: str, field: str = "phone") -> str:
    problem = phone_problem(value, field)
    if problem:
        raise ValidationFailed([problem])
    digits = re.sub(r"[\s-]", "", value)
    return digits[3:] if digits.startswith("+86") else digits


def mask_id_number(number: str) -> str:
    """3202**********1234: the province and city, and the last four."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "****"


def mask_phone(number: str) -> str:
    """138****1234."""
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if len(number) > 7 else "****"


def mask_name(name: str) -> str:
    """张*, 欧阳**: the family name only (for public pages)."""
    if not name:
        return ""
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * (len(name) - keep)


def purpose_problem(purpose: str) -> FieldProblem | None:
    """Why a full read's stated purpose is refused (already stripped), or None."""
    if not purpose:
        return FieldProblem("purpose", "required", _("Say why you need the full number."))
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in purpose)
    if width < PURPOSE_MIN_WIDTH:
        return FieldProblem(
            "purpose", "min_length", _("Say in a few more words why you need the full number.")
        )
    if len(purpose) > PURPOSE_MAX:
        return FieldProblem(
            "purpose", "max_length", _("At most %(n)s characters.") % {"n": PURPOSE_MAX}
        )
    return None
