"""Reading job applications: a student's own, a company's (to its openings, with each
student's class, track and passed courses), the institute's; one application with the
moves the reader may make on it. Another company's applications are not found (404)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import ValidationFailed
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible

from ...models import Grade, JobApplication
from ...rules.placements import COMPANY, JOB_LIFECYCLE, STUDENT
from ...rules.statuses import JOB_STATUSES
from .openings import may_manage

JOB_RELATED = (
    "opening__company__enterprise",
    "opening__company__institute",
    "opening__track",
    "person",
    "enrolment__cohort",
    "enrolment__track",
    "enrolment__university",
    "placement",
)


def _with_passed(rows: QuerySet[JobApplication]) -> QuerySet[JobApplication]:
    """Each application's enrolment with its passed courses (``passed_grades``), read with
    the page: the reader sees the application, so they see what it shows of the student."""
    passed = Grade.objects.filter(passed=True).select_related("course").order_by("course__code")
    return rows.select_related(*JOB_RELATED).prefetch_related(
        Prefetch("enrolment__grades", queryset=passed, to_attr="passed_grades")
    )


def passed_courses(application: JobApplication) -> list[str]:
    """The names of the courses the student passed in their class."""
    grades = getattr(application.enrolment, "passed_grades", None)
    if grades is None:
        grades = (
            application.enrolment.grades.filter(passed=True)
            .select_related("course")
            .order_by("course__code")
        )
    return [g.course.name for g in grades]


def job_student(application: JobApplication) -> dict:
    """The student of a job application as the company sees them: name, student number,
    class, track, university and the courses passed — no identity number, no phone."""
    enrolment = application.enrolment
    return {
        "name": application.person.name,
        "enrolment": enrolment.number,
        "cohort": enrolment.cohort.name,
        "track": enrolment.track.name,
        "university": enrolment.university.name,
        "passed_courses": passed_courses(application),
    }


def job_applications(
    actor: Actor,
    *,
    opening: str = "",
    status: str = "",
    company: int | None = None,
    mine: bool = False,
) -> QuerySet[JobApplication]:
    """The job applications the actor sees — a student their own (``mine``: only those,
    whatever else the account sees), a company's staff those to its openings, the
    institute's staff their institute's — newest first; filters ``opening`` (its number),
    ``status``, ``company`` (a partner company's id)."""
    if status and status not in JOB_STATUSES:
        raise ValidationFailed.one(
            "status", "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(JOB_STATUSES)}
        )
    rows = visible(actor, JobApplication.objects.all())
    if mine:
        rows = rows.filter(person_id=actor.person_id) if actor.person_id else rows.none()
    if opening:
        rows = rows.filter(opening__number=opening)
    if status:
        rows = rows.filter(status=status)
    if company is not None:
        rows = rows.filter(opening__company_id=company)
    return _with_passed(rows).order_by("-applied_at", "-id")


def job_application_get(actor: Actor, application_id: int) -> JobApplication:
    """One job application the actor sees (else 404, as if it did not exist)."""
    return get_visible(actor, _with_passed(JobApplication.objects.all()), pk=application_id)


def job_sides(actor: Actor, application: JobApplication) -> set[str]:
    """The sides the actor takes on the application: ``company`` (its company's staff, the
    institute's, administrators), ``student`` (the applicant)."""
    sides = set()
    if may_manage(actor, application.opening.company):
        sides.add(COMPANY)
    if (
        actor.role in (Role.APPLICANT, Role.AGENT)
        and actor.person_id
        and actor.person_id == application.person_id
    ):
        sides.add(STUDENT)
    return sides


def job_side_for(actor: Actor, application: JobApplication, action: str) -> str | None:
    """The side the actor takes for ``action``: the one the action is for if the actor
    takes it, else any side they take (the lifecycle then refuses it, 403)."""
    sides = job_sides(actor, application)
    transition = JOB_LIFECYCLE.table.get(action)
    wanted = transition.roles & sides if transition else set()
    if wanted:
        return sorted(wanted)[0]
    return sorted(sides)[0] if sides else None


def job_actions(actor: Actor, application: JobApplication) -> list[str]:
    """The moves the actor may make on the application now (the lifecycle's, for the
    sides they take), in the lifecycle's order."""
    sides = job_sides(actor, application)
    allowed = set()
    for side in sides:
        allowed |= set(JOB_LIFECYCLE.actions(application.status, side))
    return [a for a in JOB_LIFECYCLE.table if a in allowed]
