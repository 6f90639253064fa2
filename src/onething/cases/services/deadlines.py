"""Counting open provisional deadlines again once a year's holiday schedule is entered
(core's ``deadlines_recount``): running cases and open rectifications whose due date was
counted through a year with no schedule."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from onething.core.permissions import Actor
from onething.core.services.audit import audit_record_many
from onething.core.workdays import OfficialCalendar, add_working_days

from ..models import Case, CaseStatus, Rectification
from ..rules import due_date
from .ratings import RECTIFICATION_DAYS

RUNNING = (CaseStatus.ACCEPTED, CaseStatus.CORRECTION_REQUESTED)


@transaction.atomic
def case_deadlines_recount(*, actor: Actor, calendar: OfficialCalendar) -> dict[str, int]:
    """Count again the due date of every running case and open rectification whose due
    date is provisional; each change is saved (the roll-ups follow) and audited."""
    records = []
    cases = (
        Case.objects.select_for_update(of=("self",))
        .select_related("item")
        .filter(status__in=RUNNING, due_provisional=True)
        .order_by("pk")
    )
    for case in cases:
        due = due_date(
            timezone.localdate(case.accepted_at),
            case.item.promised_days,
            case.paused_days,
            calendar,
        )
        if (due.date, due.provisional) == (case.due_date, case.due_provisional):
            continue
        before = {"due_date": case.due_date, "due_provisional": case.due_provisional}
        case.due_date, case.due_provisional = due.date, due.provisional
        case.save(update_fields=["due_date", "due_provisional"])
        after = {"due_date": case.due_date, "due_provisional": case.due_provisional}
        records.append(
            {"action": "case.due_recount", "subject": case, "before": before, "after": after}
        )
    changed_cases = len(records)
    rectifications = Rectification.objects.select_for_update().filter(
        status=Rectification.Status.OPEN, due_provisional=True
    )
    for rectification in rectifications.order_by("pk"):
        due = add_working_days(
            timezone.localdate(rectification.opened_at), RECTIFICATION_DAYS, calendar
        )
        if (due.date, due.provisional) == (rectification.due_date, rectification.due_provisional):
            continue
        before = {"due_date": rectification.due_date, "due_provisional": True}
        Rectification.objects.filter(pk=rectification.pk).update(
            due_date=due.date, due_provisional=due.provisional
        )
        records.append(
            {
                "action": "rectification.due_recount",
                "subject": rectification,
                "before": before,
                "after": {"due_date": due.date, "due_provisional": due.provisional},
            }
        )
    if records:
        audit_record_many(actor=actor, records=records)
    return {"cases": changed_cases, "rectifications": len(records) - changed_cases}
