"""红黑榜's reads. The public ones (anyone, signed in or not) read published batches only:
the list newest first, and one batch's red and black lists per category with its criteria
and weights and the rectification state of each black-list entry; an unpublished batch is
answered as one that does not exist (404). The staff ones are scoped (scopes.py): the
batches of the office's and the supervisor's region, one batch with its entries and its
timeline, the rectifications (a managing department sees its own) with their deadline
state (预警, 超期)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from onething.core import clock, deadlines
from onething.core.errors import FieldProblem, NotFound, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible
from onething.core.selectors.calendar import official_calendar
from onething.core.workdays import working_days_between

from ..models import BatchStep, RankingBatch, RankingEntry, Rectification, RectificationStep
from ..rules.ranking import (
    BATCH_LIFECYCLE,
    BATCH_STATUSES,
    BLACK,
    DEPARTMENT,
    OFFICE,
    PUBLISHED,
    RECTIFICATION_LIFECYCLE,
    RED,
    SUPERVISOR,
    TASK_CLOSED,
    TASK_OPEN,
    TASK_STATUSES,
    acting_role,
    batch_action_label,
    task_action_label,
    task_deadline,
)
from ..scopes import is_city_management_office


def _choice(field_name: str, value: str, allowed) -> None:
    if value and value not in allowed:
        raise ValidationFailed(
            [
                FieldProblem(
                    field_name, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(allowed)}
                )
            ]
        )


# ---------------------------------------------------------------- roles


def is_office(actor: Actor) -> bool:
    """The city-management office (and the administrators, who run everything)."""
    return actor.is_system or actor.role == Role.ADMIN or is_city_management_office(actor)


def batch_roles(actor: Actor) -> list[str]:
    """The actor's roles in a batch's lifecycle (its own word for a role it has none for)."""
    if actor.role == Role.SUPERVISOR:
        return [SUPERVISOR]
    if is_office(actor):
        return [OFFICE]
    return [actor.role or ""]


def task_roles(actor: Actor, department_id: int) -> list[str]:
    """The actor's roles in a rectification's lifecycle: its managing department's officer,
    the office (an office officer may be both)."""
    roles = []
    if actor.role == Role.OFFICER and actor.department_id == department_id:
        roles.append(DEPARTMENT)
    if is_office(actor):
        roles.append(OFFICE)
    if actor.role == Role.SUPERVISOR:
        roles.append(SUPERVISOR)
    return roles or [actor.role or ""]


# ---------------------------------------------------------------- public


def published_batches() -> QuerySet[RankingBatch]:
    """Published batches, newest first (year, sequence), with their categories."""
    return (
        RankingBatch.objects.filter(status=PUBLISHED)
        .select_related("region")
        .prefetch_related("categories")
        .order_by("-year", "-sequence", "-id")
    )


def published_batch(year: int, sequence: int) -> RankingBatch:
    """The published batch of ``year`` and ``sequence`` (the city's before a district's of
    the same numbers), or NotFound: a batch not published yet is not disclosed."""
    batch = (
        published_batches()
        .filter(year=year, sequence=sequence)
        .order_by(Length("region__path"), "id")
        .first()
    )
    if batch is None:
        raise NotFound(
            _("No published batch %(y)s-%(n)s.") % {"y": year, "n": sequence},
            details={"year": year, "sequence": sequence},
        )
    return batch


@dataclass
class Listed:
    """One category of a batch as a page or the API shows it."""

    category: object
    red: list[RankingEntry] = field(default_factory=list)
    black: list[RankingEntry] = field(default_factory=list)
    ranked: int = 0


def _entries(batch: RankingBatch) -> QuerySet[RankingEntry]:
    return batch.entries.select_related(
        "category",
        "street__street_office",
        "street__district",
        "site__street_office",
        "site__district",
        "rectification",
    )


def lists_of(batch: RankingBatch) -> list[Listed]:
    """The batch's red and black lists per category (in the categories' order): the red
    list best first, the black list worst first; each black entry with its rectification."""
    listed = {c.pk: Listed(c) for c in batch.categories.all()}
    for entry in _entries(batch).filter(list__in=(RED, BLACK)).order_by("rank", "id"):
        one = listed.get(entry.category_id)
        if one is not None:
            (one.red if entry.list == RED else one.black).append(entry)
    for one in listed.values():
        one.black.reverse()
    counts = dict(
        batch.entries.order_by()
        .values_list("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    for pk, one in listed.items():
        one.ranked = counts.get(pk, 0)
    return list(listed.values())


def entry_rectification(entry: RankingEntry) -> Rectification | None:
    try:
        return entry.rectification
    except Rectification.DoesNotExist:
        return None


# ---------------------------------------------------------------- staff: batches


def batches_list(actor: Actor, *, status: str = "", year: int | None = None) -> QuerySet:
    """The batches the actor sees (the office's and the supervisor's region), newest
    first."""
    _choice("status", status, BATCH_STATUSES)
    batches = visible(actor, RankingBatch.objects.select_related("region")).order_by(
        "-year", "-sequence", "-id"
    )
    if status:
        batches = batches.filter(status=status)
    if year:
        batches = batches.filter(year=year)
    return batches


def batch_get(actor: Actor, batch_id: int) -> RankingBatch:
    """One batch the actor may see, with its categories and its timeline."""
    return get_visible(
        actor,
        RankingBatch.objects.select_related("region", "created_by", "approved_by").prefetch_related(
            "categories",
            Prefetch("steps", BatchStep.objects.select_related("actor")),
        ),
        pk=batch_id,
    )


def batch_entries(batch: RankingBatch) -> QuerySet[RankingEntry]:
    """Every entry of the batch, by category and rank (unranked last)."""
    return _entries(batch).order_by("category__order", "category__code", "rank", "id")


def batch_moves(actor: Actor, batch: RankingBatch) -> list[str]:
    """The moves of the batch's lifecycle the actor may make now."""
    role = batch_roles(actor)[0]
    return BATCH_LIFECYCLE.actions(batch.status, role, system=actor.is_system)


def batch_step_label(action: str) -> str:
    return batch_action_label(action)


# ---------------------------------------------------------------- staff: rectifications


def rectifications_list(
    actor: Actor,
    *,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Rectification]:
    """The rectifications the actor sees, by due day (a managing department: its own;
    the office and the supervisors: their region's). ``mine``: the actor's department's;
    ``overdue``: still to rectify after the due day."""
    _choice("status", status, TASK_STATUSES)
    tasks = visible(
        actor,
        Rectification.objects.select_related(
            "department", "entry__batch", "entry__category", "entry__street", "entry__site"
        ),
    ).order_by("due_on", "id")
    if status:
        tasks = tasks.filter(status=status)
    if mine:
        tasks = tasks.filter(department_id=actor.department_id or 0)
    if overdue:
        tasks = tasks.filter(status=TASK_OPEN, due_on__lt=today or clock.today())
    return tasks


def rectification_get(actor: Actor, rectification_id: int) -> Rectification:
    """One rectification the actor may see (another department's: NotFound)."""
    return get_visible(
        actor,
        Rectification.objects.select_related(
            "department",
            "closed_by",
            "entry__batch",
            "entry__category",
            "entry__street__street_office",
            "entry__site__street_office",
        ).prefetch_related(
            "photos", Prefetch("steps", RectificationStep.objects.select_related("actor"))
        ),
        pk=rectification_id,
    )


def rectification_deadline(task: Rectification, today: dt.date | None = None) -> str:
    """core.deadlines' state of a task still to rectify: 超期, 预警 or 正常 ('' once
    submitted or closed)."""
    if task.status != TASK_OPEN:
        return ""
    today = today or clock.today()
    left = working_days_between(today, task.due_on, official_calendar())
    return task_deadline(task.status, left)


def rectification_moves(actor: Actor, task: Rectification) -> list[str]:
    """The moves the actor may make on the task now."""
    roles = task_roles(actor, task.department_id)
    return [
        action
        for action in RECTIFICATION_LIFECYCLE.table
        if RECTIFICATION_LIFECYCLE.can(
            task.status,
            action,
            acting_role(RECTIFICATION_LIFECYCLE, action, roles),
            system=actor.is_system,
        )
    ]


def rectification_step_label(action: str) -> str:
    return task_action_label(action)


def is_overdue(state: str) -> bool:
    return state == deadlines.OVERDUE


__all__ = [
    "TASK_CLOSED",
    "Listed",
    "batch_entries",
    "batch_get",
    "batch_moves",
    "batch_roles",
    "batch_step_label",
    "batches_list",
    "entry_rectification",
    "is_office",
    "is_overdue",
    "lists_of",
    "published_batch",
    "published_batches",
    "rectification_deadline",
    "rectification_get",
    "rectification_moves",
    "rectification_step_label",
    "rectifications_list",
    "task_roles",
]
