"""The classes' pages for the institute's staff and the advisers: the classes of a cohort
(the staff: with the accepted applicants still to enrol, enrolled at once on a confirmed
form) or the classes an adviser leads; a class's page — its roster with each student's
attendance rate and grades, the attendance sheet of a day and the grade sheet of a course,
each refused with every problem beside its student."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onething.core import clock
from onething.core.errors import Conflict, PermissionDenied, ValidationFailed
from onething.core.forms import problems_on
from onething.core.permissions import Actor
from onething.web.display import Code
from onething.web.views.base import page_actor

from ...rules.statuses import ENROLLED, LEFT
from ...scopes import is_staff_of
from ...selectors import classes as selectors
from ...services import classes as services
from ..common import posted, signed_in
from . import forms as f
from .common import rate_text, status_mark, verdict_mark


def _require_classes(actor: Actor) -> bool:
    """The staff (True) or an adviser (False); anyone else 403."""
    if is_staff_of(actor):
        return True
    if selectors.adviser_of(actor) is not None:
        return False
    raise PermissionDenied(_("The classes are for the institute's staff and the advisers."))


def _classes(request, actor: Actor, *, enrol_form=None, status=200):
    staff = _require_classes(actor)
    cohorts = list(selectors.cohorts_of_staff(actor)) if staff else []
    picker = f.CohortFilter(request.GET or None, cohorts=cohorts)
    code = request.GET.get("cohort", "") if staff else ""
    cohort, classes = selectors.classes_list(actor, code)
    waiting = selectors.to_enrol(actor, cohort).count() if (staff and cohort) else 0
    context = {
        "title": _("Classes"),
        "staff": staff,
        "picker": picker,
        "cohort": cohort,
        "classes": [
            (k, reverse("training-class", args=[k.cohort.code, k.track.code])) for k in classes
        ],
        "waiting": waiting,
        "enrol_form": enrol_form or f.EnrolAllForm(auto_id="enrol-%s"),
        "open": cohort is not None and selectors.cohort_open_for_enrolment(cohort),
    }
    return render(request, "training/classes/list.html", context, status=status)


@signed_in
def classes_page(request):
    return _classes(request, page_actor(request))


@posted
def enrol_all(request, code: str):
    """Enrol every accepted applicant of the cohort (the staff), confirmed."""
    actor = page_actor(request)
    form = f.EnrolAllForm(request.POST, auto_id="enrol-%s")
    if form.is_valid():
        try:
            made = services.enrolments_create_all(actor=actor, cohort_code=code)
        except Conflict as error:
            messages.error(request, error.message)
        else:
            if made:
                messages.success(request, _("%(n)s students enrolled.") % {"n": len(made)})
            else:
                messages.info(request, _("Nobody was left to enrol."))
        return redirect(reverse("training-classes") + f"?cohort={code}")
    request.GET = request.GET.copy()
    request.GET["cohort"] = code
    return _classes(request, actor, enrol_form=form, status=422)


# ---------------------------------------------------------------- one class


def _day_of(request, klass) -> dt.date:
    picker = f.DayPicker(request.GET or None)
    day = picker.cleaned_data.get("day") if picker.is_bound and picker.is_valid() else None
    cohort = klass.cohort
    return day or min(max(clock.today(), cohort.starts_on), cohort.ends_on)


def _course_of(request, klass):
    code = request.GET.get("course", "")
    found = next((c for c in klass.courses if c.code == code), None)
    return found or (klass.courses[0] if klass.courses else None)


def _class_page(request, actor, klass, *, attendance=None, grades=None, day=None, course=None):
    students = selectors.roster(klass)
    ids = [e.pk for e in students]
    rates = selectors.attendance_rates(ids)
    grades_of = selectors.grades_by_enrolment(ids)
    day = day or _day_of(request, klass)
    course = course or _course_of(request, klass)
    in_class = [e for e in students if e.status == ENROLLED]
    graded = [e for e in students if e.status != LEFT]
    if attendance is None:
        marks = selectors.day_marks(klass, day)
        attendance = f.AttendanceSheet(
            initial={"day": day, **{f.mark_field(e.number): marks.get(e.pk) for e in in_class}},
            students=in_class,
        )
    if grades is None and course is not None:
        grades = f.GradeSheet(
            initial={
                "course": course.code,
                **{
                    f.score_field(e.number): grades_of.get(e.pk, {}).get(course.pk).score
                    for e in graded
                    if grades_of.get(e.pk, {}).get(course.pk) is not None
                },
            },
            students=graded,
        )
    locked = selectors.locked_grades(ids)
    roster_rows = [
        {
            "number": Code(e.number),
            "url": reverse("training-enrolment", args=[e.number]),
            "name": e.person.name,
            "university": e.university.name,
            "status": status_mark(e.status),
            "rate": rate_text(rates.get(e.pk)),
            "grades": [
                (grades_of.get(e.pk, {}).get(c.pk), verdict_mark(grades_of.get(e.pk, {}).get(c.pk)))
                for c in klass.courses
            ],
        }
        for e in students
    ]
    context = {
        "title": _("%(cohort)s · %(track)s")
        % {"cohort": klass.cohort.name, "track": klass.track.name},
        "klass": klass,
        "roster": roster_rows,
        "day": day,
        "days": selectors.marked_days(klass),
        "course": course,
        "day_picker": f.DayPicker(initial={"day": day}),
        "course_picker": f.CoursePicker(
            initial={"course": course.code if course else ""}, courses=klass.courses
        ),
        "attendance": attendance,
        "attendance_rows": [(e, attendance[f.mark_field(e.number)]) for e in in_class],
        "grades": grades,
        "grade_rows": [
            (e, grades[f.score_field(e.number)], (e.pk, course.pk) in locked) for e in graded
        ]
        if grades is not None and course is not None
        else [],
        "base_url": reverse("training-class", args=[klass.cohort.code, klass.track.code]),
    }
    status = 422 if (attendance.is_bound or (grades is not None and grades.is_bound)) else 200
    return render(request, "training/classes/class.html", context, status=status)


@signed_in
def class_page(request, cohort: str, track: str):
    actor = page_actor(request)
    return _class_page(request, actor, selectors.class_get(actor, cohort, track))


def _sheet_posted(request, actor, klass, form, *, save, renames, done, page):
    """A class's sheet posted: ``save`` it (the service) and go back to the class's page
    at ``done(result)`` with its message; refused, every problem beside its student (422)
    and a grade on an issued transcript (409) above the sheet, on the page ``page()``
    describes."""
    if form.is_valid():
        try:
            result = save(form)
        except ValidationFailed as error:
            problems_on(form, error, renames)
        except Conflict as error:
            form.add_error(None, error.message)
        else:
            message, query = done(result)
            messages.success(request, message)
            url = reverse("training-class", args=[klass.cohort.code, klass.track.code])
            return redirect(f"{url}?{query}")
    return _class_page(request, actor, klass, **page())


@posted
def class_attendance(request, cohort: str, track: str):
    """A day's sheet: done, back to the class's page at that day; refused, every problem
    beside its student (422)."""
    actor = page_actor(request)
    klass = selectors.class_get(actor, cohort, track)
    in_class = [e for e in selectors.roster(klass) if e.status == ENROLLED]
    form = f.AttendanceSheet(request.POST, students=in_class)
    return _sheet_posted(
        request,
        actor,
        klass,
        form,
        save=lambda sheet: services.attendance_record(
            actor=actor,
            cohort_code=cohort,
            track_code=track,
            day=sheet.cleaned_data["day"],
            marks=sheet.marks(),
        ),
        renames={
            **{f"marks.{e.number}": f.mark_field(e.number) for e in in_class},
            "day": "-",
            "marks": "-",
        },
        done=lambda marked: (
            _("Attendance of %(d)s saved: %(a)s marked, %(b)s changed.")
            % {"d": f"{marked.day:%Y-%m-%d}", "a": marked.created, "b": marked.changed},
            f"day={marked.day:%Y-%m-%d}#attendance",
        ),
        page=lambda: {"attendance": form, "day": form.cleaned_data.get("day")},
    )


@posted
def class_grades(request, cohort: str, track: str):
    """A course's grade sheet: done, back to the class's page at that course; refused,
    every problem beside its student (422); a grade on an issued transcript, the reason."""
    actor = page_actor(request)
    klass = selectors.class_get(actor, cohort, track)
    graded = [e for e in selectors.roster(klass) if e.status != LEFT]
    form = f.GradeSheet(request.POST, students=graded)
    course = next((c for c in klass.courses if c.code == request.POST.get("course")), None)
    return _sheet_posted(
        request,
        actor,
        klass,
        form,
        save=lambda sheet: services.grades_record_sheet(
            actor=actor,
            cohort_code=cohort,
            track_code=track,
            course=sheet.cleaned_data["course"],
            scores=sheet.scores(),
        ),
        renames={
            **{f"scores.{e.number}": f.score_field(e.number) for e in graded},
            "course": "-",
            "scores": "-",
        },
        done=lambda graded_: (
            _("Grades saved: %(a)s entered, %(b)s corrected.")
            % {"a": graded_.created, "b": graded_.corrected},
            f"course={form.cleaned_data['course']}#grades",
        ),
        page=lambda: {"grades": form, "course": course},
    )
