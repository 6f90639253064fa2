"""Reading placements (输送): the institute's list (filters company, cohort, year,
active), a company's, a student's own; one placement; a student's active placement."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, get_visible, visible

from ...models import Cohort, PartnerCompany, Placement
from .openings import may_manage

PLACEMENT_RELATED = (
    "company__enterprise",
    "company__institute",
    "person",
    "enrolment__cohort",
    "enrolment__track",
    "enrolment__university",
    "application__opening",
)
YEAR_RANGE = (2000, 2100)


def placements_list(
    actor: Actor,
    *,
    company: int | None = None,
    cohort: str = "",
    year: int | None = None,
    active: bool | None = None,
    mine: bool = False,
) -> QuerySet[Placement]:
    """The placements the actor sees (the institute's staff their institute's, a company's
    staff their company's, a student their own — only those with ``mine``), latest start
    first; filters ``company`` (a partner company's id), ``cohort`` (its code), ``year``
    (of the start), ``active`` (not ended). An unknown company or cohort, a year out of
    range: 422 naming it."""
    problems = []
    if company is not None and not PartnerCompany.objects.filter(pk=company).exists():
        problems.append(
            FieldProblem(
                "company", "unknown", _("There is no partner company %(c)s.") % {"c": company}
            )
        )
    if cohort and not Cohort.objects.filter(code=cohort).exists():
        problems.append(
            FieldProblem("cohort", "unknown", _("There is no cohort %(c)s.") % {"c": cohort})
        )
    if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        problems.append(
            FieldProblem(
                "year",
                "range",
                _("A year from %(a)s to %(b)s.") % {"a": YEAR_RANGE[0], "b": YEAR_RANGE[1]},
            )
        )
    if problems:
        raise ValidationFailed(problems)
    rows = visible(actor, Placement.objects.select_related(*PLACEMENT_RELATED))
    if mine:
        rows = rows.filter(person_id=actor.person_id) if actor.person_id else rows.none()
    if company is not None:
        rows = rows.filter(company_id=company)
    if cohort:
        rows = rows.filter(enrolment__cohort__code=cohort)
    if year is not None:
        rows = rows.filter(started_on__year=year)
    if active is not None:
        rows = rows.filter(ended_on__isnull=active)
    return rows.order_by("-started_on", "-id")


def placement_get(actor: Actor, placement_id: int) -> Placement:
    """One placement the actor sees (else 404)."""
    return get_visible(actor, Placement.objects.select_related(*PLACEMENT_RELATED), pk=placement_id)


def may_end(actor: Actor, placement: Placement) -> bool:
    """Whether the actor may record the end of the placement: an active one, by its
    company's staff or the institute's."""
    return placement.ended_on is None and may_manage(actor, placement.company)


def active_placement(person_id: int) -> Placement | None:
    """The student's placement not ended, if any (the database allows one)."""
    return (
        Placement.objects.select_related("company__enterprise")
        .filter(person_id=person_id, ended_on__isnull=True)
        .first()
    )


def placements_started(on: dt.date, *, institute_id: int | None = None) -> int:
    """Placements started up to and including ``on`` (the public figure "placed"; one
    count on the start index)."""
    rows = Placement.objects.filter(started_on__lte=on)
    if institute_id is not None:
        rows = rows.filter(company__institute_id=institute_id)
    return rows.count()
