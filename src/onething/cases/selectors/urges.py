"""Reading 督办单 (urges), each list already scoped: a supervisor sees the urges addressed
to the departments of their region, an officer those addressed to their department."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.pagination import capped_count, count_label
from onething.core.permissions import Actor, get_visible, visible

from ..models import Case, CaseUrge, UrgeStatus
from ..rules import urge_actions_for


def _urges(actor: Actor, part: int | None = None) -> QuerySet[CaseUrge]:
    return visible(
        actor,
        CaseUrge.objects.select_related(
            "case__item", "department", "issued_by__person", "answered_by__person"
        ),
        part,
    )


def urges_list(
    actor: Actor,
    *,
    status: str = "",
    overdue: bool = False,
    department_code: str = "",
    q: str = "",
    part: int | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[CaseUrge]:
    """The urges the actor sees. Newest first; those awaiting an answer (``status=open``
    or ``overdue``) by their answer-by time, the soonest first. ``overdue``: awaiting an
    answer past their answer-by time."""
    if status and status not in UrgeStatus.values:
        raise ValidationFailed(
            [FieldProblem("status", "choice", _("Status is open, answered or closed."))]
        )
    qs = _urges(actor, part)
    if department_code:
        qs = qs.filter(department__code=department_code)
    if q:
        qs = qs.filter(case__number__icontains=q)
    if overdue:
        qs = qs.filter(status=UrgeStatus.OPEN, reply_by__lt=now or clock.now())
    elif status:
        qs = qs.filter(status=status)
    if overdue or status == UrgeStatus.OPEN:
        return qs.order_by("reply_by", "id")
    return qs.order_by("-issued_at", "-id")


def urges_awaiting(actor: Actor, **filters) -> QuerySet[CaseUrge]:
    """Urges awaiting the department's answer, the soonest answer-by first (for a
    department: its notice; for a supervisor: what is still out)."""
    return urges_list(actor, status=UrgeStatus.OPEN, **filters)


def urges_overdue(actor: Actor, now: dt.datetime | None = None) -> QuerySet[CaseUrge]:
    """Urges still unanswered after their answer-by time."""
    return urges_list(actor, overdue=True, now=now)


def urges_of_case(actor: Actor, case: Case) -> QuerySet[CaseUrge]:
    """The urges on one case the actor sees, newest first."""
    return _urges(actor).filter(case=case).order_by("-issued_at", "-id")


def urge_get(actor: Actor, urge_id: int) -> CaseUrge:
    return get_visible(
        actor, CaseUrge.objects.select_related("case__item", "department"), pk=urge_id
    )


def urge_actions(actor: Actor, urge: CaseUrge) -> list[str]:
    """What the actor may do to the urge now (answer, close)."""
    role = "supervisor" if actor.role == Role.SUPERVISOR else actor.role
    return urge_actions_for(urge.status, role)


def urge_overdue(urge: CaseUrge, now: dt.datetime | None = None) -> bool:
    return urge.status == UrgeStatus.OPEN and urge.reply_by < (now or clock.now())


def open_urge_ids(case_ids: list[int]) -> set[int]:
    """Of these cases (a page the caller already sees), those with an urge awaiting an
    answer."""
    return set(
        CaseUrge.objects.filter(case_id__in=case_ids, status=UrgeStatus.OPEN).values_list(
            "case_id", flat=True
        )
    )


def urge_notice(actor: Actor, limit: int = 5) -> dict | None:
    """What a department's pages (or a supervisor's home) show of the urges awaiting an
    answer: how many (capped), how many past their answer-by time, the soonest few.
    None for a role that has no urges."""
    if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
        return None
    now = clock.now()
    awaiting = urges_awaiting(actor)
    count, capped = capped_count(awaiting)
    late, late_capped = capped_count(urges_overdue(actor, now))
    return {
        "count": count,
        "label": count_label(count, capped),
        "overdue": late,
        "overdue_label": count_label(late, late_capped),
        "urges": [(u, urge_overdue(u, now)) for u in awaiting[:limit]] if count else [],
    }


URGE_EVENTS = ("case.urge", "case.urge_answer", "case.urge_close")


def event_note(actor: Actor, entry) -> str:
    """A case history entry's note as the viewer reads it: what the supervisor and the
    department wrote to each other stays between staff (the applicant sees that the case
    was urged, not the words)."""
    if entry.action in URGE_EVENTS and actor.role in (Role.APPLICANT, Role.AGENT):
        return ""
    return entry.note
