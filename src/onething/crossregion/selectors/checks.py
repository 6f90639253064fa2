"""Reads of the 高效协同 data checks, scoped (crossregion/scopes.py): the answering
department's queue, the checks a department asked, a case's checks, one check."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.cases.models import Case, CaseStatus
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Region, Role
from onething.core.permissions import Actor, get_visible, require_role, visible

from ..models import CheckStatus, CrossRegionCase, DataCheck, Mode
from ..rules.checks import CheckState

SIDES = ("", "answer", "ask")
OPEN_CASE = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)
RELATED = (
    "case__item",
    "case__applicant",
    "case__enterprise",
    "asking_department__region",
    "answering_department__region",
    "requested_by",
    "answered_by",
)


def checks_list(
    actor: Actor, *, side: str = "", status: str = "", q: str = "", part: int | None = None
) -> QuerySet[DataCheck]:
    """The checks the actor sees: an officer's department's to answer (``side=answer``: the
    queue) or asked by it (``side=ask``), both by default; a supervisor's, those of the
    departments of the region; a clerk's and an applicant's, those of their cases. The
    open ones of the queue by their answer-by day, else newest first."""
    require_role(actor, Role.OFFICER, Role.SUPERVISOR, Role.CLERK, Role.ADMIN)
    problems = []
    if side not in SIDES:
        problems.append(FieldProblem("side", "choice", _("The side is answer or ask.")))
    if status and status not in CheckStatus.values:
        problems.append(
            FieldProblem(
                "status",
                "choice",
                _("The status is requested, answered, withdrawn or superseded."),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    qs = visible(actor, DataCheck.objects.select_related(*RELATED), part)
    if side == "answer":
        qs = qs.filter(answering_department_id=actor.department_id)
    elif side == "ask":
        qs = qs.filter(asking_department_id=actor.department_id)
    if status:
        qs = qs.filter(status=status)
    if status == CheckStatus.REQUESTED:  # awaiting an answer: of a case still open
        qs = qs.filter(case__status__in=OPEN_CASE)
    if q:
        q = q.strip()
        qs = qs.filter(Q(number__icontains=q) | Q(case__number__icontains=q))
    if side == "answer" and status == CheckStatus.REQUESTED:
        return qs.order_by("due_date", "id")
    return qs.order_by("-requested_at", "-id")


def check_get(actor: Actor, number: str) -> DataCheck:
    return get_visible(actor, DataCheck.objects.select_related(*RELATED), number=number)


def checks_of_case(actor: Actor, case: Case) -> list[DataCheck]:
    """The case's checks the actor sees, in the order they were asked."""
    return list(
        visible(actor, DataCheck.objects.select_related(*RELATED))
        .filter(case=case)
        .order_by("requested_at", "id")
    )


def check_states(case: Case) -> list[CheckState]:
    """The case's checks as the conclusion rule sees them (whoever asks: the guard)."""
    return [
        CheckState(number, name, status, result)
        for number, name, status, result in DataCheck.objects.filter(case=case)
        .order_by("requested_at", "id")
        .values_list("number", "answering_department__name", "status", "result")
    ]


def partner_departments(record: CrossRegionCase) -> list[Department]:
    """The departments of a collaborative case's partner town (whom a check may ask)."""
    if record.mode != Mode.COLLABORATIVE or record.partner_region_id is None:
        return []
    partner = Region.objects.get(pk=record.partner_region_id)
    return list(Department.objects.filter(region__path__startswith=partner.path).order_by("code"))


def open_checks_count(actor: Actor) -> int:
    """How many checks the officer's department has to answer."""
    if actor.role != Role.OFFICER or not actor.department_id:
        return 0
    return DataCheck.objects.filter(
        answering_department_id=actor.department_id,
        status=CheckStatus.REQUESTED,
        case__status__in=OPEN_CASE,
    ).count()
