"""Reading openings (岗位): the public list of the ones taking applications, the ones a
company's staff (or the institute's) manage, one opening with what the reader may do with
it, and whom a reader acts for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible

from ...models import Enrolment, JobApplication, Opening, PartnerCompany, Track
from ...rules.placements import (
    CLOSE,
    EDIT,
    OPENING_LIFECYCLE,
    STUDENT_ENROLMENTS,
    accepting,
)
from ...rules.statuses import HIRED, OPENING_CLOSED, OPENING_OPEN
from ...scopes import is_staff_of, of_staff

OPENING_RELATED = ("company__enterprise", "company__institute", "track")


def companies_of(actor: Actor) -> QuerySet[PartnerCompany]:
    """The partner companies the actor acts for: a company's staff (an applicant account of
    the enterprise) their enterprise's; the institute's staff their institute's;
    administrators every one."""
    companies = PartnerCompany.objects.select_related("enterprise", "institute")
    if is_staff_of(actor):
        return of_staff(actor, companies, "institute")
    if actor.role == Role.APPLICANT and actor.enterprise_id:
        return companies.filter(enterprise_id=actor.enterprise_id)
    return companies.none()


def may_manage(actor: Actor, company: PartnerCompany) -> bool:
    """Whether the actor posts and decides for ``company``: its own staff, the staff of
    its institute, administrators."""
    if is_staff_of(actor):
        return is_staff_of(actor, company.institute.department_id)
    return (
        actor.role == Role.APPLICANT
        and actor.enterprise_id is not None
        and company.enterprise_id == actor.enterprise_id
    )


def _track_problem(track: str) -> FieldProblem | None:
    if track and not Track.objects.filter(code=track).exists():
        return FieldProblem("track", "unknown", _("There is no track %(c)s.") % {"c": track})
    return None


def _company_problem(company: int | None) -> FieldProblem | None:
    if company is not None and not PartnerCompany.objects.filter(pk=company).exists():
        return FieldProblem(
            "company", "unknown", _("There is no partner company %(c)s.") % {"c": company}
        )
    return None


def _filtered(rows: QuerySet[Opening], company: int | None, track: str) -> QuerySet[Opening]:
    problems = [p for p in (_company_problem(company), _track_problem(track)) if p]
    if problems:
        raise ValidationFailed(problems)
    if company is not None:
        rows = rows.filter(company_id=company)
    if track:
        rows = rows.filter(track__code=track)
    return rows


def openings_open(
    actor: Actor, *, company: int | None = None, track: str = ""
) -> QuerySet[Opening]:
    """The openings taking applications today (public), newest first (keyset on the
    status index); filters ``company`` (a partner company's id) and ``track`` (its code),
    an unknown one 422."""
    today = clock.today()
    rows = visible(actor, Opening.objects.select_related(*OPENING_RELATED)).filter(
        status=OPENING_OPEN, opens_on__lte=today, closes_on__gte=today
    )
    return _filtered(rows, company, track).order_by("-opens_on", "-id")


def openings_managed(
    actor: Actor, *, company: int | None = None, status: str = "", track: str = ""
) -> QuerySet[Opening]:
    """The openings of the companies the actor acts for (every status), newest first."""
    rows = Opening.objects.select_related(*OPENING_RELATED).filter(
        company_id__in=companies_of(actor).values("pk")
    )
    if status:
        if status not in (OPENING_OPEN, OPENING_CLOSED):
            raise ValidationFailed.one("status", "choice", _("Choose open or closed."))
        rows = rows.filter(status=status)
    return _filtered(rows, company, track).order_by("-opens_on", "-id")


def opening_get(actor: Actor, number: str) -> Opening:
    """One opening (openings are public; unknown: 404)."""
    return get_visible(actor, Opening.objects.select_related(*OPENING_RELATED), number=number)


def opening_hired(opening: Opening) -> int:
    """The students placed through the opening."""
    return opening.applications.filter(status=HIRED).count()


def student_enrolment(actor: Actor) -> Enrolment | None:
    """The class a student is in or completed (the latest): what lets them apply, and what
    their applications show the companies. None for anyone else."""
    if actor.role not in (Role.APPLICANT, Role.AGENT) or not actor.person_id:
        return None
    return (
        Enrolment.objects.select_related("cohort__programme", "track", "university")
        .filter(person_id=actor.person_id, status__in=STUDENT_ENROLMENTS)
        .order_by("-enrolled_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class OpeningView:
    """What a reader may do with an opening now: ``manage`` (post and decide for its
    company), ``moves`` (edit, close), ``accepting`` (takes applications today), ``may_apply``
    (a student who has not applied), ``mine`` (their application to it, if any),
    ``hired``."""

    opening: Opening
    manage: bool
    moves: list[str]
    accepting: bool
    may_apply: bool
    student: bool
    mine: JobApplication | None
    hired: int


def opening_view(actor: Actor, opening: Opening) -> OpeningView:
    manage = may_manage(actor, opening.company)
    moves = [m for m in (EDIT, CLOSE) if OPENING_LIFECYCLE.can(opening.status, m)] if manage else []
    taking = accepting(opening.status, opening.opens_on, opening.closes_on, clock.today())
    enrolment = student_enrolment(actor)
    mine = (
        JobApplication.objects.filter(opening=opening, person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    return OpeningView(
        opening=opening,
        manage=manage,
        moves=moves,
        accepting=taking,
        may_apply=taking and enrolment is not None and mine is None,
        student=enrolment is not None,
        mine=mine,
        hired=opening_hired(opening),
    )
