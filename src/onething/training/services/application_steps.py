"""What the application services share: the application locked for a change (with its
cohort first, when places may move), a line of its timeline with its audit entry, an offer
with its deadline, and the waiting list moving up into freed places — in the transaction
of the move that freed them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict
from onething.core.permissions import SYSTEM, Actor
from onething.core.services.audit import snapshot
from onething.core.services.timeline import timeline_step

from ..models import Application, ApplicationStep, Cohort
from ..rules.applications import APPLICATION_LIFECYCLE, OFFER
from ..rules.selection import Waiting, free_places, moving_up, offer_deadline
from ..rules.statuses import OPEN, SELECTING, WAITING
from ..selectors.applications import (
    application_get,
    places_taken,
    track_capacity,
    track_places_taken,
)
from .common import cohort_locked

AUDITED = ["status", "score", "track", "wait_rank", "offer_deadline", "screening_note"]
OFFER_FIELDS = ["status", "track", "wait_rank", "offered_at", "offer_deadline", "answered_at"]
STEP_NOTE_MAX = 300  # ApplicationStep.note
# the cohort's stages in which a freed place moves the waiting list up
MOVING_UP = (OPEN, SELECTING)


def snapshot_of(application: Application) -> dict:
    """What an audit entry keeps of an application before and after a move."""
    return snapshot(application, AUDITED)


def locked_application(actor: Actor, number: str, *, with_cohort: bool = False) -> Application:
    """The application the actor may see (404 otherwise), locked; ``with_cohort`` locks its
    cohort first (always in that order, so two moves never wait on each other)."""
    found = application_get(actor, number)
    if with_cohort:
        cohort_locked(pk=found.cohort_id)
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cohort__programme__institute", "university", "first_track", "track")
        .get(pk=found.pk)
    )


def in_record_language(text_of) -> str:
    """A note of the timeline, in the city's words whoever reads it later."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text_of())


def application_step(
    application: Application,
    action: str,
    actor: Actor,
    *,
    before: dict | None,
    note: str = "",
    at: dt.datetime | None = None,
) -> ApplicationStep:
    """A line of the application's timeline and its audit entry."""
    return timeline_step(
        ApplicationStep,
        subject=application,
        action=action,
        actor=actor,
        audit_action=f"training.application.{action}",
        audited=AUDITED,
        before=before,
        note=(note or "")[:STEP_NOTE_MAX],
        at=at,
        application=application,
        status=application.status,
    )


def make_offer(
    application: Application,
    cohort: Cohort,
    track_id: int,
    actor: Actor,
    *,
    now: dt.datetime,
    note: str = "",
    system: bool = False,
) -> Application:
    """Offer the application a place in ``track_id``, answered by its deadline."""
    before = snapshot_of(application)
    application.status = APPLICATION_LIFECYCLE.target(
        application.status, OFFER, actor.role, system=system or actor.is_system
    )
    application.track_id = track_id
    application.wait_rank = None
    application.offered_at = now
    application.offer_deadline = offer_deadline(now, cohort.offer_days, cohort.starts_on)
    application.answered_at = None
    application.save(update_fields=OFFER_FIELDS)
    application_step(application, OFFER, actor, before=before, note=note, at=now)
    return application


def check_capacity(cohort: Cohort) -> None:
    """The last guard of every change of places: never more taken than the capacity."""
    taken = places_taken(cohort.pk)
    if taken > cohort.capacity:
        raise Conflict(
            _("The cohort's %(c)s places are all taken.") % {"c": cohort.capacity},
            code="over_capacity",
            details={"capacity": cohort.capacity, "taken": taken},
        )


def waiting_list_move_up(cohort: Cohort, *, now: dt.datetime | None = None) -> list[Application]:
    """Offer the places free now to the top of the waiting list (the cohort locked by the
    caller), each with a new deadline; the platform makes these offers."""
    if cohort.status not in MOVING_UP:
        return []
    now = now or clock.now()
    free = free_places(cohort.capacity, places_taken(cohort.pk))
    if free <= 0:
        return []
    per_track = track_capacity(cohort)
    rows = Application.objects.filter(cohort=cohort, status=WAITING).order_by("wait_rank", "pk")
    if not per_track:
        rows = rows[:free]
    waiting = [
        Waiting(pk, rank or 0, first, second)
        for pk, rank, first, second in rows.values_list(
            "pk", "wait_rank", "first_track_id", "second_track_id"
        )
    ]
    offers = moving_up(
        waiting,
        free=free,
        track_capacity=per_track,
        track_taken=track_places_taken(cohort.pk) if per_track else None,
    )
    moved = []
    locked = Application.objects.select_for_update().in_bulk([o.id for o in offers])
    for offer in offers:
        application = locked[offer.id]
        rank = application.wait_rank
        note = in_record_language(
            lambda rank=rank: _("Moved up from the waiting list (place %(n)s).") % {"n": rank}
        )
        moved.append(
            make_offer(application, cohort, offer.track, SYSTEM, now=now, note=note, system=True)
        )
    check_capacity(cohort)
    return moved
