"""Reads of applications, already scoped (training.scopes): the institute's staff see their
institute's, a student their own, anyone else nothing (a registrar included). The moves a
person may make on an application; the cohort a staff member selects for, with its
places; whether a university's credits transfer (an agreement valid on the cohort's
first day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from onething.core import clock
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible

from ..models import Application, ApplicationFile, Cohort, Interview, University
from ..rules.applications import (
    APPLICATION_LIFECYCLE,
    STAFF_MOVES,
    STUDENT_MOVES,
    applications_open,
)
from ..rules.selection import Candidate, Plan, free_places, plan_selection
from ..rules.statuses import (
    ACCEPTED,
    APPLICATION_STATUSES,
    INTERVIEWED,
    OFFERED,
    WAITING,
)
from ..scopes import is_staff_of, require_staff
from .catalogue.records import agreed_university_ids, cohort_get

TAKEN = (OFFERED, ACCEPTED)  # the statuses that hold a place
RELATED = (
    "cohort__programme__institute",
    "university",
    "first_track",
    "second_track",
    "track",
    "person",
)


# ---------------------------------------------------------------------- one application


def application_get(actor: Actor, number: str) -> Application:
    """An application the actor may see (404 for any other: its existence is not told)."""
    return get_visible(actor, Application.objects.select_related(*RELATED), number=number)


def application_file_get(actor: Actor, number: str, file_id: int) -> ApplicationFile:
    """A file of an application the actor may see: its student and the institute's staff."""
    application = application_get(actor, number)
    return get_visible(actor, ApplicationFile.objects.filter(application=application), pk=file_id)


def application_moves(actor: Actor, application: Application) -> list[str]:
    """The moves the actor may make now on the application's page: the staff's screening
    and interview scores; the student's answer to an offer (not past its deadline) and
    withdrawal."""
    if actor.role == Role.INSTITUTE_STAFF:
        candidates = STAFF_MOVES
    elif actor.person_id is not None and application.person_id == actor.person_id:
        candidates = STUDENT_MOVES
    else:
        return []
    moves = [m for m in candidates if APPLICATION_LIFECYCLE.can(application.status, m, actor.role)]
    overdue = application.offer_deadline is not None and clock.now() > application.offer_deadline
    if overdue:
        moves = [m for m in moves if m not in ("accept", "decline")]
    return moves


def waiting_position(application: Application) -> int | None:
    """Where a waiting application is on its cohort's list now (1 = next); None when it
    does not wait."""
    if application.status != WAITING or application.wait_rank is None:
        return None
    ahead = Application.objects.filter(
        cohort_id=application.cohort_id, status=WAITING, wait_rank__lt=application.wait_rank
    ).count()
    return ahead + 1


def interviews_of(actor: Actor, application: Application) -> list:
    """The interview scores of an application (the staff only; a student sees the mean)."""
    if not is_staff_of(actor):
        return []
    return list(
        visible(actor, Interview.objects.filter(application=application)).select_related(
            "interviewer"
        )
    )


# ---------------------------------------------------------------------- lists


def applications_list(
    actor: Actor,
    *,
    cohort: str = "",
    status: str = "",
    track: str = "",
    university: int | None = None,
    part: int | None = None,
) -> QuerySet[Application]:
    """The applications the actor may see, newest first (the keyset of the list), by
    cohort code, status, track code (first or second choice, or the place offered) and
    university."""
    rows = visible(actor, Application.objects.all(), part).select_related(*RELATED)
    if cohort:
        rows = rows.filter(cohort__code=cohort)
    if status:
        rows = rows.filter(status=status) if status in APPLICATION_STATUSES else rows.none()
    if track:
        rows = rows.filter(
            Q(first_track__code=track) | Q(second_track__code=track) | Q(track__code=track)
        )
    if university:
        rows = rows.filter(university_id=university)
    return rows.order_by("-submitted_at", "-id")


def my_applications(actor: Actor) -> QuerySet[Application]:
    """A student's own applications, newest first (nobody else's, whoever asks)."""
    if actor.person_id is None:
        return Application.objects.none()
    return (
        Application.objects.filter(person_id=actor.person_id)
        .select_related(*RELATED)
        .order_by("-submitted_at", "-id")
    )


# ---------------------------------------------------------------------- cohorts


def require_institute_staff(actor: Actor, cohort: Cohort | None = None) -> None:
    """Refuse (403) unless the actor is the institute's staff (of ``cohort``'s institute)."""
    require_staff(actor, cohort.programme.institute if cohort is not None else None)


def staff_cohort(actor: Actor, code: str) -> Cohort:
    cohort = cohort_get(actor, code)
    require_institute_staff(actor, cohort)
    return cohort


def taking_applications(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    return applications_open(
        cohort.status,
        cohort.applications_open_at,
        cohort.applications_close_at,
        now or clock.now(),
    )


def track_choices(cohort: Cohort) -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in cohort.tracks.order_by("code")]


def universities_with_agreement(cohort: Cohort) -> set[int]:
    """The universities whose credits transfer for the cohort: an agreement with its
    institute valid on the cohort's first day (not terminated by then)."""
    institute_id = cohort.programme.institute_id
    return set(agreed_university_ids(cohort.starts_on, institute_id=institute_id))


def credits_transfer(application: Application) -> bool:
    return application.university_id in universities_with_agreement(application.cohort)


def university_choices() -> list[tuple[int, str]]:
    return list(University.objects.order_by("name").values_list("id", "name"))


# ---------------------------------------------------------------------- the selection


def places_taken(cohort_id: int, track_id: int | None = None) -> int:
    rows = Application.objects.filter(cohort_id=cohort_id, status__in=TAKEN)
    if track_id is not None:
        rows = rows.filter(track_id=track_id)
    return rows.count()


def track_places_taken(cohort_id: int) -> dict[int, int]:
    return dict(
        Application.objects.filter(cohort_id=cohort_id, status__in=TAKEN)
        .values_list("track_id")
        .annotate(n=Count("id"))
        .values_list("track_id", "n")
    )


def track_capacity(cohort: Cohort) -> dict[int, int] | None:
    """The capacity of each track, when the cohort sets one (else None: only the
    cohort's capacity counts)."""
    places = getattr(cohort, "track_capacity", None)
    if not places:
        return None
    by_code = {t.code: t.pk for t in cohort.tracks.all()}
    return {by_code[code]: int(n) for code, n in places.items() if code in by_code}


def candidates(cohort_id: int) -> list[Candidate]:
    """The applications a selection ranks: interviewed, and those already waiting."""
    return [
        Candidate(pk, score, submitted_at, first, second)
        for pk, score, submitted_at, first, second in Application.objects.filter(
            cohort_id=cohort_id, status__in=(INTERVIEWED, WAITING), score__isnull=False
        ).values_list("pk", "score", "submitted_at", "first_track_id", "second_track_id")
    ]


@dataclass
class SelectionOverview:
    cohort: Cohort
    capacity: int
    taken: int
    free: int
    by_status: dict[str, int]
    plan: Plan
    candidates: int
    track_taken: dict[int, int] = field(default_factory=dict)


def selection_overview(actor: Actor, code: str) -> SelectionOverview:
    """A cohort's places and the selection it would make now (for its staff)."""
    cohort = staff_cohort(actor, code)
    by_status = dict(
        Application.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    taken = sum(by_status.get(s, 0) for s in TAKEN)
    free = free_places(cohort.capacity, taken)
    ranked_now = candidates(cohort.pk)
    track_taken = track_places_taken(cohort.pk)
    plan = plan_selection(
        ranked_now,
        places=free,
        track_capacity=track_capacity(cohort),
        track_taken=track_taken,
    )
    return SelectionOverview(
        cohort=cohort,
        capacity=cohort.capacity,
        taken=taken,
        free=free,
        by_status=by_status,
        plan=plan,
        candidates=len(ranked_now),
        track_taken=track_taken,
    )
