"""Cross-region rules, pure (no database): who may use an alliance for what on a given day,
the hand-off lifecycle, start times and the full-year projection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import Lifecycle, Transition

from ..models import HandoffStatus, Mode

MODES = ("online", "proxy", "joint", "collaborative")
WINDOW_MODES = ("proxy", "joint", "collaborative")  # the modes a window takes a walk-in in


@dataclass(frozen=True)
class Membership:
    region_code: str
    joined_on: dt.date
    left_on: dt.date | None = None

    def on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


@dataclass(frozen=True)
class Listing:
    item_code: str
    modes: frozenset[str]
    added_on: dt.date
    removed_on: dt.date | None = None

    def on(self, day: dt.date) -> bool:
        return self.added_on <= day and (self.removed_on is None or day < self.removed_on)


@dataclass(frozen=True)
class AllianceState:
    code: str
    name: str
    members: tuple[Membership, ...] = ()
    listings: tuple[Listing, ...] = field(default_factory=tuple)

    def member_on(self, region_code: str, day: dt.date) -> bool:
        return any(m.region_code == region_code and m.on(day) for m in self.members)

    def towns_on(self, day: dt.date) -> list[str]:
        return sorted({m.region_code for m in self.members if m.on(day)})

    def modes_on(self, item_code: str, day: dt.date) -> frozenset[str] | None:
        """The modes allowed for the item that day, or None if it is not on the list."""
        found = [
            entry.modes for entry in self.listings if entry.item_code == item_code and entry.on(day)
        ]
        return frozenset().union(*found) if found else None


def use_problems(
    state: AllianceState,
    *,
    item_code: str,
    item_name: str,
    mode: str,
    receiving: tuple[str, str],
    handling: tuple[str, str],
    day: dt.date,
    other_field: str = "handling_region_code",
) -> list[FieldProblem]:
    """Why a case may not use the alliance (empty when it may): the item must be on the
    list that day with the mode allowed, and both towns members that day. ``receiving``
    and ``handling`` are (code, name); for 高效协同 ``handling`` is the partner town whose
    departments check the data (the case is decided where it is received), named
    ``other_field`` in the problems."""
    problems = []
    if mode not in MODES:
        return [FieldProblem("mode", "choice", mode_choice_message())]
    if receiving[0] == handling[0]:
        problems.append(
            FieldProblem(
                other_field,
                "same_town",
                _("The partner town is the receiving town: this is not a cross-region case.")
                if mode == "collaborative"
                else _("The handling town is the receiving town: this is not a cross-region case."),
            )
        )
    for field_name, (code, name) in (
        ("receiving_region_code", receiving),
        (other_field, handling),
    ):
        if not state.member_on(code, day):
            problems.append(
                FieldProblem(
                    field_name,
                    "not_member",
                    _("%(town)s was not a member of %(alliance)s on %(day)s.")
                    % {"town": name, "alliance": state.name, "day": day.isoformat()},
                )
            )
    modes = state.modes_on(item_code, day)
    if modes is None:
        problems.append(
            FieldProblem(
                "item_code",
                "not_listed",
                _("%(item)s was not on the list of %(alliance)s on %(day)s.")
                % {"item": item_name, "alliance": state.name, "day": day.isoformat()},
            )
        )
    elif mode not in modes:
        problems.append(
            FieldProblem(
                "mode",
                "mode_not_allowed",
                _("%(item)s may be handled across towns only as: %(modes)s.")
                % {"item": item_name, "modes": "、".join(mode_label(m) for m in sorted(modes))},
            )
        )
    return problems


def mode_label(mode: str) -> str:
    """A mode as people read it: the seed's term (in Chinese) of its routing."""
    return str(Mode(mode).label) if mode in Mode.values else mode


def mode_choice_message() -> str:
    return _("The mode is online, proxy, joint or collaborative.")


# --- hand-offs ----------------------------------------------------------------------------


def _handoff_label(status: str) -> str:
    return HandoffStatus(status).label if status in HandoffStatus.values else status


# Who may act (the receiving window sends, the handling department receives) is the
# services' check.
HANDOFF_LIFECYCLE = Lifecycle(
    table={
        "send": Transition({"prepared"}, "sent"),
        "receive": Transition({"sent"}, "received"),
        "report_missing": Transition({"sent"}, "missing"),
        "report_damaged": Transition({"sent"}, "damaged"),
    },
    status_refused=gettext_lazy("A hand-off that is %(status)s cannot be changed this way."),
    status_label=_handoff_label,
)
HANDOFF_TRANSITIONS = HANDOFF_LIFECYCLE.table


def handoff_next(status: str, action: str) -> str:
    """The hand-off's next status, or InvalidTransition (409) if ``action`` is not allowed
    from ``status``."""
    return HANDOFF_LIFECYCLE.target(status, action)


# --- a forwarded case, as the receiving window sees it ---------------------------------

# stage: (what the window is to do now: True, or waiting for the other town: False)
FORWARDED_STAGES = {
    "prepare": True,  # the paper originals are to be packed for the post
    "post": True,  # packed: to be posted, with the tracking number
    "resend": True,  # reported missing or damaged: to be prepared again
    "in_transit": False,  # posted: the handling department takes them in
    "forwarded": False,  # 已转交: the handling town accepts (or declines) it
    "handling": False,  # accepted: the handling town concludes it
    "correction": False,  # the applicant corrects (here or online)
    "hand_over": True,  # the result came back: hand it over at this window, or post it
    "closed": False,
}


def forwarded_stage(
    *,
    case_status: str,
    outcome: str,
    delivery: str,
    handed_over: bool,
    needs_originals: bool,
    handoff_status: str | None,
) -> str:
    """Where a case this window took in for another town stands, for this window: the
    originals first (while the case is open), then the handling town's steps, then the
    result back at this window. ``handoff_status`` is the latest hand-off's, or None."""
    open_case = case_status in ("submitted", "accepted", "correction_requested")
    if open_case and needs_originals and handoff_status != "received":
        if handoff_status is None:
            return "prepare"
        if handoff_status == "prepared":
            return "post"
        if handoff_status == "sent":
            return "in_transit"
        return "resend"
    if case_status == "submitted":
        return "forwarded"
    if case_status == "accepted":
        return "handling"
    if case_status == "correction_requested":
        return "correction"
    if (
        case_status == "concluded"
        and outcome == "approved"
        and delivery in ("window", "post")
        and not handed_over
    ):
        return "hand_over"
    return "closed"


# --- start time ---------------------------------------------------------------------------

START_LIMIT_MINUTES = 10


def start_minutes(arrived_at: dt.datetime, accepted_at: dt.datetime) -> float:
    """Minutes from the walk-in's arrival to the acceptance of the case."""
    return max(0.0, (accepted_at - arrived_at).total_seconds() / 60)


# --- projection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    year: int
    as_of: dt.date
    so_far: int
    projected: int | None
    method: str  # "seasonal" (last year's share by this day) or "linear" (days elapsed)
    share: float | None


def project_year(
    year: int, as_of: dt.date, so_far: int, last_year_by_now: int, last_year_total: int
) -> Projection:
    """The full-year figure projected from the cases so far.

    Seasonal: so far ÷ (the share of last year's cases that had come in by the same day of
    the year) — last year tells how the year is spread (fewer cases around the Spring
    Festival, more in the second half). Without a usable last year: linear, so far ÷ the
    share of the year's days elapsed."""
    if as_of.year != year:
        if as_of.year > year:
            return Projection(year, as_of, so_far, so_far, "complete", 1.0)
        return Projection(year, as_of, so_far, None, "not_started", None)
    if last_year_total > 0 and last_year_by_now > 0:
        share = last_year_by_now / last_year_total
        return Projection(year, as_of, so_far, round(so_far / share), "seasonal", share)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    share = ((as_of - start).days + 1) / days
    return Projection(year, as_of, so_far, round(so_far / share), "linear", share)
