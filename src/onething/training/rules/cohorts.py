"""A cohort's (实训班) lifecycle, pure: planned → open for applications → selecting →
in class → finished, moved by the institute's staff. The table names no role: who may
move a cohort (its institute's staff, an administrator) is the services' check."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from onething.core.transitions import Lifecycle, Transition

from .statuses import COHORT_STATUS_LABELS, FINISHED, OPEN, PLANNED, RUNNING, SELECTING, labeller

OPEN_APPLICATIONS, CLOSE_APPLICATIONS, REOPEN = "open", "close", "reopen"
START, FINISH = "start", "finish"
MOVES = (OPEN_APPLICATIONS, CLOSE_APPLICATIONS, REOPEN, START, FINISH)
ACTION_LABELS = {
    OPEN_APPLICATIONS: pgettext_lazy("cohort", "open applications"),  # 开放报名
    CLOSE_APPLICATIONS: pgettext_lazy("cohort", "close applications"),  # 截止报名, 开始选拔
    REOPEN: pgettext_lazy("cohort", "reopen applications"),
    START: pgettext_lazy("cohort", "start the class"),  # 开班
    FINISH: pgettext_lazy("cohort", "finish the class"),  # 结业
}


action_label = labeller(ACTION_LABELS)
status_label = labeller(COHORT_STATUS_LABELS)


COHORT_LIFECYCLE = Lifecycle(
    table={
        OPEN_APPLICATIONS: Transition({PLANNED}, OPEN),
        CLOSE_APPLICATIONS: Transition({OPEN}, SELECTING),
        REOPEN: Transition({SELECTING}, OPEN),
        START: Transition({SELECTING}, RUNNING),
        FINISH: Transition({RUNNING}, FINISHED),
    },
    status_refused=pgettext_lazy(
        "cohort",
        "You cannot %(action)s now: the cohort is “%(status)s”, and only a cohort that is "
        "“%(allowed)s” allows it.",
    ),
    final_refused=pgettext_lazy("cohort", "The cohort has finished already."),
    unknown_refused=pgettext_lazy("cohort", "A cohort has no such move."),
    action_label=action_label,
    status_label=status_label,
)

# what may no longer change in each state (a finished cohort changes no more): the
# application window and the tracks once applications have closed; the dates and the
# capacity too once the class runs
FROZEN = {
    PLANNED: frozenset(),
    OPEN: frozenset(),
    SELECTING: frozenset({"applications_open_at", "applications_close_at", "tracks"}),
    RUNNING: frozenset(
        {"applications_open_at", "applications_close_at", "tracks", "starts_on", "capacity"}
    ),
}


def frozen_fields(status: str) -> frozenset[str] | None:
    """The fields a cohort in ``status`` may no longer change (None: none may change)."""
    return FROZEN.get(status)
