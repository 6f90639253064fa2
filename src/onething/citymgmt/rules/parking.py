"""错时共享车位, pure: user groups, the days a window runs on, registrations (their
lifecycle), gate events, the checks of a car park's windows, what a stay costs and when it
is an overstay. When a car park is whose (school days, windows at a moment, the group a
car is counted under): ``parking_plan``; plates: ``plates``."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import Lifecycle, Transition

PARENT, RESIDENT, PUBLIC = "parent", "resident", "public"
GROUPS = (PARENT, RESIDENT, PUBLIC)
GROUP_LABELS = {
    PARENT: pgettext_lazy("parking group", "Parents"),  # 接送家长
    RESIDENT: pgettext_lazy("parking group", "Nearby residents"),  # 周边老旧小区居民
    PUBLIC: pgettext_lazy("parking group", "Public"),  # 社会车辆
}

# the days a window runs on
SCHOOL_DAYS, NON_SCHOOL_DAYS, EVERY_DAY = "school_days", "non_school_days", "every_day"
DAY_KINDS = (SCHOOL_DAYS, NON_SCHOOL_DAYS, EVERY_DAY)
DAY_KIND_LABELS = {
    SCHOOL_DAYS: pgettext_lazy("parking days", "School days"),
    NON_SCHOOL_DAYS: pgettext_lazy("parking days", "Days without school"),
    EVERY_DAY: pgettext_lazy("parking days", "Every day"),
}

# a plate's registration for a group
PENDING, APPROVED, REFUSED, REVOKED = "pending", "approved", "refused", "revoked"
REGISTRATION_STATUSES = (PENDING, APPROVED, REFUSED, REVOKED)
REGISTRATION_STATUS_LABELS = {
    PENDING: pgettext_lazy("plate registration", "Waiting for review"),
    APPROVED: pgettext_lazy("plate registration", "Approved"),
    REFUSED: pgettext_lazy("plate registration", "Refused"),
    REVOKED: pgettext_lazy("plate registration", "Revoked"),
}

ENTRY, EXIT = "entry", "exit"
EVENT_KINDS = (ENTRY, EXIT)
EVENT_KIND_LABELS = {
    ENTRY: pgettext_lazy("parking event", "Entry"),
    EXIT: pgettext_lazy("parking event", "Exit"),
}


# ---------------------------------------------------------------- a registration's lifecycle

REGISTRATION_ACTION_LABELS = {
    "approve": pgettext_lazy("plate registration", "approve"),
    "refuse": pgettext_lazy("plate registration", "refuse"),
    "revoke": pgettext_lazy("plate registration", "revoke"),
}
LIVE_STATUSES = (PENDING, APPROVED)  # one of these per plate and group at a time

REGISTRATION_LIFECYCLE = Lifecycle(
    table={
        "approve": Transition({PENDING}, APPROVED),
        "refuse": Transition({PENDING}, REFUSED),
        "revoke": Transition({PENDING, APPROVED}, REVOKED),
    },
    status_refused=gettext_lazy(
        "A registration that is “%(status)s” cannot be %(after)s: only one that is "
        "“%(allowed)s” can."
    ),
    action_label=lambda a: REGISTRATION_ACTION_LABELS.get(a, a),
    status_label=lambda s: REGISTRATION_STATUS_LABELS.get(s, s),
)

REGISTERED_GROUPS = (PARENT, RESIDENT)  # the groups a plate is registered for
MAX_VALIDITY_DAYS = 3 * 366


# ---------------------------------------------------------------- a stay


def stay_minutes(entered_at: dt.datetime, exited_at: dt.datetime) -> int:
    """Whole minutes parked (0 for an exit seen before its entry)."""
    return max(0, int((exited_at - entered_at).total_seconds() // 60))


def stay_fee_fen(entered_at: dt.datetime, exited_at: dt.datetime, fee_fen_per_hour: int) -> int:
    """The fee of a stay: every hour started at ``fee_fen_per_hour`` (a free window: 0)."""
    seconds = max(0.0, (exited_at - entered_at).total_seconds())
    return math.ceil(seconds / 3600) * max(0, fee_fen_per_hour)


def overstay_from(allowed_until: dt.datetime | None, grace_minutes: int) -> dt.datetime | None:
    """From when a stay allowed until ``allowed_until`` is an overstay (None: never)."""
    if allowed_until is None:
        return None
    return allowed_until + dt.timedelta(minutes=grace_minutes)


def is_overstay(allowed_until: dt.datetime | None, grace_minutes: int, at: dt.datetime) -> bool:
    """Whether a car still in at ``at`` has overstayed: past ``allowed_until`` + grace."""
    start = overstay_from(allowed_until, grace_minutes)
    return start is not None and at > start


# ---------------------------------------------------------------- a car park's windows

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::00)?$")
MAX_WINDOWS = 24
MAX_FEE_FEN_PER_HOUR = 100_000


def parse_time(value: Any) -> dt.time | None:
    """``07:00`` / ``7:00`` / a time → a time of day; None for anything else."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str):
        return None
    found = _TIME.match(value.strip())
    return dt.time(int(found[1]), int(found[2])) if found else None


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _length(starts: dt.time, ends: dt.time) -> int:
    a, b = _minutes(starts), _minutes(ends)
    return b - a if b > a else b - a + 1440


def _share_days(a: str, b: str) -> bool:
    return a == b or EVERY_DAY in (a, b)


def windows_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two windows (``days``, ``starts``, ``ends``) can run at the same moment: on
    a day they both run on, or one running past midnight into a day the other runs on
    (any two kinds of day can follow each other)."""
    a0, b0 = _minutes(a["starts"]), _minutes(b["starts"])
    a1, b1 = a0 + _length(a["starts"], a["ends"]), b0 + _length(b["starts"], b["ends"])
    shifts = [-1440, 1440] + ([0] if _share_days(a["days"], b["days"]) else [])
    return any(max(a0, b0 + s) < min(a1, b1 + s) for s in shifts)


def window_problems(
    windows: Sequence[Mapping[str, Any]], field: str = "windows"
) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
    """The windows as given (``name``, ``group``, ``days``, ``starts``, ``ends``,
    ``fee_fen_per_hour``), cleaned, and every problem (``windows.<i>.<field>``): times that
    do not parse, a group or days not among the choices, a name twice, and two windows of
    the same group that can run at the same moment."""
    cleaned: list[dict[str, Any]] = []
    problems: list[FieldProblem] = []
    if len(windows) > MAX_WINDOWS:
        problems.append(
            FieldProblem(field, "max_items", _("At most %(n)s windows.") % {"n": MAX_WINDOWS})
        )
        return [], problems
    names: set[str] = set()
    for i, raw in enumerate(windows):
        at = f"{field}.{i}."
        mine: list[FieldProblem] = []
        name = str(raw.get("name") or "").strip()
        if not name:
            mine.append(FieldProblem(f"{at}name", "required", _("Name the window.")))
        elif len(name) > 40:
            mine.append(
                FieldProblem(f"{at}name", "max_length", _("At most %(n)s characters.") % {"n": 40})
            )
        elif name in names:
            mine.append(
                FieldProblem(
                    f"{at}name", "unique", _("Two windows are named “%(n)s”.") % {"n": name}
                )
            )
        names.add(name)
        group = raw.get("group")
        if group not in GROUPS:
            mine.append(
                FieldProblem(
                    f"{at}group", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(GROUPS)}
                )
            )
        days = raw.get("days")
        if days not in DAY_KINDS:
            mine.append(
                FieldProblem(
                    f"{at}days", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(DAY_KINDS)}
                )
            )
        times = {}
        for part in ("starts", "ends"):
            times[part] = parse_time(raw.get(part))
            if times[part] is None:
                mine.append(
                    FieldProblem(
                        f"{at}{part}", "format", _("A time of day is written HH:MM (07:30).")
                    )
                )
        fee = raw.get("fee_fen_per_hour", 0)
        if (
            isinstance(fee, bool)
            or not isinstance(fee, int)
            or not 0 <= fee <= MAX_FEE_FEN_PER_HOUR
        ):
            mine.append(
                FieldProblem(
                    f"{at}fee_fen_per_hour",
                    "range",
                    _("A fee per hour is a whole number of fen from 0 to %(n)s.")
                    % {"n": MAX_FEE_FEN_PER_HOUR},
                )
            )
        problems += mine
        if not mine:
            window = {"name": name, "group": group, "days": days, "fee_fen_per_hour": fee, **times}
            for other in cleaned:
                if other["group"] == group and windows_overlap(other, window):
                    problems.append(
                        FieldProblem(
                            f"{at}starts",
                            "overlap",
                            _(
                                "“%(a)s” and “%(b)s” are both for %(g)s and can run at the "
                                "same time."
                            )
                            % {"a": other["name"], "b": name, "g": GROUP_LABELS[group]},
                        )
                    )
                    break
            window["index"] = i
            cleaned.append(window)
    return cleaned, problems


def validity_problem(valid_until: dt.date | None, today: dt.date) -> FieldProblem | None:
    """An approval's end: after today, and at most about three years ahead (None: no end)."""
    if valid_until is None:
        return None
    if valid_until < today:
        return FieldProblem("valid_until", "past", _("The end of validity is in the past."))
    if (valid_until - today).days > MAX_VALIDITY_DAYS:
        return FieldProblem(
            "valid_until", "too_far", _("An approval is valid for at most three years.")
        )
    return None


def time_text(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def window_hours(starts: dt.time, ends: dt.time) -> str:
    """07:00–08:30; 19:00–次日07:00 for a window running past midnight; 全天 for one that
    runs the whole day."""
    if ends == starts:
        return _("all day")
    if ends < starts:
        return _("%(a)s–next day %(b)s") % {"a": time_text(starts), "b": time_text(ends)}
    return f"{time_text(starts)}–{time_text(ends)}"
