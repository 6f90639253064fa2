"""红黑榜, pure: a batch's lifecycle words and an entry's list; the batch's and the
rectification's lifecycles (publishing unapproved, closing without evidence: a clear 409),
the evidence a submission needs and a rectification's deadline state. The arithmetic (the
criteria, the rule, the draw, the not-improved flag) is in ranking_draw.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core import deadlines
from onething.core.errors import FieldProblem, InvalidTransition
from onething.core.transitions import Lifecycle, Transition

# a batch: drafted (criteria, period, candidates), computed (lists drawn by the rule),
# approved by a supervisor, published on the public page
DRAFT, COMPUTED, APPROVED, PUBLISHED = "draft", "computed", "approved", "published"
BATCH_STATUSES = (DRAFT, COMPUTED, APPROVED, PUBLISHED)
BATCH_STATUS_LABELS = {
    DRAFT: pgettext_lazy("ranking batch", "Draft"),
    COMPUTED: pgettext_lazy("ranking batch", "Lists drawn"),
    APPROVED: pgettext_lazy("ranking batch", "Approved"),
    PUBLISHED: pgettext_lazy("ranking batch", "Published"),
}

RED, BLACK, NEITHER = "red", "black", ""
LISTS = (RED, BLACK, NEITHER)
LIST_LABELS = {
    RED: pgettext_lazy("ranking list", "Red list"),  # 红榜
    BLACK: pgettext_lazy("ranking list", "Black list"),  # 黑榜
    NEITHER: pgettext_lazy("ranking list", "Neither list"),
}

# what a category ranks (RankingCategory.subject): streets (scored from the month's street
# scores) or other sites (markets, building sites: scored by the inspectors' checks)
STREETS, SITES = "streets", "sites"
SUBJECTS = (STREETS, SITES)
SUBJECT_LABELS = {
    STREETS: pgettext_lazy("ranking subject", "Streets and lanes"),
    SITES: pgettext_lazy("ranking subject", "Sites"),
}

# a black-list entry's rectification (整改任务)
TASK_OPEN, TASK_SUBMITTED, TASK_CLOSED = "open", "submitted", "closed"
TASK_STATUSES = (TASK_OPEN, TASK_SUBMITTED, TASK_CLOSED)
TASK_STATUS_LABELS = {
    TASK_OPEN: pgettext_lazy("rectification", "To rectify"),
    TASK_SUBMITTED: pgettext_lazy("rectification", "Rectified, to verify"),
    TASK_CLOSED: pgettext_lazy("rectification", "Closed"),
}


# ---------------------------------------------------------------- who moves what
#
# The lifecycles name three roles of their own (a service finds an actor's: see
# ``acting_role``): the city-management office (城管局: drafts, draws, publishes, closes
# rectifications), a supervisor of the batch's region (approves: only a supervisor does),
# and the department managing a black-listed street or site (submits its evidence).

OFFICE, SUPERVISOR, DEPARTMENT = "office", "supervisor", "department"

BATCH_ACTION_LABELS = {
    "create": pgettext_lazy("ranking batch", "drafted"),
    "scores": pgettext_lazy("ranking batch", "site scores entered"),
    "draw": pgettext_lazy("ranking batch", "draw the lists"),
    "reopen": pgettext_lazy("ranking batch", "reopen"),
    "approve": pgettext_lazy("ranking batch", "approve"),
    "publish": pgettext_lazy("ranking batch", "publish"),
}
TASK_ACTION_LABELS = {
    "create": pgettext_lazy("rectification", "assigned"),
    "submit": pgettext_lazy("rectification", "submit the evidence"),
    "close": pgettext_lazy("rectification", "close"),
    "send_back": pgettext_lazy("rectification", "send back"),
}


def batch_action_label(action: str) -> str:
    return str(BATCH_ACTION_LABELS.get(action, action))


def batch_status_label(status: str) -> str:
    return str(BATCH_STATUS_LABELS.get(status, status))


def task_action_label(action: str) -> str:
    return str(TASK_ACTION_LABELS.get(action, action))


def task_status_label(status: str) -> str:
    return str(TASK_STATUS_LABELS.get(status, status))


BATCH_LIFECYCLE = Lifecycle(
    table={
        "draw": Transition({DRAFT, COMPUTED}, COMPUTED, {OFFICE}),
        "reopen": Transition({COMPUTED}, DRAFT, {OFFICE}),
        "approve": Transition({COMPUTED}, APPROVED, {SUPERVISOR}),
        "publish": Transition({APPROVED}, PUBLISHED, {OFFICE}),
    },
    status_refused=gettext_lazy(
        "You cannot %(action)s a batch at the stage “%(status)s”, only one at “%(allowed)s”."
    ),
    final_refused=gettext_lazy("The batch is published already: it cannot change."),
    role_refused=gettext_lazy("Your role may not %(action)s a batch."),
    action_label=batch_action_label,
    status_label=batch_status_label,
)
NOT_APPROVED = gettext_lazy(
    "The batch has not been approved: a supervisor approves the lists before they are published."
)

RECTIFICATION_LIFECYCLE = Lifecycle(
    table={
        "submit": Transition({TASK_OPEN}, TASK_SUBMITTED, {DEPARTMENT}),
        "close": Transition({TASK_SUBMITTED}, TASK_CLOSED, {OFFICE}),
        "send_back": Transition({TASK_SUBMITTED}, TASK_OPEN, {OFFICE}),
    },
    status_refused=gettext_lazy(
        "You cannot %(action)s a rectification at the stage “%(status)s”, only one at "
        "“%(allowed)s”."
    ),
    final_refused=gettext_lazy("The rectification is closed already."),
    role_refused=gettext_lazy("Your role may not %(action)s this rectification."),
    action_label=task_action_label,
    status_label=task_status_label,
)
NO_EVIDENCE = gettext_lazy(
    "No evidence has been submitted: a rectification is closed only on the managing "
    "department's evidence."
)


def acting_role(lifecycle: Lifecycle, action: str, roles: Iterable[str]) -> str | None:
    """Which of the actor's ``roles`` (an officer of the office may also manage the street)
    takes ``action``: the first the action is open to, else the first (to be refused)."""
    roles = list(roles)
    transition = lifecycle.table.get(action)
    for role in roles:
        if transition is not None and transition.open_to(role):
            return role
    return roles[0] if roles else None


def batch_next(status: str, action: str, role: str | None, *, system: bool = False) -> str:
    """The status ``action`` leads a batch to, or why not (403, 409); publishing a batch
    no supervisor approved says so."""
    try:
        return BATCH_LIFECYCLE.target(status, action, role, system=system)
    except InvalidTransition as refused:
        if action == "publish" and status in (DRAFT, COMPUTED):
            raise InvalidTransition(
                str(NOT_APPROVED), code="not_approved", details=refused.details
            ) from None
        raise


def task_next(status: str, action: str, role: str | None, *, system: bool = False) -> str:
    """The status ``action`` leads a rectification to, or why not (403, 409); closing one
    whose department has not submitted evidence says so."""
    try:
        return RECTIFICATION_LIFECYCLE.target(status, action, role, system=system)
    except InvalidTransition as refused:
        if action == "close" and status == TASK_OPEN:
            raise InvalidTransition(
                str(NO_EVIDENCE), code="no_evidence", details=refused.details
            ) from None
        raise


MAX_PHOTOS = 5


def evidence_problems(text: str, photos: int) -> list[FieldProblem]:
    """What a submitted evidence lacks: a text (at most 2000 characters) or a photo, and at
    most ``MAX_PHOTOS`` photos."""
    problems = []
    text = (text or "").strip()
    if not text and not photos:
        problems.append(
            FieldProblem(
                "evidence",
                "required",
                _("Describe what was put right, or add a photo of it."),
            )
        )
    if len(text) > 2000:
        problems.append(
            FieldProblem("evidence", "max_length", _("At most %(n)s characters.") % {"n": 2000})
        )
    if photos > MAX_PHOTOS:
        problems.append(
            FieldProblem("photos", "max_items", _("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        )
    return problems


def has_evidence(text: str, photos: int) -> bool:
    return bool((text or "").strip()) or photos > 0


# ---------------------------------------------------------------- rectification deadlines

WARNING_DAYS = 3  # working days before the due day a task shows 预警


def task_deadline(status: str, working_days_left: int) -> str:
    """core.deadlines' state of a rectification: none once submitted or closed (the
    department did its part); 超期 past the due day, 预警 within ``WARNING_DAYS`` working
    days of it, else 正常. ``working_days_left``: from today to the due day (negative
    past it)."""
    if status != TASK_OPEN:
        return ""
    if working_days_left < 0:
        return deadlines.OVERDUE
    if working_days_left <= WARNING_DAYS:
        return deadlines.WARNING
    return deadlines.ON_TIME
