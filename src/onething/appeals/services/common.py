"""What the appeal services share: the locked appeal, the transition with its timeline line
and audit entry, due dates in working days, and telling the requester."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from onething.core import clock, workdays
from onething.core.models import Department
from onething.core.permissions import Actor, get_visible
from onething.core.selectors.calendar import official_calendar
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.messages import message_send
from onething.core.workdays import DueDate

from .. import rules
from ..models import Appeal, AppealEvent
from ..tally import AppealState
from .tallies import appeal_counted

AUDIT_FIELDS = ["status", "department", "due_date", "round", "rating"]


def locked_appeal(actor: Actor, number: str) -> Appeal:
    """The appeal the actor may see, locked for the change (NotFound otherwise)."""
    appeal = get_visible(actor, Appeal.objects.all(), number=number)
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


def due_after(start: dt.date, working_days: int) -> DueDate:
    """The due date ``working_days`` after ``start``; for 0 (the same day), ``start`` if it
    is a working day, else the next one."""
    return workdays.due_after(start, working_days, official_calendar())


def deadline_fields(start: dt.date, working_days: int) -> dict:
    """The appeal's due date ``working_days`` from ``start``, with its basis (kept so that a
    provisional one can be counted again once the year's schedule is entered)."""
    due = due_after(start, working_days)
    return {
        "due_date": due.date,
        "due_provisional": due.provisional,
        "due_from": start,
        "due_days": working_days,
    }


def deadline_extended(appeal: Appeal, working_days: int) -> dict:
    """The due date ``working_days`` further (an approved extension), with its basis."""
    if appeal.due_from is not None and appeal.due_days:
        return deadline_fields(appeal.due_from, appeal.due_days + working_days)
    return deadline_fields(appeal.due_date, working_days)


def local_day(at: dt.datetime) -> dt.date:
    return timezone.localdate(at)


def event_add(
    appeal: Appeal,
    kind: str,
    actor: Actor,
    *,
    note: str = "",
    public: bool = True,
    department: Department | None = None,
    at: dt.datetime | None = None,
) -> AppealEvent:
    return AppealEvent.objects.create(
        appeal=appeal,
        at=at or clock.now(),
        kind=kind,
        actor_label=actor.label[:160],
        department=department,
        note=note[:500],
        public=public,
    )


def transition(
    appeal: Appeal,
    action: str,
    actor: Actor,
    *,
    note: str = "",
    public: bool = True,
    department: Department | None = None,
    at: dt.datetime | None = None,
    **changes,
) -> Appeal:
    """Apply ``action`` (refused with 409 if the status does not allow it), set ``changes``,
    save, and write the timeline line and the audit entry."""
    before = snapshot(appeal, AUDIT_FIELDS)
    counted = AppealState.of(appeal)
    appeal.status = rules.next_status(appeal.status, action)
    for field, value in changes.items():
        setattr(appeal, field, value)
    appeal.save()
    appeal_counted(counted, appeal)
    event_add(appeal, action, actor, note=note, public=public, department=department, at=at)
    audit_record(
        actor=actor,
        action=f"appeal.{action}",
        subject=appeal,
        before=before,
        after=snapshot(appeal, AUDIT_FIELDS),
        note=note[:300],
    )
    return appeal


def tell_requester(appeal: Appeal, subject: str, body: str) -> None:
    """A message to the requester (a person with an account); hotline callers and Open311
    clients follow their appeal by its number."""
    if appeal.person_id is None:
        return
    message_send(
        person=appeal.person,
        subject=subject,
        body=body,
        link=f"/appeals/{appeal.number}/",
        topic=appeal,
    )
