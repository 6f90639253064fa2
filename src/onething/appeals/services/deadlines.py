"""Counting open provisional reply deadlines again once a year's holiday schedule is
entered (core's ``deadlines_recount``): each from its own basis (``due_days`` working days
from ``due_from``)."""

from __future__ import annotations

from django.db import transaction

from onething.core.permissions import Actor
from onething.core.services.audit import audit_record_many
from onething.core.workdays import OfficialCalendar, due_after

from .. import rules
from ..models import Appeal


@transaction.atomic
def appeal_deadlines_recount(*, actor: Actor, calendar: OfficialCalendar) -> dict[str, int]:
    """Count again the due date of every open appeal whose due date is provisional; each
    change is saved and audited."""
    records = []
    appeals = (
        Appeal.objects.select_for_update()
        .filter(status__in=rules.OPEN_STATUSES, due_provisional=True)
        .order_by("pk")
    )
    for appeal in appeals:
        start = appeal.due_from or appeal.due_date
        due = due_after(start, appeal.due_days or 0, calendar)
        if (due.date, due.provisional) == (appeal.due_date, appeal.due_provisional):
            continue
        before = {"due_date": appeal.due_date, "due_provisional": appeal.due_provisional}
        Appeal.objects.filter(pk=appeal.pk).update(
            due_date=due.date, due_provisional=due.provisional
        )
        records.append(
            {
                "action": "appeal.due_recount",
                "subject": appeal,
                "before": before,
                "after": {"due_date": due.date, "due_provisional": due.provisional},
            }
        )
    if records:
        audit_record_many(actor=actor, records=records)
    return {"appeals": len(records)}
