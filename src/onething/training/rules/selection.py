"""The ranked selection within capacity, pure (no database).

- **The ranking**: the interview score (the mean of the interviewers'), highest first; equal
  scores by the earlier application (``submitted_at``), then the lower id.
- **The places**: the cohort's capacity less the places already taken (offered, not yet
  answered, or accepted). A cohort with a capacity per track fills each track up to its
  own: a student gets their first choice if it has room, else their second; with neither,
  they wait. Without, the cohort's capacity is the only limit and a place is in the first
  choice.
- **The waiting list** (候补): everyone ranked but not offered, in rank order
  (``wait_rank`` 1 = next). When a place is freed (a declined, expired or withdrawn offer)
  the top of the list with room in a track they chose moves up.
- **The offer's deadline**: the end of the day (Beijing time) ``offer_days`` after the
  offer, and never after the day before the class starts (an offer made later than that
  is answered the same day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from onething.core.errors import Conflict

SHANGHAI = ZoneInfo("Asia/Shanghai")
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Candidate:
    """An interviewed (or waiting) application as the ranking sees it."""

    id: int
    score: Decimal
    submitted_at: dt.datetime
    first_track: int
    second_track: int | None = None


@dataclass(frozen=True)
class Offer:
    id: int
    track: int


@dataclass
class Plan:
    """What a selection does: the offers in rank order, then the waiting list in order."""

    offers: list[Offer] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)


def ranked(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Best score first; equal scores: the earlier application, then the lower id."""
    return sorted(candidates, key=lambda c: (-c.score, c.submitted_at, c.id))


def free_places(capacity: int, taken: int) -> int:
    return max(0, capacity - taken)


def over_capacity(*, asked: int, capacity: int, taken: int) -> Conflict:
    """The refusal of a selection that would offer more places than are free."""
    free = free_places(capacity, taken)
    return Conflict(
        _(
            "A selection may not exceed the capacity: %(c)s places, %(t)s taken already, "
            "%(f)s free — %(a)s asked."
        )
        % {"c": capacity, "t": taken, "f": free, "a": asked},
        code="over_capacity",
        details={"capacity": capacity, "taken": taken, "free": free, "asked": asked},
    )


def places_to_offer(places: int | None, *, capacity: int, taken: int) -> int:
    """How many offers a selection makes: ``places`` (None: every free place), refused
    when more than are free (409 ``over_capacity``)."""
    free = free_places(capacity, taken)
    if places is None:
        return free
    if places > free:
        raise over_capacity(asked=places, capacity=capacity, taken=taken)
    return places


def _track_for(
    first: int,
    second: int | None,
    track_capacity: Mapping[int, int] | None,
    track_taken: dict[int, int],
) -> int | None:
    """The track a place can be offered in: the first choice with room, else the second;
    None when neither has room. Without per-track capacities: the first choice."""
    if not track_capacity:
        return first
    for track in (first, second):
        if track is not None and track_taken.get(track, 0) < track_capacity.get(track, 0):
            return track
    return None


def plan_selection(
    candidates: Iterable[Candidate],
    *,
    places: int,
    track_capacity: Mapping[int, int] | None = None,
    track_taken: Mapping[int, int] | None = None,
) -> Plan:
    """Offer up to ``places`` places to the best ranked candidates (in a track they chose
    with room, when tracks have capacities); the others wait, in rank order."""
    taken = dict(track_taken or {})
    plan = Plan()
    for candidate in ranked(candidates):
        track = None
        if len(plan.offers) < places:
            track = _track_for(candidate.first_track, candidate.second_track, track_capacity, taken)
        if track is None:
            plan.waiting.append(candidate.id)
            continue
        taken[track] = taken.get(track, 0) + 1
        plan.offers.append(Offer(candidate.id, track))
    return plan


@dataclass(frozen=True)
class Waiting:
    """An application on the waiting list."""

    id: int
    wait_rank: int
    first_track: int
    second_track: int | None = None


def moving_up(
    waiting: Iterable[Waiting],
    *,
    free: int,
    track_capacity: Mapping[int, int] | None = None,
    track_taken: Mapping[int, int] | None = None,
) -> list[Offer]:
    """The offers the waiting list moves up into ``free`` places: from its top, each in a
    track they chose with room (those with none stay on the list, in their place)."""
    taken = dict(track_taken or {})
    offers: list[Offer] = []
    for entry in sorted(waiting, key=lambda w: (w.wait_rank, w.id)):
        if len(offers) >= free:
            break
        track = _track_for(entry.first_track, entry.second_track, track_capacity, taken)
        if track is None:
            continue
        taken[track] = taken.get(track, 0) + 1
        offers.append(Offer(entry.id, track))
    return offers


# ---------------------------------------------------------------------- deadlines


def offer_deadline(offered_at: dt.datetime, offer_days: int, starts_on: dt.date) -> dt.datetime:
    """The end of the day (Beijing time) ``offer_days`` after the offer, at the latest the
    day before the class starts, and never before the end of the offer's own day."""
    offered_on = offered_at.astimezone(SHANGHAI).date()
    last = offered_on + dt.timedelta(days=max(0, offer_days))
    last = min(last, starts_on - dt.timedelta(days=1))
    last = max(last, offered_on)
    return dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=SHANGHAI)


def is_overdue(deadline: dt.datetime | None, now: dt.datetime) -> bool:
    return deadline is not None and now > deadline


# ---------------------------------------------------------------------- scores


def mean_score(scores: Sequence[Decimal]) -> Decimal | None:
    """The mean of the interviewers' scores, to the hundredth (halves up); None for none."""
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, rounding=ROUND_HALF_UP)
