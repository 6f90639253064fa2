"""Reads of the classes (实训班的班级: a cohort's track) and their students: who may see and
mark a class (the institute's staff; an adviser the classes they lead), the classes a
person sees, a class's roster with each student's attendance rate and grades, a day's
marks, the enrolments (keyset lists), a student's own classes, and the accepted
applications still to enrol."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import NotFound, PermissionDenied
from onething.core.models import Role
from onething.core.permissions import Actor, get_visible, visible

from ..models import (
    Adviser,
    AdviserAssignment,
    Application,
    Attendance,
    Cohort,
    Course,
    Enrolment,
    Grade,
    Track,
    TranscriptLine,
)
from ..rules.passing import rate_of_counts
from ..rules.statuses import ACCEPTED, FINISHED, LEFT
from ..scopes import adviser_q, is_institute_staff, is_staff_of, of_staff

# ---------------------------------------------------------------- who


def adviser_of(actor: Actor) -> Adviser | None:
    """The adviser (企业家班主任) the actor signs in as, if any."""
    if actor.role != Role.APPLICANT or not actor.user_id:
        return None
    return Adviser.objects.filter(account_id=actor.user_id).first()


def advises(actor: Actor, cohort_id: int, track_id: int) -> bool:
    if actor.role != Role.APPLICANT or not actor.user_id:
        return False
    return AdviserAssignment.objects.filter(
        adviser__account_id=actor.user_id, cohort_id=cohort_id, track_id=track_id
    ).exists()


def may_mark(actor: Actor, cohort: Cohort, track: Track) -> bool:
    """Whether the actor marks attendance and enters grades in the class: the institute's
    staff (teachers), or an adviser of that class."""
    return is_staff_of(actor, cohort.programme.institute.department_id) or advises(
        actor, cohort.pk, track.pk
    )


# ---------------------------------------------------------------- classes


@dataclass
class ClassRef:
    cohort: Cohort
    track: Track
    enrolled: int = 0
    advisers: list[str] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.cohort.code, self.track.code


def class_get(actor: Actor, cohort_code: str, track_code: str) -> ClassRef:
    """One class (a cohort's track) the actor may mark: the institute's staff, or the
    class's adviser; anyone else 403, a class that does not exist 404."""
    cohort = Cohort.objects.select_related("programme__institute").filter(code=cohort_code).first()
    track = cohort.tracks.filter(code=track_code).first() if cohort is not None else None
    if cohort is None or track is None:
        raise NotFound(
            _("There is no class %(c)s / %(t)s.") % {"c": cohort_code[:30], "t": track_code[:30]}
        )
    if not may_mark(actor, cohort, track):
        raise PermissionDenied(
            _("Only the institute's staff and the class's advisers may work on this class."),
            details={"your_role": actor.role},
        )
    found = ClassRef(cohort, track)
    found.courses = list(track.courses.order_by("code"))
    found.advisers = list(
        AdviserAssignment.objects.filter(cohort=cohort, track=track)
        .order_by("adviser__name")
        .values_list("adviser__name", flat=True)
    )
    return found


def cohorts_of_staff(actor: Actor) -> QuerySet[Cohort]:
    """The cohorts whose classes the actor sees (their institute's; all for an
    administrator), newest first."""
    cohorts = Cohort.objects.select_related("programme__institute").order_by("-starts_on")
    return of_staff(actor, cohorts, "programme__institute")


def classes_list(actor: Actor, cohort_code: str = "") -> tuple[Cohort | None, list[ClassRef]]:
    """The classes the actor sees: the staff those of a cohort (``cohort_code``, default
    the latest), an adviser the classes they lead (of every cohort). (the cohort shown or
    None, the classes with their enrolled students and advisers)."""
    pairs: list[tuple[Cohort, Track]] = []
    cohort = None
    staff = cohorts_of_staff(actor)
    if is_staff_of(actor):
        cohort = staff.filter(code=cohort_code).first() if cohort_code else staff.first()
        if cohort_code and cohort is None:
            raise NotFound(_("There is no cohort %(c)s.") % {"c": cohort_code[:30]})
        if cohort is not None:
            pairs = [(cohort, t) for t in cohort.tracks.order_by("code")]
    else:
        assignments = (
            AdviserAssignment.objects.filter(adviser__account_id=actor.user_id or 0)
            .select_related("cohort__programme__institute", "track")
            .order_by("-cohort__starts_on", "track__code")
        )
        pairs = [(a.cohort, a.track) for a in assignments]
    if not pairs:
        return cohort, []
    counts = {
        (row["cohort_id"], row["track_id"]): row["n"]
        for row in Enrolment.objects.filter(
            cohort_id__in={c.pk for c, _t in pairs}, track_id__in={t.pk for _c, t in pairs}
        )
        .exclude(status=LEFT)
        .values("cohort_id", "track_id")
        .annotate(n=Count("id"))
    }
    names: dict[tuple[int, int], list[str]] = defaultdict(list)
    for a in AdviserAssignment.objects.filter(
        cohort_id__in={c.pk for c, _t in pairs}
    ).select_related("adviser"):
        names[(a.cohort_id, a.track_id)].append(a.adviser.name)
    return cohort, [
        ClassRef(c, t, counts.get((c.pk, t.pk), 0), sorted(names[(c.pk, t.pk)])) for c, t in pairs
    ]


# ---------------------------------------------------------------- a class's students


def roster(klass: ClassRef) -> list[Enrolment]:
    """The class's students by student number (the withdrawn too, last marked so)."""
    return list(
        Enrolment.objects.filter(cohort=klass.cohort, track=klass.track)
        .select_related("person", "university")
        .order_by("number")
    )


def attendance_counts(enrolment_ids) -> dict[int, dict[str, int]]:
    """Each enrolment's days by mark, one grouped query."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Attendance.objects.filter(enrolment_id__in=list(enrolment_ids))
        .values("enrolment_id", "mark")
        .annotate(n=Count("id"))
    ):
        found[row["enrolment_id"]][row["mark"]] = row["n"]
    return found


def attendance_rates(enrolment_ids) -> dict[int, Decimal | None]:
    """Each enrolment's attendance rate (None: none taken)."""
    ids = list(enrolment_ids)
    counts = attendance_counts(ids)
    return {i: rate_of_counts(counts.get(i, {})) for i in ids}


def day_marks(klass: ClassRef, day: dt.date) -> dict[int, str]:
    """The marks of the class's students on ``day`` (enrolment id → mark)."""
    return dict(
        Attendance.objects.filter(
            enrolment__cohort=klass.cohort, enrolment__track=klass.track, day=day
        ).values_list("enrolment_id", "mark")
    )


def marked_days(klass: ClassRef) -> list[dt.date]:
    """The days the class's attendance was taken, newest first."""
    return list(
        Attendance.objects.filter(enrolment__cohort=klass.cohort, enrolment__track=klass.track)
        .values_list("day", flat=True)
        .distinct()
        .order_by("-day")[:120]
    )


def grades_by_enrolment(enrolment_ids) -> dict[int, dict[int, Grade]]:
    """enrolment id → course id → grade."""
    found: dict[int, dict[int, Grade]] = defaultdict(dict)
    for grade in Grade.objects.filter(enrolment_id__in=list(enrolment_ids)).select_related(
        "course"
    ):
        found[grade.enrolment_id][grade.course_id] = grade
    return found


def locked_grades(enrolment_ids) -> set[tuple[int, int]]:
    """(enrolment id, course id) of the grades a live transcript carries: not corrected
    any more until that transcript is revoked."""
    return set(
        TranscriptLine.objects.filter(
            transcript__enrolment_id__in=list(enrolment_ids), transcript__revoked_at__isnull=True
        ).values_list("transcript__enrolment_id", "course_id")
    )


# ---------------------------------------------------------------- enrolments


def enrolments_list(
    actor: Actor, *, cohort: str = "", track: str = "", status: str = "", q: str = ""
) -> QuerySet[Enrolment]:
    """The enrolments the actor sees (staff: their institute's; an adviser: their
    classes'; a student: their own; a registrar: their university's students), by cohort
    then student number (keyset)."""
    rows = visible(actor, Enrolment.objects.all()).select_related(
        "cohort", "track", "person", "university", "application"
    )
    if cohort:
        rows = rows.filter(cohort__code=cohort)
    if track:
        rows = rows.filter(track__code=track)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(number=q.strip()) | Q(person__name=q.strip()))
    return rows.order_by("cohort_id", "number")


def enrolment_get(actor: Actor, number: str) -> Enrolment:
    """One enrolment the actor sees (404 otherwise)."""
    return get_visible(
        actor,
        Enrolment.objects.select_related(
            "cohort__programme__institute", "track", "person", "university", "application"
        ),
        number=number,
    )


def enrolment_for_grading(actor: Actor, number: str) -> Enrolment:
    """An enrolment the actor may grade or mark: the institute's staff (404 when it is not
    theirs), an adviser only their classes' (any other: 403, whether or not it exists)."""
    adviser = adviser_of(actor)
    if adviser is not None and not is_institute_staff(actor):
        found = (
            Enrolment.objects.filter(adviser_q(actor, ""), number=number)
            .select_related("cohort__programme__institute", "track", "person", "university")
            .first()
        )
        if found is None:
            raise PermissionDenied(
                _("An adviser enters grades and attendance for the classes they lead only."),
                details={"enrolment": str(number)[:30]},
            )
        return found
    enrolment = enrolment_get(actor, number)
    if not is_staff_of(actor, enrolment.cohort.programme.institute.department_id):
        raise PermissionDenied(
            _("Only the institute's teachers and the class's advisers may do this."),
            details={"your_role": actor.role},
        )
    return enrolment


def enrolment_summary(enrolment: Enrolment) -> dict:
    """A student's rate, grades by course (with pass/fail) and transcripts, for their pages."""
    rate = attendance_rates([enrolment.pk])[enrolment.pk]
    grades = grades_by_enrolment([enrolment.pk])[enrolment.pk]
    courses = list(enrolment.track.courses.order_by("code"))
    return {
        "rate": rate,
        "courses": [(course, grades.get(course.pk)) for course in courses],
        "transcripts": list(
            enrolment.transcripts.select_related("university").order_by("-issued_at")
        ),
    }


def my_enrolments(actor: Actor) -> list[Enrolment]:
    """A student's own enrolments (newest first): what their classes page shows."""
    if actor.role not in (Role.APPLICANT, Role.AGENT) or not actor.person_id:
        return []
    return list(
        Enrolment.objects.filter(person_id=actor.person_id)
        .select_related("cohort", "track", "university")
        .order_by("-enrolled_at")
    )


def to_enrol(actor: Actor, cohort: Cohort) -> QuerySet[Application]:
    """The cohort's accepted applications with no enrolment yet (the staff's)."""
    if not is_staff_of(actor, cohort.programme.institute.department_id):
        return Application.objects.none()
    return Application.objects.filter(
        cohort=cohort, status=ACCEPTED, enrolment__isnull=True
    ).order_by("submitted_at", "id")


def cohort_open_for_enrolment(cohort: Cohort) -> bool:
    return cohort.status != FINISHED
