"""A Chinese vehicle plate (机动车号牌, GA 36), pure: what a gate or a person sends,
normalised, and the rule it breaks.

- a province's character (苏, 沪, 浙 …), then the issuing office's letter (A–Z, no I or O);
- then 5 letters or digits (an ordinary plate; no I or O anywhere: they read as 1 and 0);
- or 6 on a new-energy plate (新能源): a small car's starts with its energy letter (D pure
  electric, F other; since 2022 also A B C E and G H J K) followed by a letter or digit and
  4 digits; a large vehicle's is 5 digits then D or F;
- or 4 followed by 学 (a driving school's car), 警 (police) or 挂 (a trailer).

What people and gates send is normalised first: spaces, dots, middle dots and hyphens are
dropped, full-width letters and digits become ASCII, letters upper case (``苏 b·12345`` →
``苏B12345``)."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O
SUFFIXES = "学警挂"
# the first letter of a small new-energy car's six (D and F; the 2022 extension)
SMALL_NEW_ENERGY = "DABCEFGHJK"
LARGE_NEW_ENERGY = "DF"
MAX_INPUT = 40

_DROPPED = re.compile(r"[\s.\-_·•・‧∙･。．]")
_SERIAL = f"[{LETTERS}0-9]"
_ORDINARY = re.compile(f"^{_SERIAL}{{5}}$")
_WITH_SUFFIX = re.compile(f"^{_SERIAL}{{4}}[{SUFFIXES}]$")
_SMALL_NEW = re.compile(f"^[{SMALL_NEW_ENERGY}]{_SERIAL}[0-9]{{4}}$")
_LARGE_NEW = re.compile(f"^[0-9]{{5}}[{LARGE_NEW_ENERGY}]$")


def normalise_plate(raw: object) -> str:
    """``raw`` as a plate is stored: NFKC (full width → ASCII), no separators, upper case."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFKC", raw[: MAX_INPUT * 2])
    return _DROPPED.sub("", text).upper()


def _format_message() -> str:
    return _(
        "A plate is a province's character and a letter, then 5 letters or digits; a "
        "new-energy plate has 6 (D or F first and 4 digits last, or 5 digits then D or F); "
        "a plate ending in 学, 警 or 挂 has 4 before it. Example: 苏B12345."
    )


def plate_problem(raw: object, field: str = "plate") -> FieldProblem | None:
    """Why ``raw`` is no plate (rules: required, province, office, letters_io, format), or
    None."""
    plate = normalise_plate(raw)
    if not plate:
        return FieldProblem(field, "required", _("Enter the plate number."))
    if len(plate) > 10:
        return FieldProblem(field, "format", _format_message())
    if plate[0] not in PROVINCES:
        return FieldProblem(
            field,
            "province",
            _("A plate starts with a province's character (苏, 沪, 浙 …), not “%(c)s”.")
            % {"c": plate[0]},
        )
    if len(plate) < 2 or plate[1] not in LETTERS:
        return FieldProblem(
            field,
            "office",
            _("The second character of a plate is the issuing office's letter (A–Z, no I or O)."),
        )
    serial = plate[2:]
    if "I" in serial or "O" in serial:
        return FieldProblem(
            field,
            "letters_io",
            _("A plate has no letter I or O (they read as 1 and 0)."),
        )
    if not (
        _ORDINARY.match(serial)
        or _WITH_SUFFIX.match(serial)
        or _SMALL_NEW.match(serial)
        or _LARGE_NEW.match(serial)
    ):
        return FieldProblem(field, "format", _format_message())
    return None


def check_plate(raw: object, field: str = "plate") -> str:
    """The plate normalised, or ValidationFailed naming ``field`` and the rule."""
    problem = plate_problem(raw, field)
    if problem is not None:
        raise ValidationFailed([problem])
    return normalise_plate(raw)


def is_new_energy(plate: str) -> bool:
    """Whether a normalised plate is a new-energy one (6 characters after the letter)."""
    return len(plate) == 8 and plate[-1] not in SUFFIXES


def mask_plate(plate: str) -> str:
    """苏B1**45: the province, the office and the first and last two (public pages)."""
    if len(plate) < 6:
        return plate
    return plate[:3] + "*" * (len(plate) - 5) + plate[-2:]
