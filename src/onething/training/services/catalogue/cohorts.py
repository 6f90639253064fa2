"""Cohorts (实训班): created and edited by the institute's staff (dates, capacity, the
application window, the days an offer is open, the tracks taught), and moved through
rules.cohorts.COHORT_LIFECYCLE: open applications (planned → open), close them (open →
selecting; reopen), start the class (selecting → running), finish it (running →
finished). An illegal move is a 409 naming the state; what a state freezes (the window
and the tracks once applications close, the start and the capacity once the class runs)
is a 409 too; bad input a 422 with every problem at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import Conflict, FieldProblem
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import Cohort, Programme, Track
from ...rules.catalogue import code_problem, cohort_problems
from ...rules.cohorts import COHORT_LIFECYCLE, frozen_fields, status_label
from ..common import UNSET, clean_text, given, moved, require_staff
from ..common import cohort_locked as locked_cohort
from .common import catalogue_written
from .programmes import programme_locked

COHORT_FIELDS = [
    "programme",
    "code",
    "name",
    "starts_on",
    "ends_on",
    "capacity",
    "applications_open_at",
    "applications_close_at",
    "offer_days",
    "status",
]


def _tracks(programme: Programme, codes: Any) -> tuple[list[Track], FieldProblem | None]:
    if not isinstance(codes, list | tuple) or not codes:
        return [], FieldProblem("tracks", "required", _("Choose at least one track."))
    codes = [str(c) for c in codes]
    found = {t.code: t for t in Track.objects.filter(programme=programme, code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        return [], FieldProblem(
            "tracks",
            "unknown",
            _("The programme has no track %(c)s.") % {"c": ", ".join(missing[:5])},
        )
    return [found[c] for c in dict.fromkeys(codes)], None


def _snapshot(cohort: Cohort) -> dict[str, Any]:
    return snapshot(cohort, COHORT_FIELDS) | {
        "tracks": sorted(cohort.tracks.values_list("code", flat=True))
    }


@transaction.atomic
def cohort_create(
    *,
    actor: Actor,
    programme_code: str,
    code: str,
    name: str,
    starts_on: Any,
    ends_on: Any,
    capacity: Any,
    applications_open_at: Any,
    applications_close_at: Any,
    tracks: list[str],
    offer_days: Any = 7,
    idempotency_key: str | None = None,
) -> Cohort:
    """A cohort of a programme (2025年暑期实训班, ``2025S``: from 14 July, 750 places),
    planned; its tracks are among the programme's. A retry with the same key answers the
    first cohort."""
    programme = programme_locked(actor, programme_code)
    code = clean_text(code)
    chosen, tracks_problem = _tracks(programme, tracks)
    problems = [
        code_problem("code", code, taken=Cohort.objects.filter(code=code).exists()),
        text_problem("name", name, 100, required=True),
        *cohort_problems(
            starts_on=starts_on,
            ends_on=ends_on,
            applications_open_at=applications_open_at,
            applications_close_at=applications_close_at,
            capacity=capacity,
            offer_days=offer_days,
        ),
        tracks_problem,
    ]

    def create() -> Cohort:
        refuse_if(problems)
        cohort = Cohort.objects.create(
            programme=programme,
            code=code,
            name=name.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
            applications_open_at=applications_open_at,
            applications_close_at=applications_close_at,
            offer_days=offer_days,
        )
        cohort.tracks.set(chosen)
        return catalogue_written(
            actor,
            cohort,
            "training.cohort.create",
            COHORT_FIELDS,
            save=False,
            snapshot_of=_snapshot,
        )

    payload = {
        "programme": programme.code,
        "code": code,
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "capacity": capacity,
        "open": applications_open_at,
        "close": applications_close_at,
        "offer_days": offer_days,
        "tracks": list(tracks) if isinstance(tracks, list | tuple) else tracks,
    }
    cohort, _created = idempotent_create(
        actor=actor,
        operation="training.cohort.create",
        key=idempotency_key,
        payload=payload,
        model=Cohort,
        create=create,
    )
    return cohort


def cohort_locked(actor: Actor, code: str) -> Cohort:
    cohort = locked_cohort(code=code)
    require_staff(actor, cohort.programme.institute)
    return cohort


@transaction.atomic
def cohort_update(
    *,
    actor: Actor,
    code: str,
    name: str | None = None,
    starts_on: Any = UNSET,
    ends_on: Any = UNSET,
    capacity: Any = UNSET,
    applications_open_at: Any = UNSET,
    applications_close_at: Any = UNSET,
    offer_days: Any = UNSET,
    tracks: list[str] | None = None,
) -> Cohort:
    """Change what is given. A finished cohort changes no more (409); once applications
    have closed, the window and the tracks stay; once the class runs, the start and the
    capacity too (409 naming what may not change)."""
    cohort = cohort_locked(actor, code)
    before = _snapshot(cohort)
    asked = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "capacity": capacity,
        "applications_open_at": applications_open_at,
        "applications_close_at": applications_close_at,
        "offer_days": offer_days,
    }
    values = {k: (getattr(cohort, k) if v is UNSET else v) for k, v in asked.items()}
    changed = {k for k, v in values.items() if v != getattr(cohort, k)}
    chosen, tracks_problem = ([], None)
    if tracks is not None:
        chosen, tracks_problem = _tracks(cohort.programme, tracks)
        if tracks_problem is None and {t.code for t in chosen} != set(before["tracks"]):
            changed.add("tracks")
    frozen = frozen_fields(cohort.status)
    if frozen is None or changed & frozen:
        stuck = sorted(changed if frozen is None else changed & frozen)
        raise Conflict(
            _("A cohort that is “%(status)s” can no longer change this.")
            % {"status": status_label(cohort.status)},
            code="cohort_frozen",
            details={"status": cohort.status, "fields": stuck},
        )
    refuse_if(
        [
            text_problem("name", name, 100, required=True) if name is not None else None,
            *cohort_problems(**values),
            tracks_problem,
        ]
    )
    for field, value in values.items():
        setattr(cohort, field, value)
    given(cohort, name=name)
    cohort.save()
    if "tracks" in changed:
        cohort.tracks.set(chosen)
    return catalogue_written(
        actor,
        cohort,
        "training.cohort.update",
        COHORT_FIELDS,
        before,
        save=False,
        snapshot_of=_snapshot,
    )


@transaction.atomic
def cohort_move(*, actor: Actor, code: str, action: str, note: str = "") -> Cohort:
    """Move the cohort on by ``action`` (open, close, reopen, start, finish), as the
    lifecycle allows from its state (else 409)."""
    cohort = cohort_locked(actor, code)
    refuse_if([text_problem("note", note, 300)])
    return moved(
        actor,
        cohort,
        COHORT_LIFECYCLE,
        action,
        audit_action=f"training.cohort.{action}",
        note=clean_text(note),
        system=True,  # the lifecycle names no role: who moves a cohort is checked above
        reference=True,
    )
