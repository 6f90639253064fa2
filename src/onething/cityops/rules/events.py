"""A city operations event (城运事件) and its closed loop, pure (no database).

GB/T 30428's loop: 发现 (reported, by a sensor's threshold crossing or an inspector) →
立案 (registered by the operations centre's duty dispatcher) → 派遣 (dispatched to a
department) → 处置 (handled by the department's officer) → 核查 (checked on the spot by the
inspector, 网格员) → 结案 (closed by the dispatcher). A report that is no matter for the city
is dismissed (不予立案); a failed check sends the event back to the department; a sensor
event whose value returns to normal is closed by the system (``auto_close``). Who *within*
a role may act (the event's own department, its grid) is the services' scope check.

The time limits: an alarm is handled within 2 hours, a sensor's warning within 1 working
day, an inspector's report (or an appeal handed over) within 3 working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core import deadlines
from onething.core.transitions import STAY, Lifecycle, Transition
from onething.core.workdays import OfficialCalendar, add_working_days

from .thresholds import ALARM, NORMAL, WARNING

# ---------------------------------------------------------------- statuses and roles

REPORTED, REGISTERED, DISPATCHED = "reported", "registered", "dispatched"
HANDLED, CHECKED, CLOSED = "handled", "checked", "closed"
STATUSES = (REPORTED, REGISTERED, DISPATCHED, HANDLED, CHECKED, CLOSED)
OPEN_STATUSES = (REPORTED, REGISTERED, DISPATCHED, HANDLED, CHECKED)
STATUS_LABELS = {
    REPORTED: pgettext_lazy("event", "Reported"),  # 发现
    REGISTERED: pgettext_lazy("event", "Registered"),  # 立案
    DISPATCHED: pgettext_lazy("event", "Dispatched"),  # 派遣
    HANDLED: pgettext_lazy("event", "Handled"),  # 处置
    CHECKED: pgettext_lazy("event", "Checked"),  # 核查
    CLOSED: pgettext_lazy("event", "Closed"),  # 结案
}

DISPATCHER = "dispatcher"  # the operations centre's duty operator (值班长 / 派遣员)
OFFICER = "officer"  # the department that handles the event
INSPECTOR = "inspector"  # 网格员: reports and checks on the spot
SYSTEM_ONLY = "system-only"  # no one's role: the action is the system's (system=True)

# ---------------------------------------------------------------- the lifecycle

ACTION_LABELS = {
    "register": pgettext_lazy("event", "register"),  # 立案
    "dismiss": pgettext_lazy("event", "dismiss"),  # 不予立案
    "dispatch": pgettext_lazy("event", "dispatch"),  # 派遣
    "redispatch": pgettext_lazy("event", "redispatch"),  # 重新派遣
    "handle": pgettext_lazy("event", "handle"),  # 处置
    "check": pgettext_lazy("event", "check"),  # 核查
    "send_back": pgettext_lazy("event", "send back for handling again"),  # 退回重新处置
    "close": pgettext_lazy("event", "close"),  # 结案
    "auto_close": pgettext_lazy("event", "close automatically"),  # 自动结案
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


EVENT_LIFECYCLE = Lifecycle(
    table={
        "register": Transition({REPORTED}, REGISTERED, {DISPATCHER}),
        "dismiss": Transition({REPORTED}, CLOSED, {DISPATCHER}),
        "dispatch": Transition({REGISTERED}, DISPATCHED, {DISPATCHER}),
        "redispatch": Transition({DISPATCHED}, STAY, {DISPATCHER}),
        "handle": Transition({DISPATCHED}, HANDLED, {OFFICER}),
        "check": Transition({HANDLED}, CHECKED, {INSPECTOR}),
        "send_back": Transition({HANDLED}, DISPATCHED, {INSPECTOR}),
        "close": Transition({CHECKED}, CLOSED, {DISPATCHER}),
        "auto_close": Transition(set(OPEN_STATUSES), CLOSED, {SYSTEM_ONLY}),
    },
    status_refused=gettext_lazy(
        "You cannot %(action)s an event at the stage “%(status)s”, only one at “%(allowed)s”."
    ),
    final_refused=gettext_lazy("The event is closed already."),
    role_refused=gettext_lazy("Your role may not %(action)s an event."),
    action_label=action_label,
    status_label=status_label,
)
# (status, action) → the status after it
TRANSITIONS: dict[tuple[str, str], str] = EVENT_LIFECYCLE.moves()


def next_status(status: str, action: str, role: str | None, *, system: bool = False) -> str:
    """The status ``action`` leads to from ``status``, or why not (409 / 403)."""
    return EVENT_LIFECYCLE.target(status, action, role, system=system)


def actions_for(status: str, role: str | None) -> list[str]:
    """The actions ``role`` could take on an event in ``status`` (for buttons)."""
    return EVENT_LIFECYCLE.actions(status, role)


# ---------------------------------------------------------------- time limits

# How the event was found (the model's EventSource): a sensor's threshold, a grid
# inspector's report (kind ``inspector``, as the role), a 12345 appeal handed over, a
# device gone silent (``offline``: opened as a warning, closed when it is heard again).
SENSOR, APPEAL, OFFLINE = "sensor", "appeal", "offline"
KINDS = (SENSOR, INSPECTOR, APPEAL, OFFLINE)
HOURS, WORKING_DAYS = "hours", "working_days"

# (level, kind) → (unit, how many): an alarm is an emergency whoever found it; a report
# (an inspector's or an appeal's) is handled within 3 working days.
LIMITS: dict[tuple[str, str], tuple[str, int]] = {
    (ALARM, SENSOR): (HOURS, 2),
    (WARNING, SENSOR): (WORKING_DAYS, 1),
    (WARNING, OFFLINE): (WORKING_DAYS, 1),  # a blind sensor is repaired within a working day
    **{(ALARM, kind): (HOURS, 2) for kind in (INSPECTOR, APPEAL)},
    **{
        (level, kind): (WORKING_DAYS, 3)
        for level in (NORMAL, WARNING)
        for kind in (INSPECTOR, APPEAL)
    },
}
# How long before its due time an open event shows as 预警, by the limit's unit.
WARNING_BEFORE = {HOURS: dt.timedelta(minutes=30), WORKING_DAYS: dt.timedelta(hours=4)}


def due_for(level: str, kind: str) -> tuple[str, int]:
    """The time limit of an event of ``level`` found by ``kind``: ("hours", n) or
    ("working_days", n). A sensor event at the normal level has none (ValueError)."""
    try:
        return LIMITS[(level, kind)]
    except KeyError:
        raise ValueError(f"no time limit for a {kind} event at level {level!r}") from None


@dataclass(frozen=True)
class Due:
    """When an event is due; ``provisional`` when counted through a year whose official
    holiday schedule is not out yet (core/workdays.py)."""

    at: dt.datetime
    provisional: bool = False


def due_at(
    start: dt.datetime, limit: tuple[str, int], calendar: OfficialCalendar | None = None
) -> Due:
    """The due time of a ``limit`` (from :func:`due_for`) counted from ``start`` (give it in
    local time: its date is the day the working days count from): n hours later, or the
    same time of day on the n-th working day after that day."""
    unit, n = limit
    if unit == HOURS:
        return Due(start + dt.timedelta(hours=n))
    if unit == WORKING_DAYS:
        day = add_working_days(start.date(), n, calendar)
        return Due(dt.datetime.combine(day.date, start.timetz()), day.provisional)
    raise ValueError(f"unknown unit {unit!r}")


def deadline_state(due: dt.datetime, now: dt.datetime, warning_before: dt.timedelta) -> str:
    """core/deadlines.py's ``overdue`` after ``due``, ``warning`` from ``warning_before``
    before it, else ``on_time``."""
    if now > due:
        return deadlines.OVERDUE
    if now >= due - warning_before:
        return deadlines.WARNING
    return deadlines.ON_TIME
