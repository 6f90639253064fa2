"""Counting open provisional deadlines again once a year's holiday schedule is entered
(core's ``deadlines_recount``): running cases and open rectifications whose due date was
counted through a year with no schedule."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from onething.core.permissions import Actor
from onething.core.services.calendar import deadlines_recounted
from onething.core.workdays import DueDate, OfficialCalendar, add_working_days

from ..models import Case, CaseStatus, Rectification
from ..rules import due_date
from ..tally import CaseState
from .ratings import RECTIFICATION_DAYS
from .tallies import case_counted

RUNNING = (CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)


def _save_case(case: Case, due: DueDate) -> None:
    counted = CaseState.of(case)
    case.due_date, case.due_provisional = due.date, due.provisional
    case.save(update_fields=["due_date", "due_provisional"])
    case_counted(counted, case)  # its running count moves to the new due date


def _save_rectification(rectification: Rectification, due: DueDate) -> None:
    Rectification.objects.filter(pk=rectification.pk).update(
        due_date=due.date, due_provisional=due.provisional
    )


@transaction.atomic
def case_deadlines_recount(*, actor: Actor, calendar: OfficialCalendar) -> dict[str, int]:
    """Count again the due date of every running case and open rectification whose due
    date is provisional; each change is saved and audited."""
    cases = (
        Case.objects.select_for_update(of=("self",))
        .select_related("item")
        .filter(status__in=RUNNING, due_provisional=True)
        .order_by("pk")
    )
    changed_cases = deadlines_recounted(
        cases,
        count=lambda c: due_date(
            timezone.localdate(c.accepted_at), c.item.promised_days, c.paused_days, calendar
        ),
        save=_save_case,
        action="case.due_recount",
        actor=actor,
    )
    rectifications = Rectification.objects.select_for_update().filter(
        status=Rectification.Status.OPEN, due_provisional=True
    )
    changed_rectifications = deadlines_recounted(
        rectifications.order_by("pk"),
        count=lambda r: add_working_days(
            timezone.localdate(r.opened_at), RECTIFICATION_DAYS, calendar
        ),
        save=_save_rectification,
        action="rectification.due_recount",
        actor=actor,
    )
    return {"cases": changed_cases, "rectifications": changed_rectifications}
