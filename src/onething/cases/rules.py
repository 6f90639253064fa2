"""The case lifecycle and its deadlines, pure (no database).

One lifecycle (core.transitions.Lifecycle): each action names the states it leaves from,
the state it leads to and the roles that may take it. Who *within* a role may act (the
case's own centre or department, the applicant) is the services' scope check."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.deadlines import ON_TIME, OVERDUE, WARNING
from onething.core.transitions import Lifecycle, Transition
from onething.core.workdays import (
    DueDate,
    OfficialCalendar,
    add_working_days,
    working_days_between,
)

from .models import CaseStatus as S

CLERK, OFFICER, APPLICANT, AGENT = "clerk", "officer", "applicant", "agent"


def action_label(action: str) -> str:
    return {
        "submit": _("submit"),
        "accept": _("accept"),
        "decline": _("decline"),
        "request_correction": _("request a correction"),
        "submit_correction": _("submit the correction"),
        "conclude": _("conclude"),
        "withdraw": _("withdraw"),
    }.get(action, action)


CASE_LIFECYCLE = Lifecycle(
    table={
        "accept": Transition({S.SUBMITTED}, S.ACCEPTED, {CLERK, OFFICER}),
        "decline": Transition({S.SUBMITTED}, S.DECLINED, {CLERK, OFFICER}),
        "request_correction": Transition({S.ACCEPTED}, S.CORRECTION_REQUESTED, {CLERK, OFFICER}),
        "submit_correction": Transition(
            {S.CORRECTION_REQUESTED}, S.ACCEPTED, {APPLICANT, AGENT, CLERK}
        ),
        "conclude": Transition({S.ACCEPTED}, S.CONCLUDED, {OFFICER, CLERK}),
        "withdraw": Transition(
            {S.SUBMITTED, S.ACCEPTED, S.CORRECTION_REQUESTED}, S.WITHDRAWN, {APPLICANT, AGENT}
        ),
    },
    role_refused=gettext_lazy("Your role may not %(action)s a case."),
    status_refused=gettext_lazy(
        "You cannot %(action)s a case that is %(status)s, only one that is %(allowed)s."
    ),
    action_label=action_label,
    status_label=lambda s: S(s).label,
)
TRANSITIONS = CASE_LIFECYCLE.table


def next_status(status: str, action: str, role: str | None, *, system: bool = False) -> str:
    """The state ``action`` leads to from ``status``, or an error saying why not."""
    return CASE_LIFECYCLE.target(status, action, role, system=system)


def actions_for(status: str, role: str | None) -> list[str]:
    """The actions a role could take on a case in ``status`` (for buttons)."""
    return CASE_LIFECYCLE.actions(status, role)


# --- deadlines ------------------------------------------------------------------------


def due_date(
    accepted_on: dt.date, promised_days: int, paused_days: int, calendar: OfficialCalendar
) -> DueDate:
    """Acceptance + promised working days + working days paused for corrections."""
    return add_working_days(accepted_on, promised_days + paused_days, calendar)


def elapsed_working_days(since: dt.date, until: dt.date, calendar: OfficialCalendar) -> int:
    """Working days after ``since`` up to ``until``: how long a case took, or how long its
    clock stood still for a correction (the day of the request itself is not paused)."""
    return max(0, working_days_between(since, until, calendar))


def deadline_state(
    due: dt.date | None,
    today: dt.date,
    calendar: OfficialCalendar,
    *,
    concluded_on: dt.date | None = None,
    paused: bool = False,
) -> str | None:
    """on_time, warning (at most one working day left) or overdue; None without a due
    date (not accepted yet). A concluded case is judged by the day it concluded; a paused
    case (waiting for a correction) is not running late."""
    if due is None:
        return None
    if concluded_on is not None:
        return ON_TIME if concluded_on <= due else OVERDUE
    if paused:
        return ON_TIME
    if today > due:
        return OVERDUE
    if due <= warning_horizon(today, calendar):
        return WARNING
    return ON_TIME


def warning_horizon(today: dt.date, calendar: OfficialCalendar) -> dt.date:
    """A case due on or before this day is in warning (one working day left or less)."""
    return add_working_days(today, 1, calendar).date


# --- 督办: a supervisor's urge on a late case --------------------------------------------

SUPERVISOR = "supervisor"
URGE_REPLY_DAYS = 2  # working days the department has to answer, by default
URGE_REPLY_MAX_DAYS = 30  # the latest answer-by date a supervisor may set (calendar days)
URGE_END_OF_DAY = dt.time(18, 0)  # an answer-by date means the end of that working day
URGEABLE = (OVERDUE, WARNING)


def urge_action_label(action: str) -> str:
    return {"answer": _("answer"), "close": _("close")}.get(action, action)


def urge_status_label(status: str) -> str:
    return {
        "open": _("awaiting an answer"),
        "answered": _("answered"),
        "closed": _("closed already"),
    }.get(status, status)


# The urge's lifecycle (its states are those of models.UrgeStatus).
URGE_LIFECYCLE = Lifecycle(
    table={
        "answer": Transition({"open"}, "answered", {OFFICER}),
        "close": Transition({"open", "answered"}, "closed", {SUPERVISOR}),
    },
    role_refused=gettext_lazy("Your role may not %(action)s a supervision notice."),
    status_refused=gettext_lazy("You cannot %(action)s a supervision notice that is %(status)s."),
    action_label=urge_action_label,
    status_label=urge_status_label,
)
URGE_TRANSITIONS = URGE_LIFECYCLE.table


def urge_next_status(status: str, action: str, role: str | None) -> str:
    """The state an urge ``action`` leads to from ``status``, or why not (403 / 409)."""
    return URGE_LIFECYCLE.target(status, action, role)


def urge_actions_for(status: str, role: str | None) -> list[str]:
    return URGE_LIFECYCLE.actions(status, role)


def urgeable(state: str | None) -> bool:
    """Whether a case in this deadline state may be urged: overdue, or in warning."""
    return state in URGEABLE


def urge_reply_by_default(today: dt.date, calendar: OfficialCalendar) -> DueDate:
    """The default answer-by day: ``URGE_REPLY_DAYS`` working days after today."""
    return add_working_days(today, URGE_REPLY_DAYS, calendar)


def urge_reply_by_moment(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """An answer-by day as an aware moment: the end of that working day in ``tz``."""
    return dt.datetime.combine(day, URGE_END_OF_DAY, tz)


def urge_reply_by_problem(reply_by: dt.datetime, now: dt.datetime) -> tuple[str, str] | None:
    """(rule, message) when an answer-by moment is not acceptable, else None: it must be
    aware, after now and at most ``URGE_REPLY_MAX_DAYS`` days ahead."""
    if reply_by.tzinfo is None or reply_by.utcoffset() is None:
        return "timezone", _("Give the time with its time zone (e.g. +08:00).")
    if reply_by <= now:
        return "past", _("The answer-by time must be later than now.")
    if reply_by > now + dt.timedelta(days=URGE_REPLY_MAX_DAYS):
        return "too_far", _("At most %(n)s days from today.") % {"n": URGE_REPLY_MAX_DAYS}
    return None
