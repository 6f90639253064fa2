"""The catalogue's rules, pure (no database): codes, a course's hours, credits and pass
mark, a cohort's dates, capacity and application window, an agreement's dates and the
day an agreement is valid on. Each check answers the problem of one field (None: none),
so a service refuses once with every problem at once."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import STAY, Lifecycle, Transition

from .common import date_problem
from .statuses import labeller

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")
HOURS_MAX = 2000  # a course of more than 2,000 hours is a typing error
CREDITS_MAX = Decimal("30.0")
CAPACITY_MAX = 100_000
OFFER_DAYS_MAX = 60
COHORT_DAYS_MAX = 730  # a cohort runs at most two years


def code_problem(field: str, code: Any, *, taken: bool = False) -> FieldProblem | None:
    """A code: letters, digits, - and _, at most 30, starting with a letter or digit."""
    if not isinstance(code, str) or not CODE.match(code):
        return FieldProblem(
            field,
            "format",
            _(
                "Letters, digits, - and _ only, at most 30 characters, starting with a letter "
                "or digit."
            ),
        )
    if taken:
        return FieldProblem(field, "unique", _("The code %(c)s is taken.") % {"c": code})
    return None


def whole_problem(field: str, value: Any, low: int, high: int) -> FieldProblem | None:
    """A whole number from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldProblem(field, "type", _("A whole number is expected."))
    if not low <= value <= high:
        return FieldProblem(
            field, "range", _("Between %(a)s and %(b)s.") % {"a": low, "b": f"{high:,}"}
        )
    return None


def credits_of(value: Any) -> Decimal | None:
    """Credits as a number with one decimal (2, 1.5, "3.0"), or None when it is not one."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.1")):
        return None
    return number.quantize(Decimal("0.1"))


def credits_problem(field: str, value: Any) -> FieldProblem | None:
    number = credits_of(value)
    if number is None:
        return FieldProblem(
            field, "format", _("Credits are a number with at most one decimal (e.g. 1.5).")
        )
    if not Decimal("0.5") <= number <= CREDITS_MAX:
        return FieldProblem(
            field, "range", _("Between %(a)s and %(b)s credits.") % {"a": "0.5", "b": CREDITS_MAX}
        )
    return None


def cohort_problems(
    *,
    starts_on: Any,
    ends_on: Any,
    applications_open_at: Any,
    applications_close_at: Any,
    capacity: Any,
    offer_days: Any,
) -> list[FieldProblem]:
    """A cohort's dates (it ends on or after it starts, within two years), its application
    window (closing after it opens, and before the class starts), its capacity and the days
    an offer is open: every problem at once."""
    problems = [
        date_problem("starts_on", starts_on),
        date_problem("ends_on", ends_on),
        whole_problem("capacity", capacity, 1, CAPACITY_MAX),
        whole_problem("offer_days", offer_days, 1, OFFER_DAYS_MAX),
    ]
    for name, value in (
        ("applications_open_at", applications_open_at),
        ("applications_close_at", applications_close_at),
    ):
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            problems.append(FieldProblem(name, "type", _("Enter a date and time.")))
    dates_ok = not any(p for p in problems[:2])
    if dates_ok and ends_on < starts_on:
        problems.append(
            FieldProblem("ends_on", "before_start", _("The class cannot end before it starts."))
        )
    elif dates_ok and (ends_on - starts_on).days > COHORT_DAYS_MAX:
        problems.append(
            FieldProblem("ends_on", "too_long", _("A cohort runs two years at the most."))
        )
    window_ok = all(
        isinstance(v, dt.datetime) and v.tzinfo is not None
        for v in (applications_open_at, applications_close_at)
    )
    if window_ok and applications_close_at <= applications_open_at:
        problems.append(
            FieldProblem(
                "applications_close_at",
                "before_open",
                _("Applications must close after they open."),
            )
        )
    if window_ok and dates_ok and applications_close_at.date() > starts_on:
        problems.append(
            FieldProblem(
                "applications_close_at",
                "after_start",
                _("Applications must close before the class starts."),
            )
        )
    return [p for p in problems if p is not None]


# ---------------------------------------------------------------- agreements


def agreement_date_problems(
    *, signed_on: Any, valid_from: Any, valid_until: Any
) -> list[FieldProblem]:
    """An agreement is signed on a day, valid from a day (not before it was signed) until
    a day (open-ended when none; not before it starts)."""
    problems = [
        date_problem("signed_on", signed_on),
        date_problem("valid_from", valid_from),
        date_problem("valid_until", valid_until, required=False),
    ]
    found = [p for p in problems if p is not None]
    if found:
        return found
    if valid_from < signed_on:
        found.append(
            FieldProblem(
                "valid_from",
                "before_signed",
                _("An agreement cannot apply before it is signed."),
            )
        )
    if valid_until is not None and valid_until < valid_from:
        found.append(
            FieldProblem(
                "valid_until", "before_start", _("The end of validity is before its start.")
            )
        )
    return found


def valid_on(
    day: dt.date,
    *,
    valid_from: dt.date,
    valid_until: dt.date | None,
    terminated_on: dt.date | None,
) -> bool:
    """Whether an agreement counts credits on ``day``: from ``valid_from`` to
    ``valid_until`` (both included; open-ended when none), and before ``terminated_on``
    (the day a terminated agreement stops applying)."""
    if day < valid_from:
        return False
    if valid_until is not None and day > valid_until:
        return False
    return terminated_on is None or day < terminated_on


PENDING, VALID, EXPIRED, TERMINATED = "pending", "valid", "expired", "terminated"
AGREEMENT_STATE_LABELS = {
    PENDING: pgettext_lazy("credit agreement", "Not yet in force"),
    VALID: pgettext_lazy("credit agreement", "In force"),
    EXPIRED: pgettext_lazy("credit agreement", "Expired"),
    TERMINATED: pgettext_lazy("credit agreement", "Terminated"),
}


def agreement_state(
    day: dt.date,
    *,
    valid_from: dt.date,
    valid_until: dt.date | None,
    terminated_on: dt.date | None,
) -> str:
    """``pending`` (not yet valid), ``valid``, ``expired`` or ``terminated`` on ``day``."""
    if terminated_on is not None and day >= terminated_on:
        return TERMINATED
    if day < valid_from:
        return PENDING
    if valid_until is not None and day > valid_until:
        return EXPIRED
    return VALID


# an agreement's moves: edited, or terminated early (then final, whatever its dates say)
EDIT, TERMINATE = "edit", "terminate"
AGREEMENT_ACTION_LABELS = {
    EDIT: pgettext_lazy("credit agreement action", "change it"),
    TERMINATE: pgettext_lazy("credit agreement action", "terminate it"),
}
AGREEMENT_LIFECYCLE = Lifecycle(
    table={
        EDIT: Transition({PENDING, VALID, EXPIRED}, STAY),
        TERMINATE: Transition({PENDING, VALID, EXPIRED}, TERMINATED),
    },
    status_refused=gettext_lazy("An agreement that is “%(status)s” cannot %(action)s."),
    final_refused=gettext_lazy("The agreement has been terminated: it changes no more."),
    unknown_refused=gettext_lazy("An agreement has no such move."),
    action_label=labeller(AGREEMENT_ACTION_LABELS),
    status_label=labeller(AGREEMENT_STATE_LABELS),
)
