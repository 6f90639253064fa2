"""Placements (输送), pure (no database): a company's opening (岗位) open → closed; a
student's job application applied → interviewing → offered → hired (the student accepts:
a placement is made), or rejected by the company, declined or withdrawn by the student —
one lifecycle each, with two sides of their own (``company``: the partner company's staff
or the institute's; ``student``: the applicant); the checks of what is typed (every problem
at once); the one rule of placements: one active placement per student at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.problems import text_problem
from onething.core.transitions import STAY, Lifecycle, Transition

from .common import date_problem, is_date
from .statuses import (
    APPLIED,
    COMPLETED,
    ENROLLED,
    HIRED,
    INTERVIEWING,
    JOB_DECLINED,
    JOB_OFFERED,
    JOB_REJECTED,
    JOB_STATUS_LABELS,
    JOB_WITHDRAWN,
    OPENING_CLOSED,
    OPENING_OPEN,
    OPENING_STATUS_LABELS,
    PLACEMENT_ACTIVE,
    PLACEMENT_ENDED,
    PLACEMENT_STATE_LABELS,
    labeller,
)

# the two sides of a job application (the roles of its lifecycle)
COMPANY, STUDENT = "company", "student"

# -- a job application's moves
INTERVIEW, OFFER, REJECT = "interview", "offer", "reject"
HIRE, DECLINE, WITHDRAW = "hire", "decline", "withdraw"
JOB_ACTIONS = (INTERVIEW, OFFER, REJECT, HIRE, DECLINE, WITHDRAW)
JOB_ACTION_LABELS = {
    INTERVIEW: pgettext_lazy("job application action", "schedule an interview"),
    OFFER: pgettext_lazy("job application action", "make an offer"),
    REJECT: pgettext_lazy("job application action", "turn down"),
    HIRE: pgettext_lazy("job application action", "accept the offer"),
    DECLINE: pgettext_lazy("job application action", "decline the offer"),
    WITHDRAW: pgettext_lazy("job application action", "withdraw"),
}

JOB_LIFECYCLE = Lifecycle(
    table={
        # an interview may be scheduled again (moved) while interviewing
        INTERVIEW: Transition({APPLIED, INTERVIEWING}, INTERVIEWING, {COMPANY}),
        OFFER: Transition({APPLIED, INTERVIEWING}, JOB_OFFERED, {COMPANY}),
        REJECT: Transition({APPLIED, INTERVIEWING}, JOB_REJECTED, {COMPANY}),
        HIRE: Transition({JOB_OFFERED}, HIRED, {STUDENT}),
        DECLINE: Transition({JOB_OFFERED}, JOB_DECLINED, {STUDENT}),
        WITHDRAW: Transition({APPLIED, INTERVIEWING}, JOB_WITHDRAWN, {STUDENT}),
    },
    status_refused=gettext_lazy(
        "A job application that is “%(status)s” cannot be moved to “%(action)s”: only one "
        "that is “%(allowed)s” can."
    ),
    final_refused=gettext_lazy(
        "This job application is “%(status)s” and final: it cannot be moved to “%(action)s”."
    ),
    unknown_refused=gettext_lazy("A job application has no such move."),
    role_refused=gettext_lazy("This step is not yours to take: %(action)s."),
    action_label=labeller(JOB_ACTION_LABELS),
    status_label=labeller(JOB_STATUS_LABELS),
)
# the moves each side makes, in the order the pages show them
COMPANY_MOVES = (INTERVIEW, OFFER, REJECT)
STUDENT_MOVES = (HIRE, DECLINE, WITHDRAW)
# the states in which an application is still being decided
JOB_PENDING = (APPLIED, INTERVIEWING, JOB_OFFERED)

# -- an opening's moves
EDIT, CLOSE = "edit", "close"
OPENING_ACTION_LABELS = {
    EDIT: pgettext_lazy("opening action", "edit"),
    CLOSE: pgettext_lazy("opening action", "close"),
}
OPENING_LIFECYCLE = Lifecycle(
    table={
        EDIT: Transition({OPENING_OPEN}, STAY),
        CLOSE: Transition({OPENING_OPEN}, OPENING_CLOSED),
    },
    status_refused=gettext_lazy("An opening that is “%(status)s” cannot be changed: %(action)s."),
    final_refused=gettext_lazy(
        "This opening is closed: it can no longer be changed, and takes no applications."
    ),
    unknown_refused=gettext_lazy("An opening has no such move."),
    action_label=labeller(OPENING_ACTION_LABELS),
    status_label=labeller(OPENING_STATUS_LABELS),
)

# -- a placement's move: it ends (once; the student may then be placed again)
END = "end"
PLACEMENT_ACTION_LABELS = {END: pgettext_lazy("placement action", "end")}
PLACEMENT_LIFECYCLE = Lifecycle(
    table={END: Transition({PLACEMENT_ACTIVE}, PLACEMENT_ENDED)},
    status_refused=gettext_lazy("A placement that is “%(status)s” cannot %(action)s."),
    final_refused=gettext_lazy("This placement has ended already."),
    unknown_refused=gettext_lazy("A placement has no such move."),
    action_label=labeller(PLACEMENT_ACTION_LABELS),
    status_label=labeller(PLACEMENT_STATE_LABELS),
)


def placement_state(ended_on: dt.date | None) -> str:
    """A placement's state: active until the day it ended is recorded."""
    return PLACEMENT_ACTIVE if ended_on is None else PLACEMENT_ENDED


# -- who may apply: a student in a class or who completed one
STUDENT_ENROLMENTS = (ENROLLED, COMPLETED)

# -- the inputs' limits
TITLE_MAX = 80
CITY_MAX = 30
DESCRIPTION_MAX = 2000
POSITION_MAX = 80
POSITIONS_MAX = 999
AHEAD_DAYS = 366  # how far ahead an opening, an interview or a start may be


def accepting(status: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> bool:
    """Whether an opening takes applications on ``today``: open, and between the day it
    opens and the day it closes (both included)."""
    return status == OPENING_OPEN and opens_on <= today <= closes_on


def positions_problem(value: Any, hired: int = 0) -> FieldProblem | None:
    """The number of positions: a whole number from 1 to 999, never below the students
    hired through the opening already."""
    if value is None or value == "":
        return FieldProblem("positions", "required", _("Say how many positions there are."))
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldProblem("positions", "type", _("A whole number is expected."))
    if not 1 <= value <= POSITIONS_MAX:
        return FieldProblem(
            "positions", "range", _("From 1 to %(n)s positions.") % {"n": POSITIONS_MAX}
        )
    if value < hired:
        return FieldProblem(
            "positions",
            "below_hired",
            _("%(n)s students were placed through this opening already: not fewer positions.")
            % {"n": hired},
        )
    return None


def opening_problems(
    *,
    title: Any,
    city: Any,
    positions: Any,
    description: Any,
    opens_on: Any,
    closes_on: Any,
    today: dt.date,
    hired: int = 0,
) -> list[FieldProblem]:
    """Every problem of an opening's inputs at once: a title and a city, 1–999 positions
    (not fewer than hired already), a description of at most 2,000 characters, the day it
    opens (at most a year ahead) and the day it closes (not before it opens, nor before
    today: an opening that closed already would never be seen)."""
    problems = [
        text_problem("title", title, TITLE_MAX, required=True),
        text_problem("city", city, CITY_MAX, required=True),
        positions_problem(positions, hired),
        text_problem("description", description, DESCRIPTION_MAX),
        date_problem("opens_on", opens_on, required=False),
        date_problem("closes_on", closes_on),
    ]
    opens = opens_on if is_date(opens_on) else None
    closes = closes_on if is_date(closes_on) else None
    if opens is not None and opens > today + dt.timedelta(days=AHEAD_DAYS):
        problems.append(
            FieldProblem("opens_on", "too_late", _("At most a year ahead.")),
        )
    if closes is not None:
        if opens is not None and closes < opens:
            problems.append(
                FieldProblem("closes_on", "before_opening", _("Not before the day it opens."))
            )
        elif closes < today:
            problems.append(
                FieldProblem(
                    "closes_on",
                    "past",
                    _("Not a day gone by: the opening would never take an application."),
                )
            )
    return [p for p in problems if p is not None]


def interview_problem(at: Any, now: dt.datetime) -> FieldProblem | None:
    """An interview's time: given with its offset (an aware time), to come, within a year."""
    if at is None or at == "":
        return FieldProblem("at", "required", _("Give the interview's day and time."))
    if not isinstance(at, dt.datetime):
        return FieldProblem("at", "type", _("A date and time is expected."))
    if at.tzinfo is None or at.utcoffset() is None:
        return FieldProblem(
            "at",
            "naive",
            _("Give the time with its offset, e.g. 2025-07-01T10:00:00+08:00."),
        )
    if at <= now:
        return FieldProblem("at", "past", _("An interview is scheduled for a time to come."))
    if at > now + dt.timedelta(days=AHEAD_DAYS):
        return FieldProblem("at", "too_late", _("At most a year ahead."))
    return None


def start_problem(
    field: str, value: Any, *, earliest: dt.date | None, today: dt.date
) -> FieldProblem | None:
    """The day a placement starts: not before ``earliest`` (the class's first day), at
    most a year ahead."""
    found = date_problem(field, value, required=False)
    if found is not None or value is None:
        return found
    if earliest is not None and value < earliest:
        return FieldProblem(
            field,
            "too_early",
            _("Not before the class began (%(day)s).") % {"day": earliest.isoformat()},
        )
    if value > today + dt.timedelta(days=AHEAD_DAYS):
        return FieldProblem(field, "too_late", _("At most a year ahead."))
    return None


def end_problem(value: Any, *, started_on: dt.date, today: dt.date) -> FieldProblem | None:
    """The day a placement ended: given, not before it started, not a day to come."""
    found = date_problem("ended_on", value)
    if found is not None:
        return found
    if value < started_on:
        return FieldProblem(
            "ended_on",
            "before_start",
            _("Not before the placement started (%(day)s).") % {"day": started_on.isoformat()},
        )
    if value > today:
        return FieldProblem("ended_on", "future", _("A date that has not come yet."))
    return None


def one_active_refusal(name: str, company: str, since: dt.date | None) -> str:
    """The words of the one rule: a student has one active placement at a time."""
    if since is None:
        return _(
            "%(name)s is placed already: a student has one active placement at a time. "
            "End that placement first."
        ) % {"name": name}
    return _(
        "%(name)s is placed with %(company)s since %(day)s: a student has one active "
        "placement at a time. End that placement first."
    ) % {"name": name, "company": company, "day": since.isoformat()}
