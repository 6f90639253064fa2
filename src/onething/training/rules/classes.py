"""During the class (pure): the enrolment's lifecycle (in class → completed, or
withdrawn), a score's scale (0 to 100, one decimal) and an attendance mark."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onething.core.errors import FieldProblem
from onething.core.transitions import Lifecycle, Transition

from .statuses import (
    ATTENDANCE_LABELS,
    ATTENDANCE_MARKS,
    COMPLETED,
    ENROLLED,
    ENROLMENT_STATUS_LABELS,
    LEFT,
    STAFF_ROLES,
    labeller,
)

ENROLMENT_ACTION_LABELS = {
    "complete": pgettext_lazy("enrolment action", "complete"),
    "withdraw": pgettext_lazy("enrolment action", "withdraw"),
}
ENROLMENT_LIFECYCLE = Lifecycle(
    table={
        "complete": Transition({ENROLLED}, COMPLETED, STAFF_ROLES),
        "withdraw": Transition({ENROLLED}, LEFT, STAFF_ROLES),
    },
    status_refused=gettext_lazy("A student whose enrolment is %(status)s cannot %(action)s it."),
    unknown_refused=gettext_lazy("An enrolment has no such move."),
    role_refused=gettext_lazy("Only the institute's staff may %(action)s an enrolment."),
    action_label=labeller(ENROLMENT_ACTION_LABELS),
    status_label=labeller(ENROLMENT_STATUS_LABELS),
)


def mark_problem(field: str, mark: Any) -> FieldProblem | None:
    """An attendance mark: present, late, absent or excused."""
    if mark in ATTENDANCE_MARKS:
        return None
    return FieldProblem(
        field,
        "choice",
        _("Choose one of: %(c)s.")
        % {"c": "、".join(str(ATTENDANCE_LABELS[m]) for m in ATTENDANCE_MARKS)},
    )
