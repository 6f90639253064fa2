"""Counting open provisional reply deadlines again once a year's holiday schedule is
entered (core's ``deadlines_recount``): each from its own basis (``due_days`` working days
from ``due_from``)."""

from __future__ import annotations

from django.db import transaction

from onething.core.permissions import Actor
from onething.core.services.calendar import deadlines_recounted
from onething.core.workdays import DueDate, OfficialCalendar, due_after

from .. import rules
from ..models import Appeal
from ..tally import AppealState
from .tallies import appeal_counted


def _save(appeal: Appeal, due: DueDate) -> None:
    before = AppealState.of(appeal)
    appeal.due_date, appeal.due_provisional = due.date, due.provisional
    appeal.save(update_fields=["due_date", "due_provisional", "updated_at"])
    appeal_counted(before, appeal)  # its open count moves to the new due date


@transaction.atomic
def appeal_deadlines_recount(*, actor: Actor, calendar: OfficialCalendar) -> dict[str, int]:
    """Count again the due date of every open appeal whose due date is provisional; each
    change is saved and audited."""
    appeals = (
        Appeal.objects.select_for_update()
        .filter(status__in=rules.OPEN_STATUSES, due_provisional=True)
        .order_by("pk")
    )
    changed = deadlines_recounted(
        appeals,
        count=lambda a: due_after(a.due_from or a.due_date, a.due_days or 0, calendar),
        save=_save,
        action="appeal.due_recount",
        actor=actor,
    )
    return {"appeals": changed}
