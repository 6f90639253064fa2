"""Supervision batches and the progress of each item on them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from onething.core.permissions import Actor, get_visible, visible

from ..models import Supervision, SupervisionBatch
from .appeals import DeadlineInfo, deadline_info


def batches_list(actor: Actor) -> QuerySet[SupervisionBatch]:
    return (
        visible(actor, SupervisionBatch.objects.select_related("programme", "region"))
        .annotate(
            total=Count("items"),
            done=Count("items", filter=Q(items__appeal__status="closed")),
        )
        .order_by("-created_at", "-id")
    )


def batch_get(actor: Actor, batch_id: int) -> SupervisionBatch:
    return get_visible(
        actor, SupervisionBatch.objects.select_related("programme", "region"), pk=batch_id
    )


@dataclass(frozen=True)
class BatchItem:
    supervision: Supervision
    deadline: DeadlineInfo
    done: bool
    late_for_batch: bool  # open past the batch's own deadline


def batch_progress(actor: Actor, batch: SupervisionBatch) -> list[BatchItem]:
    """Each supervised appeal with its state, as the actor may see it."""
    from onething.core import clock

    items = visible(
        actor,
        batch.items.select_related("appeal", "appeal__department", "appeal__category"),
    )
    today = clock.today()
    out = []
    for item in items:
        appeal = item.appeal
        done = appeal.status == "closed"
        out.append(
            BatchItem(
                supervision=item,
                deadline=deadline_info(appeal, today),
                done=done,
                late_for_batch=not done and today > batch.deadline,
            )
        )
    return out
