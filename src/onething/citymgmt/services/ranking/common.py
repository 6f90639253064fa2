"""What the ranking services share: an actor's roles in the lifecycles (the
city-management office, a supervisor, a managing department), the office's check, the
locked batch, and a line of a batch's timeline with its audit entry."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from onething.core.errors import PermissionDenied
from onething.core.permissions import Actor, get_visible
from onething.core.services.timeline import timeline_step

from ...models import BatchStep, RankingBatch
from ...selectors.ranking import batch_roles, is_office, task_roles

BATCH_AUDIT = ["status", "approved_by", "approved_at", "published_at"]


def require_office(actor: Actor) -> None:
    """Refuse (403) unless the actor is of the city-management office."""
    if not is_office(actor):
        raise PermissionDenied(
            _("Only the city-management office may do this."),
            details={"your_role": actor.role},
        )


def locked_batch(actor: Actor, batch_id: int) -> RankingBatch:
    """The batch the actor may see, locked for the change (NotFound otherwise)."""
    batch = get_visible(actor, RankingBatch.objects.all(), pk=batch_id)
    return RankingBatch.objects.select_for_update().select_related("region").get(pk=batch.pk)


def batch_step(
    batch: RankingBatch,
    action: str,
    actor: Actor,
    *,
    note: str = "",
    at: dt.datetime | None = None,
    before: dict | None = None,
) -> BatchStep:
    """A line of the batch's timeline and its audit entry."""
    return timeline_step(
        BatchStep,
        subject=batch,
        action=action,
        actor=actor,
        audit_action=f"ranking_batch.{action}",
        audited=BATCH_AUDIT,
        before=before,
        note=note,
        at=at,
        batch=batch,
        status_after=batch.status,
    )


__all__ = ["batch_roles", "batch_step", "is_office", "locked_batch", "require_office", "task_roles"]
