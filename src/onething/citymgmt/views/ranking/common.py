"""What 红黑榜's pages share: scores out of 100, a street's or site's link, the marks of a
list, a stage and a deadline, a timeline, and who works on the staff pages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from onething.core import deadlines
from onething.core.errors import PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.web.display import Mark

from ...models import RankingBatch, RankingEntry, Rectification
from ...rules.ranking import (
    BLACK,
    LIST_LABELS,
    PUBLISHED,
    RED,
    TASK_CLOSED,
    batch_status_label,
    task_status_label,
)
from ...rules.ranking_draw import (
    THRESHOLDS,
)
from ...selectors import ranking as selectors


def points(centi: int | None) -> str:
    return "" if centi is None else f"{centi / 100:.2f}"


def street_url(code: str) -> str:
    """The street's public page (the streets part's ``city-street``), if it is there."""
    try:
        return reverse("city-street", args=[code])
    except NoReverseMatch:
        return ""


def subject_of(entry: RankingEntry):
    return entry.street or entry.site


def subject_url(entry: RankingEntry) -> str:
    return street_url(entry.street.code) if entry.street_id else ""


def list_mark(which: str) -> Mark | str:
    if which not in (RED, BLACK):
        return ""
    return Mark(LIST_LABELS[which], f"list-{which}")


def not_improved_mark() -> Mark:
    return Mark(_("Not improved"), "overdue")


def batch_mark(batch: RankingBatch) -> Mark:
    return Mark(batch_status_label(batch.status), "closed" if batch.status == PUBLISHED else "open")


def task_mark(task: Rectification) -> Mark:
    return Mark(task_status_label(task.status), "closed" if task.status == TASK_CLOSED else "open")


def deadline_mark(task: Rectification) -> Mark | str:
    state = selectors.rectification_deadline(task)
    if state not in deadlines.RUNNING:
        return ""
    return Mark(deadlines.label(state), state)


def due_text(task: Rectification) -> str:
    text = f"{task.due_on:%Y-%m-%d}"
    return f"{text} ({_('provisional')})" if task.due_provisional else text


def rule_text(batch: RankingBatch) -> str:
    """The batch's rule in words, with the tie rule."""
    if batch.rule == THRESHOLDS:
        text = _(
            "A score of %(r)s or more is on the red list, a score below %(b)s on the black list."
        ) % {"r": points(batch.red_at_least), "b": points(batch.black_below)}
    else:
        text = _(
            "In each category the %(r)s best are on the red list and the %(b)s worst on the "
            "black list; no one is on both."
        ) % {"r": batch.red_count, "b": batch.black_count}
    return (
        text
        + " "
        + _(
            "Equal scores share a rank; where a list ends between equal scores, the order of the "
            "register (the code) decides."
        )
    )


def streets_text() -> str:
    return _(
        "A street's score is the mean of its monthly scores over the batch's months: "
        "residents' scores, inspectors' checks and 12345 complaints by their published weights."
    )


def require_batch_staff(actor: Actor) -> None:
    """The batches' pages: the city-management office and the supervisors (and the
    administrators)."""
    require_role(actor, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
    if actor.role == Role.OFFICER and not selectors.is_office(actor):
        raise PermissionDenied(_("Only the city-management office may do this."))


def require_task_staff(actor: Actor) -> None:
    """The rectifications' pages: officers (the office, the managing departments),
    supervisors, administrators."""
    require_role(actor, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
