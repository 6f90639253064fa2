"""What the cards' configuration and money services share: the roles that may configure,
the limits, and the checks of one field each (a ``FieldProblem`` or None), gathered by
``raise_if`` into one ValidationFailed listing every field's problem."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record, snapshot

from ...models import Venue

CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_PRICE_FEN = 10_000_000  # 100,000 yuan for one use: anything above is a typing error
MAX_CAP = 32767
CONFIG_ROLES = (Role.UNION_STAFF, Role.ADMIN)


def text_problem(field: str, value: Any, limit: int, required: bool = True) -> FieldProblem | None:
    if value is not None and not isinstance(value, str):
        return FieldProblem(field, "type", _("A text value is expected."))
    text = (value or "").strip()
    if required and not text:
        return FieldProblem(field, "required", _("This field is required."))
    if len(text) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def int_problem(
    field: str, value: Any, low: int, high: int, required: bool = True
) -> FieldProblem | None:
    """A whole number in [low, high] (a bool or a float is not one: money is integer fen)."""
    if value is None:
        return FieldProblem(field, "required", _("This field is required.")) if required else None
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldProblem(field, "type", _("A whole number is expected."))
    if value < low:
        return FieldProblem(field, "min", _("At least %(n)s.") % {"n": low})
    if value > high:
        return FieldProblem(field, "max", _("At most %(n)s.") % {"n": high})
    return None


def parse_date(
    field: str, value: Any, problems: list[FieldProblem], required: bool = True
) -> dt.date | None:
    """A date or its ISO text (YYYY-MM-DD); a problem is appended when it is neither."""
    if value is None or value == "":
        if required:
            problems.append(FieldProblem(field, "required", _("This field is required.")))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(FieldProblem(field, "type", _("A date (YYYY-MM-DD) is expected.")))
        return None


def code_problem(field: str, value: Any) -> FieldProblem | None:
    problem = text_problem(field, value, 30)
    if problem is None and not CODE.match(value.strip()):
        return FieldProblem(
            field, "format", _("Lower-case letters, digits and dashes (e.g. wuxi-metro).")
        )
    return problem


def raise_if(problems: list[FieldProblem | None]) -> None:
    """One ValidationFailed naming every problem found (the Nones are fields found right)."""
    found = [p for p in problems if p]
    if found:
        raise ValidationFailed(found)


def period_problem(start: dt.date | None, end: dt.date | None) -> FieldProblem | None:
    if start and end and end < start:
        return FieldProblem("valid_to", "before_start", _("The end is before the start."))
    return None


def periods_overlap(start: dt.date, end: dt.date | None, other_start: dt.date, other_end) -> bool:
    """Whether two periods share a day (an end of None is open)."""
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def venue_for_write(
    venue_code: Any, problems: list[FieldProblem], lock: bool = False
) -> Venue | None:
    """The venue a tariff or a benefit is saved for (locked with ``lock``), or None with
    its problem appended."""
    problem = text_problem("venue_code", venue_code, 30)
    if problem:
        problems.append(problem)
        return None
    rows = Venue.objects.select_for_update() if lock else Venue.objects
    venue = rows.filter(code=venue_code.strip()).first()
    if venue is None:
        problems.append(FieldProblem("venue_code", "unknown", _("There is no such venue.")))
    return venue


def save_audited(
    actor: Actor,
    obj,
    action: str,
    fields: list[str],
    before: dict | None,
    update_fields: list[str] | None = None,
    bump: bool = True,
):
    """Save a configuration row and write its audit entry (``before`` → its ``fields``
    now); the reference data the gates cache is marked changed unless ``bump`` is off."""
    obj.save(update_fields=update_fields)
    audit_record(
        actor=actor, action=action, subject=obj, before=before, after=snapshot(obj, fields)
    )
    if bump:
        refdata.bump()
    return obj
