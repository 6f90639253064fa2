"""Time limits (办理时限) as configured, else the defaults of the rules, and working days
counted on the official calendar: what deadlines are read and written with."""

from __future__ import annotations

import datetime as dt

from onething.core import workdays
from onething.core.selectors.calendar import official_calendar

from .. import rules
from ..models import TimeLimit


def configured_limits() -> dict[tuple[str, str], tuple[int, int]]:
    return {(t.type, t.urgency): (t.working_days, t.warning_days) for t in TimeLimit.objects.all()}


def limit_for(type_: str, urgency: str) -> tuple[int, int]:
    """(working days to reply, warning days) for a type and urgency."""
    configured = configured_limits().get((type_, urgency))
    if configured:
        return configured
    return rules.limit_days(type_, urgency), rules.DEFAULT_WARNING_DAYS


def working_days_from(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b], by the weekend-only rule past the published years."""
    return workdays.working_days_between(a, b, official_calendar())
