"""The selection (选拔): the institute's staff rank a cohort's interviewed applications
(and those already waiting) by score and offer places within capacity — counting the
places already offered or accepted — each offer answered by its deadline; the rest go on
the waiting list in rank order. A selection asking for more places than are free is
refused (409 ``over_capacity``); the cohort is locked while it runs, so two selections
(or a selection and a freed place moving the list up) never overfill it. Closing the
waiting list leaves everyone still on it not selected."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, ValidationFailed
from onething.core.permissions import Actor
from onething.core.services.audit import audit_record

from ..models import Application
from ..rules.applications import APPLICATION_LIFECYCLE, CLOSE, WAIT
from ..rules.selection import places_to_offer, plan_selection
from ..rules.statuses import COHORT_STATUS_LABELS as COHORT_LABELS
from ..rules.statuses import INTERVIEWED, OPEN, SELECTING, WAITING, label
from ..selectors.applications import (
    candidates,
    places_taken,
    staff_cohort,
    track_capacity,
    track_places_taken,
)
from .application_steps import (
    application_step,
    check_capacity,
    in_record_language,
    make_offer,
    snapshot_of,
)
from .common import cohort_locked

SELECTING_STAGES = (OPEN, SELECTING)


@dataclass
class SelectionResult:
    offered: list[Application]
    waiting: list[Application]
    capacity: int
    taken: int  # after the selection

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


def _selecting(cohort) -> None:
    if cohort.status not in SELECTING_STAGES:
        raise Conflict(
            _("%(c)s is “%(s)s”: places are offered while it is open or selecting.")
            % {"c": cohort.name, "s": label(COHORT_LABELS, cohort.status)},
            code="cohort_not_selecting",
            details={"status": cohort.status},
        )


@transaction.atomic
def selection_run(*, actor: Actor, cohort_code: str, places: int | None = None) -> SelectionResult:
    """Rank and offer up to ``places`` places (None: every free place) of the cohort; the
    others wait. 409 ``over_capacity`` for more places than are free, 409
    ``nothing_to_select`` when no interviewed application waits for the selection."""
    cohort = staff_cohort(actor, cohort_code)
    if places is not None and (type(places) is not int or places < 1):
        raise ValidationFailed.one("places", "min", _("At least 1."))
    cohort = cohort_locked(pk=cohort.pk)
    _selecting(cohort)
    taken = places_taken(cohort.pk)
    offers_now = places_to_offer(places, capacity=cohort.capacity, taken=taken)
    ranked_now = candidates(cohort.pk)
    if not any(True for _c in ranked_now):
        raise Conflict(
            _("No interviewed application waits for the selection."),
            code="nothing_to_select",
        )
    plan = plan_selection(
        ranked_now,
        places=offers_now,
        track_capacity=track_capacity(cohort),
        track_taken=track_places_taken(cohort.pk),
    )
    rows = Application.objects.select_for_update().in_bulk(
        [o.id for o in plan.offers] + plan.waiting
    )
    now = clock.now()
    offered = [make_offer(rows[o.id], cohort, o.track, actor, now=now) for o in plan.offers]
    waiting = []
    for rank, pk in enumerate(plan.waiting, start=1):
        application = rows[pk]
        before = snapshot_of(application)
        was = application.status
        application.status = APPLICATION_LIFECYCLE.target(was, WAIT, actor.role)
        application.wait_rank = rank
        application.save(update_fields=["status", "wait_rank"])
        if was == INTERVIEWED or before["wait_rank"] != rank:
            note = in_record_language(
                lambda rank=rank: _("Place %(n)s on the waiting list.") % {"n": rank}
            )
            application_step(application, WAIT, actor, before=before, note=note, at=now)
        waiting.append(application)
    check_capacity(cohort)
    taken_after = places_taken(cohort.pk)
    audit_record(
        actor=actor,
        action="training.cohort.selection",
        subject=cohort,
        before={"taken": taken},
        after={"offered": len(offered), "waiting": len(waiting), "taken": taken_after},
    )
    return SelectionResult(offered, waiting, cohort.capacity, taken_after)


@transaction.atomic
def waiting_list_close(*, actor: Actor, cohort_code: str) -> int:
    """Close the cohort's waiting list: everyone still on it (or interviewed and not
    selected) is not selected. How many."""
    cohort = staff_cohort(actor, cohort_code)
    cohort = cohort_locked(pk=cohort.pk)
    rows = list(
        Application.objects.select_for_update()
        .filter(cohort=cohort, status__in=(WAITING, INTERVIEWED))
        .order_by("wait_rank", "pk")
    )
    now = clock.now()
    for application in rows:
        before = snapshot_of(application)
        application.status = APPLICATION_LIFECYCLE.target(application.status, CLOSE, actor.role)
        application.wait_rank = None
        application.save(update_fields=["status", "wait_rank"])
        application_step(application, CLOSE, actor, before=before, at=now)
    audit_record(
        actor=actor,
        action="training.cohort.close_waiting_list",
        subject=cohort,
        after={"not_selected": len(rows)},
    )
    return len(rows)
