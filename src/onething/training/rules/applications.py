"""An application's (报名) lifecycle and the checks of what a student types, pure.

submitted → screened (初筛通过) or rejected → interviewed (one score per interviewer) →
offered (selected within capacity) or waiting (候补) → accepted / declined / expired; the
waiting list moves up when a place is freed; closing it leaves the rest not selected. The
student may withdraw before accepting. The selection's arithmetic is in :mod:`.selection`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.problems import text_problem
from onething.core.transitions import Lifecycle, Transition

from .statuses import (
    ACCEPTED,
    APPLICATION_STATUS_LABELS,
    DECLINED,
    DEGREE_LABELS,
    DEGREES,
    EXPIRED,
    INTERVIEWED,
    NOT_SELECTED,
    OFFERED,
    OPEN,
    REJECTED,
    SCREENED,
    STAFF,
    STUDENT,
    SUBMITTED,
    WAITING,
    WITHDRAWN,
    labeller,
)

SUBMIT, SCREEN, REJECT, INTERVIEW = "submit", "screen", "reject", "interview"
OFFER, WAIT, CLOSE = "offer", "wait", "close"
ACCEPT, DECLINE, EXPIRE, WITHDRAW = "accept", "decline", "expire", "withdraw"

ACTION_LABELS = {
    SUBMIT: pgettext_lazy("training application", "submit the application"),
    SCREEN: pgettext_lazy("training application", "pass the screening"),
    REJECT: pgettext_lazy("training application", "reject at screening"),
    INTERVIEW: pgettext_lazy("training application", "record an interview score"),
    OFFER: pgettext_lazy("training application", "offer a place"),
    WAIT: pgettext_lazy("training application", "put on the waiting list"),
    CLOSE: pgettext_lazy("training application", "close the waiting list"),
    ACCEPT: pgettext_lazy("training application", "accept the offer"),
    DECLINE: pgettext_lazy("training application", "decline the offer"),
    EXPIRE: pgettext_lazy("training application", "let the offer expire"),
    WITHDRAW: pgettext_lazy("training application", "withdraw the application"),
}


action_label = labeller(ACTION_LABELS)
status_label = labeller(APPLICATION_STATUS_LABELS)


APPLICATION_LIFECYCLE = Lifecycle(
    table={
        SCREEN: Transition({SUBMITTED}, SCREENED, {STAFF}),
        REJECT: Transition({SUBMITTED}, REJECTED, {STAFF}),
        INTERVIEW: Transition({SCREENED, INTERVIEWED}, INTERVIEWED, {STAFF}),
        OFFER: Transition({INTERVIEWED, WAITING}, OFFERED, {STAFF}),
        WAIT: Transition({INTERVIEWED, WAITING}, WAITING, {STAFF}),
        CLOSE: Transition({INTERVIEWED, WAITING}, NOT_SELECTED, {STAFF}),
        ACCEPT: Transition({OFFERED}, ACCEPTED, {STUDENT}),
        DECLINE: Transition({OFFERED}, DECLINED, {STUDENT}),
        EXPIRE: Transition({OFFERED}, EXPIRED, {STAFF}),
        WITHDRAW: Transition(
            {SUBMITTED, SCREENED, INTERVIEWED, WAITING, OFFERED}, WITHDRAWN, {STUDENT}
        ),
    },
    status_refused=gettext_lazy(
        "You cannot %(action)s of an application that is “%(status)s”, only of one that is "
        "“%(allowed)s”."
    ),
    final_refused=gettext_lazy(
        "The application is “%(status)s” already: it cannot %(action)s any more."
    ),
    unknown_refused=gettext_lazy("An application has no such move."),
    role_refused=gettext_lazy("Your role may not %(action)s."),
    action_label=action_label,
    status_label=status_label,
)

# the moves a page offers as panels on an application (selection and expiry are the
# cohort's: its selection page and the scheduled job)
STAFF_MOVES = (SCREEN, REJECT, INTERVIEW)
STUDENT_MOVES = (ACCEPT, DECLINE, WITHDRAW)
# the moves that free a place the waiting list moves up into
FREES_A_PLACE = (DECLINE, EXPIRE, WITHDRAW)


# ---------------------------------------------------------------------- numbers


def application_number(year: int, sequence: int) -> str:
    """``SX`` + the year + 6 digits: SX2025000123."""
    return f"SX{year}{sequence:06d}"


NUMBER_PATTERN = r"SX\d{10}"


# ---------------------------------------------------------------------- the window


def applications_open(
    status: str, opens_at: dt.datetime, closes_at: dt.datetime, now: dt.datetime
) -> bool:
    """A cohort takes applications while it is open and ``now`` is within its window
    (from the opening, before the closing)."""
    return status == OPEN and opens_at <= now < closes_at


# ---------------------------------------------------------------------- what is typed

MAJOR_MAX = 60
STATEMENT_MAX = 2000
YEARS_AHEAD = 8  # a doctorate's graduation, at most this long after the cohort's year


def graduation_year_problem(value, cohort_year: int) -> tuple[int | None, FieldProblem | None]:
    """The year a student graduates: a whole number from the cohort's year (a student
    still studying) to ``YEARS_AHEAD`` years after it."""
    if value in (None, ""):
        return None, FieldProblem("graduation_year", "required", _("Enter the year you graduate."))
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None, FieldProblem(
            "graduation_year", "type", _("A year of four digits is expected, e.g. 2026.")
        )
    last = cohort_year + YEARS_AHEAD
    if not cohort_year <= year <= last:
        return None, FieldProblem(
            "graduation_year",
            "range",
            _("The class is for students still studying: a graduation year from %(a)s to %(b)s.")
            % {"a": cohort_year, "b": last},
        )
    return year, None


def application_problems(
    *,
    major: str,
    degree: str,
    graduation_year,
    first_track: str,
    second_track: str,
    statement: str,
    track_codes: Collection[str],
    cohort_year: int,
) -> list[FieldProblem]:
    """Every problem of what a student typed at once (the university and the files are
    the service's: they need the database and the uploads)."""
    problems = [
        text_problem("major", major, MAJOR_MAX, required=_("Enter your major.")),
        text_problem("statement", statement, STATEMENT_MAX),
    ]
    if degree not in DEGREES:
        problems.append(
            FieldProblem(
                "degree",
                "choice",
                _("Choose one of: %(c)s.")
                % {"c": "、".join(str(DEGREE_LABELS[d]) for d in DEGREES)},
            )
        )
    problems.append(graduation_year_problem(graduation_year, cohort_year)[1])
    first, second = (first_track or "").strip(), (second_track or "").strip()
    if not first:
        problems.append(
            FieldProblem("first_track", "required", _("Choose the track you want most."))
        )
    elif first not in track_codes:
        problems.append(
            FieldProblem("first_track", "choice", _("Choose one of the cohort's tracks."))
        )
    if second and second not in track_codes:
        problems.append(
            FieldProblem("second_track", "choice", _("Choose one of the cohort's tracks."))
        )
    elif second and second == first:
        problems.append(
            FieldProblem(
                "second_track",
                "same_track",
                _("The second choice is another track than the first."),
            )
        )
    return [p for p in problems if p is not None]
