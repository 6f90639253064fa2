"""A duty night (值班夜) of a leader, pure: when it can be checked in, its lifecycle and the
state it is in.

A night is the evening of its date and the morning after, in the city's time (Asia/
Shanghai): the leader checks in from 17:00 on the date to 09:00 the next morning, once,
and checks out (optional) after checking in, until 12:00 the next day. A night planned on
the roster that nobody checked in by the end of its window is *missed*: computed from the
time, never written by a scheduled job, so it is right whenever it is read."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import pgettext_lazy

from onething.core.transitions import STAY, Lifecycle, Transition

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS = dt.time(17, 0)  # the evening of the date
CLOSES = dt.time(9, 0)  # the morning after
CHECK_OUT_UNTIL = dt.time(12, 0)  # the day after

# stored states; "missed" is computed (a planned night whose window has passed)
PLANNED, KEPT, MISSED = "planned", "kept", "missed"
NIGHT_STATUSES = (PLANNED, KEPT)
NIGHT_STATES = (PLANNED, KEPT, MISSED)
NIGHT_STATE_LABELS = {
    PLANNED: pgettext_lazy("duty night", "Planned"),
    KEPT: pgettext_lazy("duty night", "Kept"),
    MISSED: pgettext_lazy("duty night", "Missed"),
}
CHECK_IN, CHECK_OUT = "check_in", "check_out"
NIGHT_ACTION_LABELS = {
    CHECK_IN: pgettext_lazy("duty night", "check in"),
    CHECK_OUT: pgettext_lazy("duty night", "check out"),
}

NIGHT_LIFECYCLE = Lifecycle(
    table={
        CHECK_IN: Transition({PLANNED}, KEPT),
        CHECK_OUT: Transition({KEPT}, STAY),
    },
    status_refused=pgettext_lazy(
        "duty night",
        "You cannot %(action)s: the night is “%(status)s”, only a night that is "
        "“%(allowed)s” allows it.",
    ),
    unknown_refused=pgettext_lazy("duty night", "A duty night has no such move."),
    action_label=lambda a: NIGHT_ACTION_LABELS.get(a, a),
    status_label=lambda s: NIGHT_STATE_LABELS.get(s, s),
)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(SHANGHAI)


def window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The check-in window of the night of ``day``: [17:00 on it, 09:00 the day after)."""
    return (
        dt.datetime.combine(day, OPENS, SHANGHAI),
        dt.datetime.combine(day + dt.timedelta(days=1), CLOSES, SHANGHAI),
    )


def check_out_deadline(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), CHECK_OUT_UNTIL, SHANGHAI)


def duty_date(moment: dt.datetime) -> dt.date | None:
    """The night a moment belongs to: its date from 17:00, the day before until 09:00;
    None in the day (no night is on)."""
    at = local(moment)
    if at.time() >= OPENS:
        return at.date()
    if at.time() < CLOSES:
        return at.date() - dt.timedelta(days=1)
    return None


def tonight(moment: dt.datetime) -> dt.date:
    """The night the leader's home shows: the one on now, else this evening's."""
    return duty_date(moment) or local(moment).date()


def state(status: str, day: dt.date, now: dt.datetime) -> str:
    """The state a night is in at ``now``: kept once checked in; a planned night whose
    window has closed is missed; else planned."""
    if status == KEPT:
        return KEPT
    return MISSED if now >= window(day)[1] else PLANNED


def check_in_refusal(day: dt.date, now: dt.datetime) -> str | None:
    """Why a night cannot be checked in at ``now`` (None: it can): ``too_early`` before its
    evening, ``too_late`` after its morning."""
    opens, closes = window(day)
    if now < opens:
        return "too_early"
    if now >= closes:
        return "too_late"
    return None


def check_out_refusal(day: dt.date, checked_in: dt.datetime | None, now: dt.datetime) -> str | None:
    """Why a night cannot be checked out at ``now`` (None: it can)."""
    if checked_in is None:
        return "not_checked_in"
    if now < checked_in:
        return "before_check_in"
    if now >= check_out_deadline(day):
        return "too_late"
    return None


def last_closed_date(now: dt.datetime) -> dt.date:
    """The latest night whose window has closed by ``now`` (its morning has passed): the
    nights up to it that were planned and not kept are missed."""
    at = local(now)
    yesterday = at.date() - dt.timedelta(days=1)
    return yesterday if at.time() >= CLOSES else yesterday - dt.timedelta(days=1)
