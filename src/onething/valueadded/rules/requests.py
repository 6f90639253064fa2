"""A request for a value-added service (服务申请) and its lifecycle, pure (no database).

submitted (已提交) → accepted (已受理) by the provider → concluded (已办结) with its outcome;
or declined (不予受理) by the provider, with the reason, before accepting; or withdrawn
(已撤回) by the enterprise before the provider accepts. After the conclusion the
enterprise rates the service once (1 to 5, core.ratings). The provider answers — accepts
or declines — within the working days the service promises (``response_days``): the due
date, counted from the day of submission on the official calendar.

The lifecycle's "roles" are the sides of a request: the requesting enterprise's staff
(``enterprise``) and the provider's accounts (``provider``); which side an account is on
for a given request is the services' check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core import deadlines
from onething.core.errors import FieldProblem
from onething.core.problems import text_problem
from onething.core.ratings import is_rating
from onething.core.transitions import STAY, Lifecycle, Transition
from onething.core.workdays import DueDate, OfficialCalendar, add_working_days

from .catalogue import FINANCING, IP, LEGAL, RECRUITMENT, TRAINING, label

# ---------------------------------------------------------------- statuses and sides

SUBMITTED, ACCEPTED, CONCLUDED = "submitted", "accepted", "concluded"
DECLINED, WITHDRAWN = "declined", "withdrawn"
STATUSES = (SUBMITTED, ACCEPTED, CONCLUDED, DECLINED, WITHDRAWN)
OPEN_STATUSES = (SUBMITTED, ACCEPTED)
STATUS_LABELS = {
    SUBMITTED: pgettext_lazy("service request", "Submitted"),  # 已提交
    ACCEPTED: pgettext_lazy("service request", "Accepted"),  # 已受理
    CONCLUDED: pgettext_lazy("service request", "Concluded"),  # 已办结
    DECLINED: pgettext_lazy("service request", "Declined"),  # 不予受理
    WITHDRAWN: pgettext_lazy("service request", "Withdrawn"),  # 已撤回
}
ENTERPRISE, PROVIDER = "enterprise", "provider"

SUBMIT, ACCEPT, DECLINE = "submit", "accept", "decline"
CONCLUDE, WITHDRAW, RATE = "conclude", "withdraw", "rate"
ACTION_LABELS = {
    SUBMIT: pgettext_lazy("service request", "submit the request"),
    ACCEPT: pgettext_lazy("service request", "accept the request"),
    DECLINE: pgettext_lazy("service request", "decline the request"),
    CONCLUDE: pgettext_lazy("service request", "conclude the request"),
    WITHDRAW: pgettext_lazy("service request", "withdraw the request"),
    RATE: pgettext_lazy("service request", "rate the service"),
}
STEP_LABELS = {
    SUBMIT: pgettext_lazy("service request step", "Submitted"),
    ACCEPT: pgettext_lazy("service request step", "Accepted by the provider"),
    DECLINE: pgettext_lazy("service request step", "Declined by the provider"),
    CONCLUDE: pgettext_lazy("service request step", "Concluded"),
    WITHDRAW: pgettext_lazy("service request step", "Withdrawn by the enterprise"),
    RATE: pgettext_lazy("service request step", "Rated by the enterprise"),
}


def status_label(status: str) -> str:
    return label(STATUS_LABELS, status)


def action_label(action: str) -> str:
    return label(ACTION_LABELS, action)


def step_label(action: str) -> str:
    return label(STEP_LABELS, action)


REQUEST_LIFECYCLE = Lifecycle(
    table={
        ACCEPT: Transition({SUBMITTED}, ACCEPTED, {PROVIDER}),
        DECLINE: Transition({SUBMITTED}, DECLINED, {PROVIDER}),
        CONCLUDE: Transition({ACCEPTED}, CONCLUDED, {PROVIDER}),
        WITHDRAW: Transition({SUBMITTED}, WITHDRAWN, {ENTERPRISE}),
        RATE: Transition({CONCLUDED}, STAY, {ENTERPRISE}),
    },
    status_refused=gettext_lazy(
        "You cannot %(action)s while it is “%(status)s”, only when it is “%(allowed)s”."
    ),
    role_refused=gettext_lazy("Only the other side of the request may %(action)s."),
    final_refused=gettext_lazy("The request is “%(status)s”: nothing more can be done to it."),
    action_label=action_label,
    status_label=status_label,
)


def actions_for(status: str, side: str | None, *, rated: bool = False) -> list[str]:
    """The moves ``side`` may make on a request in ``status`` (a rated one is not rated
    again)."""
    if side is None:
        return []
    return [a for a in REQUEST_LIFECYCLE.actions(status, side) if not (a == RATE and rated)]


# ---------------------------------------------------------------- outcomes

# What came of a concluded request (办结结果): a financing reached carries its amount.
REACHED_FINANCING, ADVICE_GIVEN, APPLICATION_FILED = "financing", "advice", "filed"
CANDIDATES_REFERRED, TRAINED, NOT_REACHED, OTHER_OUTCOME = (
    "referred",
    "trained",
    "not_reached",
    "other",
)
OUTCOMES = (
    REACHED_FINANCING,
    ADVICE_GIVEN,
    APPLICATION_FILED,
    CANDIDATES_REFERRED,
    TRAINED,
    NOT_REACHED,
    OTHER_OUTCOME,
)
OUTCOME_LABELS = {
    REACHED_FINANCING: pgettext_lazy("value-added outcome", "Financing reached"),  # 达成融资
    ADVICE_GIVEN: pgettext_lazy("value-added outcome", "Consultation given"),  # 已提供咨询
    APPLICATION_FILED: pgettext_lazy("value-added outcome", "Application filed"),  # 已代理申请
    CANDIDATES_REFERRED: pgettext_lazy("value-added outcome", "Candidates referred"),  # 已推荐人选
    TRAINED: pgettext_lazy("value-added outcome", "Training attended"),  # 已参加培训
    NOT_REACHED: pgettext_lazy("value-added outcome", "Not reached"),  # 未能达成
    OTHER_OUTCOME: pgettext_lazy("value-added outcome", "Other result"),  # 其他结果
}
# the outcome a category's request most often ends with (the form's first choice)
USUAL_OUTCOME = {
    FINANCING: REACHED_FINANCING,
    LEGAL: ADVICE_GIVEN,
    IP: APPLICATION_FILED,
    RECRUITMENT: CANDIDATES_REFERRED,
    TRAINING: TRAINED,
}


def outcome_label(kind: str) -> str:
    return label(OUTCOME_LABELS, kind) if kind else ""


AMOUNT_MAX_FEN = 10**13  # 1,000 亿元: more is a typing error
SUBJECT_MAX, DETAILS_MAX, NAME_MAX = 100, 2000, 50
NOTE_MAX, OUTCOME_MAX, COMMENT_MAX = 500, 1000, 500
MAX_ATTACHMENTS = 3


def yuan_to_fen(text: Any) -> tuple[int | None, FieldProblem | None]:
    """An amount typed in yuan (``"5000000"``, ``"1,250,000.50"``) as integer fen; blank:
    None; else the problem (more than two decimals, negative, not a number, too large)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, None
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        return None, FieldProblem("amount", "type", _("An amount in yuan, e.g. 5000000."))
    try:
        value = Decimal(str(text).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None, FieldProblem("amount", "type", _("An amount in yuan, e.g. 5000000."))
    if not value.is_finite() or value <= 0:
        return None, FieldProblem("amount", "range", _("The amount is more than zero."))
    if value != value.quantize(Decimal("0.01")):
        return None, FieldProblem("amount", "decimals", _("At most two decimals (fen)."))
    fen = int(value * 100)
    if fen > AMOUNT_MAX_FEN:
        return None, FieldProblem("amount", "range", _("The amount is too large."))
    return fen, None


def outcome_problems(kind: Any, outcome: Any, amount_fen: Any) -> list[FieldProblem | None]:
    """A conclusion: its kind (one of :data:`OUTCOMES`), what was done (required), and the
    amount in fen for a financing reached (required there, refused otherwise)."""
    problems: list[FieldProblem | None] = [
        None
        if kind in OUTCOMES
        else FieldProblem(
            "outcome_kind", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(OUTCOMES)}
        ),
        text_problem("outcome", outcome, OUTCOME_MAX, required=_("Say what was done.")),
    ]
    if kind == REACHED_FINANCING:
        if amount_fen is None:
            problems.append(
                FieldProblem("amount_fen", "required", _("Give the amount of financing reached."))
            )
        elif isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
            problems.append(FieldProblem("amount_fen", "type", _("A whole number of fen.")))
        elif not 0 < amount_fen <= AMOUNT_MAX_FEN:
            problems.append(FieldProblem("amount_fen", "range", _("The amount is out of range.")))
    elif amount_fen is not None:
        problems.append(
            FieldProblem("amount_fen", "not_allowed", _("Only a financing reached has an amount."))
        )
    return problems


def rating_problems(rating: Any, comment: Any) -> list[FieldProblem | None]:
    return [
        None
        if is_rating(rating) and not isinstance(rating, bool)
        else FieldProblem("rating", "choice", _("Choose a rating from 1 to 5.")),
        text_problem("comment", comment, COMMENT_MAX),
    ]


def request_problems(
    *, subject: Any, details: Any, contact_name: Any, attachments: int
) -> list[FieldProblem | None]:
    """What the enterprise types: the subject, the details of what it needs, the contact's
    name, and at most :data:`MAX_ATTACHMENTS` files (the phone: core.identity)."""
    return [
        text_problem("subject", subject, SUBJECT_MAX, required=_("Say in a line what you need.")),
        text_problem("details", details, DETAILS_MAX, required=_("Describe what you need.")),
        text_problem("contact_name", contact_name, NAME_MAX, required=_("Who should be called?")),
        None
        if attachments <= MAX_ATTACHMENTS
        else FieldProblem(
            "attachments", "max_items", _("At most %(n)s files.") % {"n": MAX_ATTACHMENTS}
        ),
    ]


# ---------------------------------------------------------------- time limit


def response_due(submitted_on: dt.date, days: int, calendar: OfficialCalendar | None) -> DueDate:
    """The day the provider answers by: the ``days``-th working day after the submission."""
    return add_working_days(submitted_on, days, calendar)


def deadline_state(*, due: dt.date, today: dt.date, days_left: int, answered: bool) -> str:
    """core.deadlines' words for a request: ``answered`` once accepted or declined (or
    withdrawn), ``overdue`` past the due date, ``warning`` on the due day or the working
    day before it, else ``on_time``."""
    if answered:
        return deadlines.ANSWERED
    if today > due:
        return deadlines.OVERDUE
    if days_left <= 1:
        return deadlines.WARNING
    return deadlines.ON_TIME


def answered_on_time(answered_on: dt.date, due: dt.date) -> bool:
    """Whether the provider answered (accepted or declined) by the due date."""
    return answered_on <= due
