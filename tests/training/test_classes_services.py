"""The class services: enrolling accepted applications (one, or all of a cohort: 学号
XY+cohort+4 digits in the track offered, the cohort's roll-up counted), attendance (a day
for a class, staff or the class's adviser; re-entry updates and is audited), grades
(teachers and the class's advisers only; the scale; pass by rule; corrections audited until
a transcript carries them), completing and withdrawing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import AuditEntry
from onething.training.models import Attendance, Cohort, Enrolment, Grade
from onething.training.services import classes as services

from .world import at
from .world_classes import IN_CLASS, accepted, enrolled, graded, new_student


@pytest.fixture(autouse=True)
def in_class():
    with clock.frozen(IN_CLASS):
        yield


def problems(error) -> dict[str, str]:
    return {p.field: p.rule for p in error.value.problems}


# ---------------------------------------------------------------- enrolment


def test_one_accepted_application_is_enrolled_in_the_track_offered(inst):
    application = accepted(inst, inst.wei, track=inst.algorithms)
    enrolment, created = services.enrolment_create(
        actor=inst.staff, application_number=application.number
    )
    assert created and enrolment.number == "XY2025S0001"
    assert (enrolment.track, enrolment.university, enrolment.person_id) == (
        inst.algorithms,
        inst.lzu,
        inst.wei.person_id,
    )
    assert enrolment.status == "enrolled"
    again, created = services.enrolment_create(
        actor=inst.staff, application_number=application.number
    )
    assert again.pk == enrolment.pk and not created
    assert Cohort.objects.get(pk=inst.cohort.pk).enrolled_count == 1
    assert AuditEntry.objects.filter(action="training.enrolment.create").count() == 1


def test_enrolling_all_takes_every_accepted_application_once(inst):
    for name in ("甲同学", "乙同学", "丙同学"):
        accepted(inst, new_student(name))
    accepted(inst, new_student("丁同学"), status="offered")
    accepted(inst, new_student("戊同学"), status="declined")
    made = services.enrolments_create_all(actor=inst.staff, cohort_code="2025S")
    assert [e.number for e in made] == ["XY2025S0001", "XY2025S0002", "XY2025S0003"]
    assert services.enrolments_create_all(actor=inst.staff, cohort_code="2025S") == []
    assert Cohort.objects.get(pk=inst.cohort.pk).enrolled_count == 3


def test_only_an_accepted_application_by_the_institutes_staff(inst):
    offered = accepted(inst, inst.wei, status="offered")
    with pytest.raises(Conflict) as refused:
        services.enrolment_create(actor=inst.staff, application_number=offered.number)
    assert refused.value.code == "not_accepted"
    assert refused.value.details == {"status": "offered"}
    for outsider in (inst.other_staff, inst.wei, inst.registrar, inst.adviser_actor):
        with pytest.raises(PermissionDenied):
            services.enrolment_create(actor=outsider, application_number=offered.number)
    with pytest.raises(NotFound):
        services.enrolment_create(actor=inst.staff, application_number="SX2025999999")
    with pytest.raises(ValidationFailed) as missing:
        services.enrolment_create(actor=inst.staff, application_number="")
    assert problems(missing) == {"application": "required"}
    assert not Enrolment.objects.exists()


def test_completing_and_withdrawing_are_the_staffs_and_final(inst):
    one, two = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    with pytest.raises(PermissionDenied):
        services.enrolment_complete(actor=inst.adviser_actor, number=one.number)
    done = services.enrolment_complete(actor=inst.staff, number=one.number, note="结业考核通过")
    assert done.status == "completed" and done.ended_at == IN_CLASS
    with pytest.raises(InvalidTransition):
        services.enrolment_withdraw(actor=inst.staff, number=one.number, reason="退出")
    with pytest.raises(ValidationFailed) as no_reason:
        services.enrolment_withdraw(actor=inst.staff, number=two.number, reason=" ")
    assert problems(no_reason) == {"reason": "required"}
    left = services.enrolment_withdraw(actor=inst.staff, number=two.number, reason="个人原因")
    assert left.status == "withdrawn"
    entry = AuditEntry.objects.get(action="training.enrolment.withdraw")
    assert entry.before == {"status": "enrolled"} and entry.note == "个人原因"


# ---------------------------------------------------------------- attendance


def test_a_days_sheet_marks_the_class_and_a_second_entry_updates_audited(inst):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    done = services.attendance_record(
        actor=inst.teacher,
        cohort_code="2025S",
        track_code="ai-chip",
        day="2025-07-29",
        marks={wei.number: "present", zhao.number: "absent"},
    )
    assert (done.created, done.changed, done.unchanged) == (2, 0, 0)
    again = services.attendance_record(
        actor=inst.adviser_actor,  # the class's adviser may too
        cohort_code="2025S",
        track_code="ai-chip",
        day="2025-07-29",
        marks={wei.number: "present", zhao.number: "excused"},
    )
    assert (again.created, again.changed, again.unchanged) == (0, 1, 1)
    assert Attendance.objects.get(enrolment=zhao).mark == "excused"
    assert Attendance.objects.count() == 2
    entry = AuditEntry.objects.get(action="training.attendance.correct")
    assert entry.before["mark"] == "absent" and entry.after["mark"] == "excused"


def test_a_sheet_is_refused_with_every_problem_at_once_and_nothing_written(inst):
    wei = enrolled(inst, inst.wei)
    other = enrolled(inst, inst.zhao, track=inst.algorithms)
    with pytest.raises(ValidationFailed) as refused:
        services.attendance_record(
            actor=inst.teacher,
            cohort_code="2025S",
            track_code="ai-chip",
            day="2025-08-30",  # a day to come
            marks={wei.number: "sick", other.number: "present", "XY2025S9999": "present"},
        )
    assert problems(refused) == {
        "day": "future",
        f"marks.{wei.number}": "choice",
        f"marks.{other.number}": "not_in_class",
        "marks.XY2025S9999": "not_in_class",
    }
    with pytest.raises(ValidationFailed) as outside:
        services.attendance_record(
            actor=inst.teacher,
            cohort_code="2025S",
            track_code="ai-chip",
            day="2025-07-01",
            marks={wei.number: "present"},
        )
    assert problems(outside) == {"day": "outside_cohort"}
    assert not Attendance.objects.exists()


def test_attendance_is_the_staffs_and_the_classs_advisers_only(inst):
    enrolled(inst, inst.wei, track=inst.algorithms)
    for outsider in (inst.adviser_actor, inst.hr, inst.wei, inst.registrar, inst.other_staff):
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                actor=outsider,
                cohort_code="2025S",
                track_code="algorithms",
                day="2025-07-29",
                marks={"XY2025S0001": "present"},
            )
    with pytest.raises(NotFound):
        services.attendance_record(
            actor=inst.teacher, cohort_code="2025S", track_code="nope", day="2025-07-29", marks={}
        )


# ---------------------------------------------------------------- grades


def test_teachers_and_the_classs_adviser_grade_and_passing_is_by_rule(inst):
    wei = enrolled(inst, inst.wei)
    done = services.grades_record(
        actor=inst.teacher,
        number=wei.number,
        grades=[{"course": "CHIP-101", "score": "86.5"}, {"course": "CHIP-201", "score": 59}],
    )
    assert (done.created, done.corrected) == (2, 0)
    grades = {g.course.code: g for g in Grade.objects.filter(enrolment=wei)}
    assert grades["CHIP-101"].score == Decimal("86.5") and grades["CHIP-101"].passed
    assert grades["CHIP-101"].grader_kind == "teacher"
    assert not grades["CHIP-201"].passed
    # the adviser corrects (audited)
    services.grades_record(
        actor=inst.adviser_actor, number=wei.number, grades=[{"course": "CHIP-201", "score": 61}]
    )
    fixed = Grade.objects.get(enrolment=wei, course__code="CHIP-201")
    assert fixed.passed and fixed.grader_kind == "adviser" and fixed.score == Decimal("61.0")
    entry = AuditEntry.objects.get(action="training.grade.correct")
    assert entry.before["score"] == "59.0" and entry.after["score"] == "61.0"


def test_an_adviser_cannot_grade_another_class(inst):
    other = enrolled(inst, inst.zhao, track=inst.algorithms)
    with pytest.raises(PermissionDenied):
        services.grades_record(
            actor=inst.adviser_actor,
            number=other.number,
            grades=[{"course": "ALG-101", "score": 90}],
        )
    with pytest.raises(PermissionDenied):  # not even a number that does not exist
        services.grades_record(
            actor=inst.adviser_actor,
            number="XY2025S9999",
            grades=[{"course": "ALG-101", "score": 90}],
        )
    with pytest.raises(PermissionDenied):
        services.grades_record_sheet(
            actor=inst.adviser_actor,
            cohort_code="2025S",
            track_code="algorithms",
            course="ALG-101",
            scores={other.number: 90},
        )
    for outsider in (inst.hr, inst.zhao, inst.registrar):
        with pytest.raises((PermissionDenied, NotFound)):
            services.grades_record(
                actor=outsider, number=other.number, grades=[{"course": "ALG-101", "score": 90}]
            )
    assert not Grade.objects.exists()


def test_a_score_outside_the_scale_is_refused_naming_the_field_and_the_rule(inst):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    with pytest.raises(ValidationFailed) as refused:
        services.grades_record_sheet(
            actor=inst.teacher,
            cohort_code="2025S",
            track_code="ai-chip",
            course="CHIP-101",
            scores={wei.number: "101", zhao.number: "88.25"},
        )
    assert refused.value.status == 422
    assert problems(refused) == {
        f"scores.{wei.number}": "range",
        f"scores.{zhao.number}": "decimals",
    }
    assert "0" in refused.value.problems[0].message and "100" in refused.value.problems[0].message
    with pytest.raises(ValidationFailed) as wrong_course:
        services.grades_record(
            actor=inst.teacher,
            number=wei.number,
            grades=[{"course": "ALG-101", "score": 70}, {"course": "CHIP-101", "score": -5}],
        )
    assert problems(wrong_course) == {"grades.0.course": "not_in_track", "grades.1.score": "range"}
    assert not Grade.objects.exists()


def test_low_attendance_fails_a_course_and_marking_judges_again(inst):
    wei = enrolled(inst, inst.wei)
    days = {f"2025-07-{14 + i}": ("present" if i < 7 else "absent") for i in range(10)}
    graded(inst, wei, {"CHIP-101": "95"}, days=days)  # 70 % attendance
    assert not Grade.objects.get(enrolment=wei).passed
    with clock.frozen(at("2025-09-12")):
        services.attendance_mark(
            actor=inst.teacher, number=wei.number, day="2025-07-21", mark="excused"
        )
        services.attendance_mark(
            actor=inst.teacher, number=wei.number, day="2025-07-22", mark="late"
        )
    # 7 present + 1 late of 9 counted: 89 %
    assert Grade.objects.get(enrolment=wei).passed


def test_a_withdrawn_student_is_neither_marked_nor_graded(inst):
    wei = enrolled(inst, inst.wei)
    services.enrolment_withdraw(actor=inst.staff, number=wei.number, reason="个人原因")
    with pytest.raises(ValidationFailed) as marked:
        services.attendance_mark(
            actor=inst.teacher, number=wei.number, day="2025-07-29", mark="present"
        )
    assert problems(marked) == {"mark": "not_in_class"}
    with pytest.raises(ValidationFailed) as scored:
        services.grades_record(
            actor=inst.teacher, number=wei.number, grades=[{"course": "CHIP-101", "score": 80}]
        )
    assert problems(scored) == {"grades.0.score": "withdrawn"}
