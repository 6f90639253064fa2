"""What every part's rules share (pure, no database): a note of a move (at most 200
characters; some moves need one), a date typed, a score of 100 (an interview's, a
course's grade: 0 to 100 with one decimal at most). Each check answers the problem of one
field (None: none), so that a service refuses once with every problem at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem
from onething.core.problems import text_problem

NOTE_MAX = 200  # a note of a move, a reason
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
TENTH = Decimal("0.1")


def note_problem(field: str, note: Any, *, required: bool = False) -> FieldProblem | None:
    """A note of a move (the screening, a refusal, a company's word): at most
    ``NOTE_MAX`` characters; ``required``: it says why."""
    return text_problem(field, note, NOTE_MAX, required=_("Say why.") if required else False)


def is_date(value: Any) -> bool:
    """A day (a ``date``, not a ``datetime``)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def date_problem(field: str, value: Any, *, required: bool = True) -> FieldProblem | None:
    """A day: given (unless not ``required``) and a date."""
    if value is None or value == "":
        if required:
            return FieldProblem(field, "required", _("Give the date (YYYY-MM-DD)."))
        return None
    if not is_date(value):
        return FieldProblem(field, "type", _("A date (YYYY-MM-DD) is expected."))
    return None


def score_value(field: str, raw: Any) -> tuple[Decimal | None, FieldProblem | None]:
    """A score of 100 with at most one decimal (``"86.5"``, ``86.5``, ``86``): the number,
    or the problem (``required``, ``type``, ``range``, ``decimals``)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, FieldProblem(field, "required", _("Enter a score from 0 to 100."))
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        return None, FieldProblem(field, "type", _("A score is a number from 0 to 100."))
    try:
        score = Decimal(str(raw).strip())
    except InvalidOperation:
        return None, FieldProblem(field, "type", _("A score is a number from 0 to 100."))
    if not score.is_finite():
        return None, FieldProblem(field, "type", _("A score is a number from 0 to 100."))
    if score < SCORE_MIN or score > SCORE_MAX:
        return None, FieldProblem(
            field,
            "range",
            _("A score is from 0 to 100 (the scale); %(s)s is outside it.") % {"s": str(raw)[:12]},
        )
    if score != score.quantize(TENTH):
        return None, FieldProblem(field, "decimals", _("A score has at most one decimal."))
    return score.quantize(TENTH), None
