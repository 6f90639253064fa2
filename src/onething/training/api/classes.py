"""The institute's API: classes. Enrolling accepted applications (the staff), the
enrolments a person sees, a student's attendance and grades, a class's day of attendance
and a course's grade sheet (the institute's teachers and the class's advisers; an adviser
on another class 403), completing and withdrawing (the staff)."""

from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from onething.core.apiutils import actor
from onething.core.pagination import Mapped
from onething.core.pagination_api import CityPagination

from ..selectors import classes as selectors
from ..services import classes as services
from .classes_schemas import (
    TrainingClassDetailOut,
    TrainingClassOut,
    TrainingDayIn,
    TrainingEnrolIn,
    TrainingEnrolmentDetailOut,
    TrainingEnrolmentFilter,
    TrainingEnrolmentOut,
    TrainingEnrolmentsOut,
    TrainingGradedOut,
    TrainingGradesIn,
    TrainingMarkedOut,
    TrainingMarkIn,
    TrainingSheetIn,
    enrolment_out,
    grade_out,
)
from .common import Text, TrainingNoteIn, TrainingReasonIn

router = Router(tags=["training"])


# ---------------------------------------------------------------- enrolments


@router.post(
    "/cohorts/{code}/enrolments", response={200: TrainingEnrolmentsOut, 201: TrainingEnrolmentsOut}
)
def enrol(request, code: Text, payload: TrainingEnrolIn):
    """Enrol accepted applications (the institute's staff): ``{"application": number}``
    one, ``{"all": true}`` every accepted one of the cohort not enrolled yet. 201 with the
    enrolments made; 200 when there was nothing new (an application enrolled already
    answers its enrolment)."""
    who = actor(request)
    if payload.all:
        made = services.enrolments_create_all(actor=who, cohort_code=code)
        return Status(
            201 if made else 200, {"count": len(made), "items": [enrolment_out(e) for e in made]}
        )
    enrolment, created = services.enrolment_create(
        actor=who, application_number=payload.application or "", cohort_code=code
    )
    return Status(
        201 if created else 200,
        {"count": int(created), "items": [enrolment_out(enrolment)]},
    )


@router.get("/enrolments", response=list[TrainingEnrolmentOut])
@paginate(CityPagination)
def list_enrolments(request, filters: Query[TrainingEnrolmentFilter]):
    """The enrolments you see (the staff: the institute's; an adviser: their classes'; a
    student: their own; a registrar: their university's students), by cohort and student
    number."""
    return Mapped(selectors.enrolments_list(actor(request), **filters.dict()), enrolment_out)


def _detail(enrolment) -> dict:
    summary = selectors.enrolment_summary(enrolment)
    counts = selectors.attendance_counts([enrolment.pk]).get(enrolment.pk, {})
    return {
        **enrolment_out(enrolment),
        "attendance_rate": summary["rate"],
        "attendance": counts,
        "grades": [grade_out(g) for _c, g in summary["courses"] if g is not None],
        "transcripts": [t.number for t in summary["transcripts"]],
    }


@router.get("/enrolments/{number}", response=TrainingEnrolmentDetailOut)
def get_enrolment(request, number: Text):
    """One enrolment with its attendance (days by mark, the rate), grades and transcripts."""
    return _detail(selectors.enrolment_get(actor(request), number))


@router.post("/enrolments/{number}/attendance", response=TrainingMarkedOut)
def mark_attendance(request, number: Text, payload: TrainingMarkIn):
    """A student's mark for a day (the staff, the class's adviser): a second mark for the
    same day replaces the first (audited)."""
    return services.attendance_mark(
        actor=actor(request), number=number, day=payload.day, mark=payload.mark
    )


@router.post("/enrolments/{number}/grades", response=TrainingGradedOut)
def enter_grades(request, number: Text, payload: TrainingGradesIn):
    """A student's scores ``{"grades": [{"course", "score"}]}`` (the institute's teachers,
    the class's adviser; an adviser of another class 403). A score outside 0–100 or with
    two decimals is a 422 naming ``grades.<i>.score`` and the rule (``range``,
    ``decimals``); a grade on an issued transcript is a 409 ``grade_on_transcript``."""
    return services.grades_record(actor=actor(request), number=number, grades=payload.grades)


@router.post("/enrolments/{number}/complete", response=TrainingEnrolmentOut)
def complete_enrolment(request, number: Text, payload: TrainingNoteIn | None = None):
    """结业 (the staff): the student completed the class; their transcripts may be issued."""
    who = actor(request)
    services.enrolment_complete(actor=who, number=number, note=payload.note if payload else "")
    return enrolment_out(selectors.enrolment_get(who, number))


@router.post("/enrolments/{number}/withdraw", response=TrainingEnrolmentOut)
def withdraw_enrolment(request, number: Text, payload: TrainingReasonIn):
    """退出 (the staff), with the reason."""
    who = actor(request)
    services.enrolment_withdraw(actor=who, number=number, reason=payload.reason)
    return enrolment_out(selectors.enrolment_get(who, number))


# ---------------------------------------------------------------- classes


def _class_out(klass) -> dict:
    return {
        "cohort": klass.cohort.code,
        "cohort_name": klass.cohort.name,
        "track": klass.track.code,
        "track_name": klass.track.name,
        "enrolled": klass.enrolled,
        "advisers": klass.advisers,
    }


@router.get("/classes", response=list[TrainingClassOut])
def list_classes(request, cohort: Text = ""):
    """The classes you see: the staff those of a cohort (default the latest), an adviser
    the classes they lead."""
    _cohort, classes = selectors.classes_list(actor(request), cohort)
    return [_class_out(k) for k in classes]


@router.get("/classes/{cohort}/{track}", response=TrainingClassDetailOut)
def get_class(request, cohort: Text, track: Text):
    """A class's roster: each student's attendance rate and grades (the staff, the class's
    advisers)."""
    klass = selectors.class_get(actor(request), cohort, track)
    students = selectors.roster(klass)
    ids = [e.pk for e in students]
    rates = selectors.attendance_rates(ids)
    grades = selectors.grades_by_enrolment(ids)
    klass.enrolled = sum(1 for e in students if e.status != "withdrawn")
    return {
        **_class_out(klass),
        "courses": [
            {"code": c.code, "name": c.name, "credits": c.credits, "pass_mark": c.pass_mark}
            for c in klass.courses
        ],
        "students": [
            {
                "number": e.number,
                "student": e.person.name,
                "university": e.university.name,
                "status": e.status,
                "attendance_rate": rates.get(e.pk),
                "grades": [grade_out(g) for g in grades.get(e.pk, {}).values()],
            }
            for e in students
        ],
    }


@router.post("/classes/{cohort}/{track}/attendance", response=TrainingMarkedOut)
def take_attendance(request, cohort: Text, track: Text, payload: TrainingDayIn):
    """A day's marks for the class ``{"day", "marks": {number: mark}}`` (the staff, the
    class's adviser). Every problem at once (``day``: ``outside_cohort``, ``future``;
    ``marks.<number>``: ``not_in_class``, ``choice``); marks that change are audited."""
    return services.attendance_record(
        actor=actor(request),
        cohort_code=cohort,
        track_code=track,
        day=payload.day,
        marks=payload.marks,
    )


@router.post("/classes/{cohort}/{track}/grades", response=TrainingGradedOut)
def enter_grade_sheet(request, cohort: Text, track: Text, payload: TrainingSheetIn):
    """A course's grade sheet for the class ``{"course", "scores": {number: score}}``
    (the institute's teachers, the class's adviser). Every problem at once
    (``scores.<number>``: ``range``, ``decimals``, ``type``, ``not_in_class``;
    ``course``: ``not_in_track``)."""
    return services.grades_record_sheet(
        actor=actor(request),
        cohort_code=cohort,
        track_code=track,
        course=payload.course,
        scores=payload.scores,
    )
