"""Who sees what of the institute (administrators and the system: everything).

- Public: the institute, programmes, tracks, courses, cohorts, partner companies and
  advisers, universities, agreements and the courses they count, open openings.
- The institute's staff (role ``institute_staff`` in the institute's department) see
  everything of their institute.
- A student (an applicant account's person) sees their own applications, enrolments,
  attendance, grades, transcripts, job applications and placements.
- An adviser sees the enrolments, attendance and grades of the classes (cohort and track)
  they are assigned to.
- A company's staff (an applicant account acting for the partner's enterprise) see their
  openings, the job applications to them and their placements.
- A university's registrar sees the transcripts issued to their university and the
  enrolments of its students."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import PermissionDenied
from onething.core.models import Role
from onething.core.permissions import EVERYTHING, NOTHING, Actor, require_role, scope_rule

from .models import (
    Adviser,
    AdviserAssignment,
    AgreementCourse,
    Application,
    ApplicationFile,
    ApplicationStep,
    Attendance,
    Cohort,
    Course,
    CreditAgreement,
    Enrolment,
    Grade,
    Institute,
    Interview,
    JobApplication,
    Opening,
    PartnerCompany,
    Placement,
    Programme,
    Track,
    Transcript,
    TranscriptLine,
    University,
    UniversityAccount,
)

for public in (
    Institute,
    Programme,
    Track,
    Course,
    Cohort,
    PartnerCompany,
    Adviser,
    AdviserAssignment,
    University,
    CreditAgreement,
    AgreementCourse,
    Opening,
):
    scope_rule(public)(lambda actor: EVERYTHING)


M = TypeVar("M", bound=Model)
STAFF_ROLES = (Role.INSTITUTE_STAFF, Role.ADMIN)


def is_institute_staff(actor: Actor) -> bool:
    return actor.role == Role.INSTITUTE_STAFF and actor.department_id is not None


def is_staff_of(actor: Actor, department_id: int | None = None) -> bool:
    """The institute's staff (of the institute whose department is ``department_id``, when
    given), an administrator or the platform: who runs the institute's records."""
    if actor.is_system or actor.role == Role.ADMIN:
        return True
    return is_institute_staff(actor) and department_id in (None, actor.department_id)


def require_staff(actor: Actor, institute: Institute | None = None) -> None:
    """The one gate of the institute's staff (of ``institute``, when given), an
    administrator or the platform; anyone else 403 — another department's officer, a
    student, a registrar, a company's staff (401 signed out)."""
    require_role(actor, *STAFF_ROLES)
    if not is_staff_of(actor):
        raise PermissionDenied(
            _("Only the institute's staff may do this."), details={"your_role": actor.role}
        )
    if institute is not None and not is_staff_of(actor, institute.department_id):
        raise PermissionDenied(
            _("This belongs to another institute."),
            details={"institute": institute.short_name or institute.name},
        )


def staff_q(actor: Actor, institute_path: str) -> Q:
    """Records of the actor's institute (``institute_path``: the lookup to an Institute)."""
    if is_institute_staff(actor):
        return Q(**{f"{institute_path}__department_id": actor.department_id})
    return NOTHING


def of_staff(actor: Actor, rows: QuerySet[M], institute_path: str) -> QuerySet[M]:
    """The rows the actor runs as the institute's staff (``institute_path``: the lookup to
    their Institute): their institute's; every one for an administrator or the platform;
    none for anyone else."""
    if actor.is_system or actor.role == Role.ADMIN:
        return rows
    return rows.filter(staff_q(actor, institute_path))


def own_person_q(actor: Actor, field: str = "person") -> Q:
    if actor.role in (Role.APPLICANT, Role.AGENT) and actor.person_id:
        return Q(**{f"{field}_id": actor.person_id})
    return NOTHING


def company_q(actor: Actor, company_path: str) -> Q:
    """Records of the partner company the actor's enterprise is."""
    if actor.role == Role.APPLICANT and actor.enterprise_id:
        return Q(**{f"{company_path}__enterprise_id": actor.enterprise_id})
    return NOTHING


def adviser_q(actor: Actor, enrolment_path: str) -> Q:
    """Enrolments (at ``enrolment_path``; "" for Enrolment itself) in the classes the
    actor advises: their (cohort, track) pairs, resolved first."""
    if actor.role != Role.APPLICANT or not actor.user_id:
        return NOTHING
    pairs = list(
        AdviserAssignment.objects.filter(adviser__account_id=actor.user_id).values_list(
            "cohort_id", "track_id"
        )
    )
    prefix = f"{enrolment_path}__" if enrolment_path else ""
    q = NOTHING
    for cohort_id, track_id in pairs:
        q |= Q(**{f"{prefix}cohort_id": cohort_id, f"{prefix}track_id": track_id})
    return q


def university_id_of(actor: Actor) -> int | None:
    if actor.role != Role.UNIVERSITY or not actor.user_id:
        return None
    return (
        UniversityAccount.objects.filter(user_id=actor.user_id)
        .values_list("university_id", flat=True)
        .first()
    )


def university_q(actor: Actor, field: str = "university") -> Q:
    university_id = university_id_of(actor)
    if university_id is None:
        return NOTHING
    return Q(**{f"{field}_id": university_id})


def institute_cohorts_q(actor: Actor, field: str = "cohort") -> Q:
    """Records of the staff's institute's cohorts: the cohorts' ids, resolved first (a
    few dozen), so a big table is filtered on its own column rather than joined up to
    the institute."""
    if not is_institute_staff(actor):
        return NOTHING
    ids = list(
        Cohort.objects.filter(programme__institute__department_id=actor.department_id).values_list(
            "pk", flat=True
        )
    )
    return Q(**{f"{field}_id__in": ids})


@scope_rule(Application)
def _applications(actor: Actor) -> Q:
    return institute_cohorts_q(actor) | own_person_q(actor)


def _of_application(actor: Actor) -> Q:
    return staff_q(actor, "application__cohort__programme__institute") | own_person_q(
        actor, "application__person"
    )


scope_rule(ApplicationFile)(_of_application)
scope_rule(ApplicationStep)(_of_application)


@scope_rule(Interview)
def _interviews(actor: Actor) -> Q:
    return staff_q(actor, "application__cohort__programme__institute")


@scope_rule(Enrolment)
def _enrolments(actor: Actor) -> Q:
    return (
        institute_cohorts_q(actor)
        | own_person_q(actor)
        | adviser_q(actor, "")
        | university_q(actor)
    )


def _of_enrolment(actor: Actor) -> Q:
    return (
        staff_q(actor, "enrolment__cohort__programme__institute")
        | own_person_q(actor, "enrolment__person")
        | adviser_q(actor, "enrolment")
    )


scope_rule(Attendance)(_of_enrolment)
scope_rule(Grade)(_of_enrolment)


@scope_rule(Transcript)
def _transcripts(actor: Actor) -> Q:
    return (
        staff_q(actor, "agreement__institute")
        | own_person_q(actor, "enrolment__person")
        | university_q(actor)
    )


@scope_rule(TranscriptLine)
def _transcript_lines(actor: Actor) -> Q:
    return (
        staff_q(actor, "transcript__agreement__institute")
        | own_person_q(actor, "transcript__enrolment__person")
        | university_q(actor, "transcript__university")
    )


@scope_rule(JobApplication)
def _job_applications(actor: Actor) -> Q:
    return (
        staff_q(actor, "opening__company__institute")
        | own_person_q(actor)
        | company_q(actor, "opening__company")
    )


@scope_rule(Placement)
def _placements(actor: Actor) -> Q:
    return staff_q(actor, "company__institute") | own_person_q(actor) | company_q(actor, "company")


@scope_rule(UniversityAccount)
def _university_accounts(actor: Actor) -> Q:
    if actor.role == Role.INSTITUTE_STAFF:
        return EVERYTHING
    if actor.role == Role.UNIVERSITY and actor.user_id:
        return Q(user_id=actor.user_id)
    return NOTHING
