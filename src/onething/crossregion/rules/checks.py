"""高效协同 data checks, pure (no database): the check's lifecycle, what a request and an
answer must say, when a collaborative case may be concluded, and the time to answer.

The decision on a collaborative case stays with the deciding department of the town
that received it; the partner town's departments only check the data they hold. So:

- an approval waits for every check's answer (``checks_open``) and is refused while a
  check stands answered with a mismatch (``check_mismatch``): the department denies the
  case, or asks for a correction and asks the check again (the earlier one is then
  superseded). A check the partner *cannot verify* (no record there) does not block: the
  department decides on the materials, as it would without the partner;
- a denial waits for nothing: the department may deny on its own grounds (the premises
  fail, say) at any time; the checks still open are then withdrawn, so that the partner's
  queue holds no work for a case already decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import Lifecycle, Transition
from onething.core.workdays import DueDate, OfficialCalendar, add_working_days, working_days_between

from ..models import CheckResult, CheckStatus

QUESTIONS_MAX = 10  # what one check asks, at most
QUESTION_MAX_LENGTH = 200
DUE_DAYS_DEFAULT = 2  # working days to answer, unless the request says otherwise
DUE_DAYS_MAX = 10
NOTE_MAX = 1000
REPEATABLE = (CheckResult.MISMATCH, CheckResult.CANNOT_VERIFY)


def _status_label(status: str) -> str:
    return CheckStatus(status).label if status in CheckStatus.values else status


def _action_label(action: str) -> str:
    return {
        "answer": _("answer"),
        "withdraw": _("withdraw"),
        "ask_again": _("ask again"),
    }.get(action, action)


# Who may act (the answering department answers; the asking department asks again; the
# case's conclusion withdraws) is the services' check.
CHECK_LIFECYCLE = Lifecycle(
    table={
        "answer": Transition({CheckStatus.REQUESTED}, CheckStatus.ANSWERED),
        "withdraw": Transition({CheckStatus.REQUESTED}, CheckStatus.WITHDRAWN),
        "ask_again": Transition({CheckStatus.ANSWERED}, CheckStatus.SUPERSEDED),
    },
    status_refused=gettext_lazy("A data check that is %(status)s cannot be changed this way."),
    action_label=_action_label,
    status_label=_status_label,
)


def check_next(status: str, action: str) -> str:
    """The check's next status, or InvalidTransition (409)."""
    return CHECK_LIFECYCLE.target(status, action)


def request_problems(questions: list[str], due_days: int) -> list[FieldProblem]:
    """What is wrong with a request's questions and time limit (every problem at once)."""
    problems = []
    texts = [(q or "").strip() for q in questions]
    if not any(texts):
        problems.append(
            FieldProblem("questions", "required", _("Say what the other town should check."))
        )
    elif len(texts) > QUESTIONS_MAX:
        problems.append(
            FieldProblem(
                "questions",
                "max_items",
                _("At most %(n)s things to check in one request.") % {"n": QUESTIONS_MAX},
            )
        )
    else:
        for i, text in enumerate(texts):
            if not text:
                problems.append(
                    FieldProblem(f"questions.{i}", "required", _("This line is empty."))
                )
            elif len(text) > QUESTION_MAX_LENGTH:
                problems.append(
                    FieldProblem(
                        f"questions.{i}",
                        "max_length",
                        _("At most %(n)s characters.") % {"n": QUESTION_MAX_LENGTH},
                    )
                )
        if len(set(texts)) < len(texts):
            problems.append(
                FieldProblem("questions", "duplicate", _("The same thing is asked twice."))
            )
    if not 1 <= due_days <= DUE_DAYS_MAX:
        problems.append(
            FieldProblem(
                "due_days",
                "range",
                _("The answer is due in 1 to %(n)s working days.") % {"n": DUE_DAYS_MAX},
            )
        )
    return problems


def answer_problems(result: str, note: str) -> list[FieldProblem]:
    """What is wrong with an answer: its result, and the note a mismatch or an
    unverifiable check needs."""
    problems = []
    text = (note or "").strip()
    if result not in CheckResult.values:
        problems.append(
            FieldProblem(
                "result", "choice", _("The result is confirmed, mismatch or cannot_verify.")
            )
        )
    elif result != CheckResult.CONFIRMED and not text:
        problems.append(
            FieldProblem(
                "note",
                "required",
                _(
                    "Say what does not match, or why it cannot be verified: the deciding "
                    "department reads it."
                ),
            )
        )
    if len(text) > NOTE_MAX:
        problems.append(
            FieldProblem("note", "max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX})
        )
    return problems


@dataclass(frozen=True)
class CheckState:
    """A check as the conclusion rule sees it."""

    number: str
    department: str  # the answering department's name
    status: str
    result: str = ""


def conclusion_refusal(
    checks: list[CheckState], outcome: str
) -> tuple[str, list[CheckState]] | None:
    """Why a collaborative case may not be concluded with ``outcome`` now — the refusal's
    code and the checks it is about — or None (see the module's docstring)."""
    if outcome != "approved":
        return None
    waiting = [c for c in checks if c.status == CheckStatus.REQUESTED]
    if waiting:
        return "checks_open", waiting
    mismatched = [
        c for c in checks if c.status == CheckStatus.ANSWERED and c.result == CheckResult.MISMATCH
    ]
    if mismatched:
        return "check_mismatch", mismatched
    return None


def may_ask_again(status: str, result: str) -> bool:
    return status == CheckStatus.ANSWERED and result in REPEATABLE


def check_due(asked_on: dt.date, days: int, calendar: OfficialCalendar) -> DueDate:
    """The day by which the partner answers: ``days`` working days after the request."""
    return add_working_days(asked_on, days, calendar)


def time_to_answer(asked_on: dt.date, answered_on: dt.date, calendar: OfficialCalendar) -> int:
    """Working days from the request to the answer (0: answered on a day the request was
    made, or before the next working day)."""
    return max(0, working_days_between(asked_on, answered_on, calendar))
