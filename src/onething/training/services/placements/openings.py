"""Openings (岗位): posted by a partner company's staff (an applicant account acting for
the enterprise) or the institute's staff for a company, numbered ``GW`` + year + 5 digits,
edited while open, closed (then final). Every problem of the inputs at once (422), nothing
written; a company the actor does not act for 403; a closed opening 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.problems import refuse_if
from onething.core.services.audit import snapshot
from onething.core.services.idempotency import idempotent_create
from onething.core.services.numbering import next_in_sequence

from ...models import Opening, PartnerCompany, Track
from ...rules.common import note_problem
from ...rules.placements import (
    CLOSE,
    EDIT,
    OPENING_LIFECYCLE,
    opening_problems,
)
from ...selectors.placements import companies_of, may_manage, opening_get, opening_hired
from ..common import written

SERIES = "training_opening"
AUDIT_FIELDS = [
    "number",
    "company",
    "title",
    "track",
    "city",
    "positions",
    "description",
    "opens_on",
    "closes_on",
    "status",
]
POSTER_ROLES = (Role.APPLICANT, Role.INSTITUTE_STAFF, Role.ADMIN)
UNCHANGED: Any = object()


def opening_number(today: dt.date) -> str:
    """The next opening number of the year: GW2025 + 5 digits (core's counter)."""
    return f"GW{today.year}{next_in_sequence(f'{SERIES}:{today.year}'):05d}"


def _not_a_poster() -> PermissionDenied:
    return PermissionDenied(
        _("Only a partner company's staff and the institute's staff may post openings."),
        code="not_a_company",
    )


def _company(actor: Actor, company_id: Any) -> tuple[PartnerCompany | None, FieldProblem | None]:
    """The company the opening is for: the one named (the actor must act for it: else
    403), or the actor's only one."""
    require_role(actor, *POSTER_ROLES)
    mine = companies_of(actor)
    if company_id in (None, ""):
        found = list(mine[:2])
        if len(found) == 1:
            return found[0], None
        if not found:
            raise _not_a_poster()
        return None, FieldProblem(
            "company", "required", _("Choose the company the opening is for.")
        )
    if isinstance(company_id, bool) or not isinstance(company_id, int):
        return None, FieldProblem("company", "type", _("A whole number is expected."))
    company = mine.filter(pk=company_id).first()
    if company is not None:
        return company, None
    if PartnerCompany.objects.filter(pk=company_id).exists():
        raise PermissionDenied(
            _("You do not act for this company: post its openings from its own account."),
            code="not_your_company",
        )
    if not mine.exists():
        raise _not_a_poster()
    return None, FieldProblem(
        "company", "unknown", _("There is no partner company %(c)s.") % {"c": company_id}
    )


def _track(company: PartnerCompany | None, code: Any) -> tuple[Track | None, FieldProblem | None]:
    """The institute's track named by its code ('' for none)."""
    if code is None or code == "":
        return None, None
    if not isinstance(code, str):
        return None, FieldProblem("track", "type", _("A text value is expected."))
    if company is None:
        return None, None
    track = (
        Track.objects.filter(programme__institute_id=company.institute_id, code=code)
        .order_by("programme__code")
        .first()
    )
    if track is None:
        return None, FieldProblem("track", "unknown", _("There is no track %(c)s.") % {"c": code})
    return track, None


def _create(actor: Actor, fields: dict[str, Any], key: str | None) -> Opening:
    company, company_problem = _company(actor, fields["company_id"])
    track, track_problem = _track(company, fields["track_code"])
    today = clock.today()
    opens_on = fields["opens_on"] if fields["opens_on"] is not None else today
    problems = [p for p in (company_problem, track_problem) if p is not None] + opening_problems(
        title=fields["title"],
        city=fields["city"],
        positions=fields["positions"],
        description=fields["description"],
        opens_on=opens_on,
        closes_on=fields["closes_on"],
        today=today,
    )
    refuse_if(problems)
    opening = Opening.objects.create(
        number=opening_number(today),
        company=company,
        title=fields["title"].strip(),
        track=track,
        city=fields["city"].strip(),
        positions=fields["positions"],
        description=(fields["description"] or "").strip(),
        opens_on=opens_on,
        closes_on=fields["closes_on"],
        created_by_id=actor.user_id,
        request_key=(key or "")[:64],
    )
    return written(
        actor, opening, action="training.opening.create", fields=AUDIT_FIELDS, save=False
    )


@transaction.atomic
def opening_create(
    *,
    actor: Actor,
    title: str,
    positions: int,
    closes_on: dt.date,
    company_id: int | None = None,
    track_code: str = "",
    city: str = "无锡",
    description: str = "",
    opens_on: dt.date | None = None,
    idempotency_key: str | None = None,
) -> Opening:
    """Post an opening for ``company_id`` (a company's staff: default their company;
    the institute's staff name it): a title, a track of the institute (its code, or none),
    the city, 1–999 positions, a description, the day it opens (default today) and the day
    it closes. A retry with the same ``idempotency_key`` answers the first opening."""
    fields = {
        "company_id": company_id,
        "title": title,
        "track_code": track_code,
        "city": city,
        "positions": positions,
        "description": description,
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    opening, _created = idempotent_create(
        actor=actor,
        operation="training.opening.create",
        key=idempotency_key,
        payload=fields,
        model=Opening,
        create=lambda: _create(actor, fields, idempotency_key),
    )
    return opening


def locked_opening(actor: Actor, number: str) -> Opening:
    """The opening (unknown: 404), locked; 403 unless the actor acts for its company."""
    require_role(actor, *POSTER_ROLES)
    found = opening_get(actor, number)
    if not may_manage(actor, found.company):
        raise PermissionDenied(
            _("Only the company's staff and the institute's staff may change its openings."),
            code="not_your_company",
        )
    return Opening.objects.select_for_update().select_related("company").get(pk=found.pk)


@transaction.atomic
def opening_update(
    *,
    actor: Actor,
    number: str,
    title: Any = UNCHANGED,
    track_code: Any = UNCHANGED,
    city: Any = UNCHANGED,
    positions: Any = UNCHANGED,
    description: Any = UNCHANGED,
    opens_on: Any = UNCHANGED,
    closes_on: Any = UNCHANGED,
) -> Opening:
    """Change an open opening (what is not given stays as it is): every problem at once;
    not fewer positions than students placed through it; a closed opening 409."""
    opening = locked_opening(actor, number)
    OPENING_LIFECYCLE.target(opening.status, EDIT)  # 409 once closed
    new = {
        "title": opening.title if title is UNCHANGED else title,
        "city": opening.city if city is UNCHANGED else city,
        "positions": opening.positions if positions is UNCHANGED else positions,
        "description": opening.description if description is UNCHANGED else description,
        "opens_on": opening.opens_on if opens_on in (UNCHANGED, None) else opens_on,
        "closes_on": opening.closes_on if closes_on is UNCHANGED else closes_on,
    }
    track, track_problem = (
        (opening.track, None) if track_code is UNCHANGED else _track(opening.company, track_code)
    )
    today = clock.today()
    problems = opening_problems(**new, today=today, hired=opening_hired(opening))
    if closes_on is UNCHANGED and new["closes_on"] == opening.closes_on:
        problems = [p for p in problems if p.rule != "past"]  # an old day left as it was
    if track_problem is not None:
        problems.append(track_problem)
    refuse_if(problems)
    before = snapshot(opening, AUDIT_FIELDS)
    opening.title = new["title"].strip()
    opening.city = new["city"].strip()
    opening.positions = new["positions"]
    opening.description = (new["description"] or "").strip()
    opening.opens_on = new["opens_on"]
    opening.closes_on = new["closes_on"]
    opening.track = track
    return written(
        actor, opening, action="training.opening.update", fields=AUDIT_FIELDS, before=before
    )


@transaction.atomic
def opening_close(*, actor: Actor, number: str, note: str = "") -> Opening:
    """Close an opening: it takes no more applications (those made are still decided).
    A closed opening 409."""
    opening = locked_opening(actor, number)
    after = OPENING_LIFECYCLE.target(opening.status, CLOSE)
    refuse_if([note_problem("note", note)])
    before = snapshot(opening, AUDIT_FIELDS)
    opening.status = after
    return written(
        actor,
        opening,
        action="training.opening.close",
        fields=AUDIT_FIELDS,
        before=before,
        update_fields=["status"],
        note=note or "",
    )
