"""A line of a record's timeline with its audit entry, written together: the one way a
lifecycle (an event, a batch, a rectification, a project) writes what happened to its
record. The timeline is the app's own ``*Step`` model (what the record's page shows, in
order); the audit entry is core's tamper-evident log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from .. import clock
from ..permissions import Actor
from .audit import audit_record, snapshot

NOTE_MAX = 500  # a timeline line's note
AUDIT_NOTE_MAX = 300


def timeline_step(
    step_model: type[models.Model],
    *,
    subject: models.Model,
    action: str,
    actor: Actor,
    audit_action: str,
    audited: list[str],
    before: dict[str, Any] | None = None,
    note: str = "",
    at: dt.datetime | None = None,
    audit_extra: dict[str, Any] | None = None,
    **columns: Any,
) -> models.Model:
    """Write a ``step_model`` row (``columns``, e.g. the record and the status after the
    step, with the ``action``, the actor, the time — ``at`` or now — and the note) and the
    audit entry ``audit_action`` about ``subject``: its ``audited`` fields ``before`` the
    change (None: a new record) and after it (with ``audit_extra``). The note is cut to 500
    characters on the timeline, 300 in the audit log."""
    note = note or ""
    line = step_model.objects.create(
        action=action,
        actor_id=actor.user_id,
        at=at or clock.now(),
        note=note[:NOTE_MAX],
        **columns,
    )
    audit_record(
        actor=actor,
        action=audit_action,
        subject=subject,
        before=before,
        after=snapshot(subject, audited) | (audit_extra or {}),
        note=note[:AUDIT_NOTE_MAX],
    )
    return line
