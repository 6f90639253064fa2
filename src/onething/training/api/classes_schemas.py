"""The shapes of the classes' API: enrolments (学员) with their attendance rate and grades,
a class with its roster, a day's attendance, grade sheets. Names carry ``Training`` so
that they stay unique in the OpenAPI document. Scores are of 100, one decimal; an
attendance rate is a fraction (0.925) and ``null`` when no day was marked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field

from onething.core.schema import Schema

from ..rules.statuses import ENROLMENT_STATUS_LABELS, GRADER_LABELS, label
from .common import Text


class TrainingGradeOut(Schema):
    course: str = Field(..., description="The course's code")
    course_name: str
    score: Decimal
    pass_mark: int
    passed: bool = Field(..., description="The rule's verdict: score ≥ pass mark, 80 % attendance")
    entered_as: str = Field(..., description="teacher or adviser")
    entered_as_label: str
    entered_at: dt.datetime


def grade_out(grade) -> dict[str, Any]:
    return {
        "course": grade.course.code,
        "course_name": grade.course.name,
        "score": grade.score,
        "pass_mark": grade.course.pass_mark,
        "passed": grade.passed,
        "entered_as": grade.grader_kind,
        "entered_as_label": label(GRADER_LABELS, grade.grader_kind),
        "entered_at": grade.entered_at,
    }


class TrainingEnrolmentOut(Schema):
    number: str = Field(..., description="The student number (学号)")
    application: str = Field(..., description="The application's number")
    cohort: str = Field(..., description="The cohort's code")
    track: str = Field(..., description="The track's code")
    student: str = Field(..., description="The student's name")
    university: str
    status: str = Field(..., description="enrolled, completed or withdrawn")
    status_label: str
    enrolled_at: dt.datetime
    ended_at: dt.datetime | None


def enrolment_out(enrolment) -> dict[str, Any]:
    return {
        "number": enrolment.number,
        "application": enrolment.application.number,
        "cohort": enrolment.cohort.code,
        "track": enrolment.track.code,
        "student": enrolment.person.name,
        "university": enrolment.university.name,
        "status": enrolment.status,
        "status_label": label(ENROLMENT_STATUS_LABELS, enrolment.status),
        "enrolled_at": enrolment.enrolled_at,
        "ended_at": enrolment.ended_at,
    }


class TrainingEnrolmentDetailOut(TrainingEnrolmentOut):
    attendance_rate: Decimal | None = Field(
        None, description="Days present or late among the days marked (excused not counted)"
    )
    attendance: dict[str, int] = Field(..., description="Days by mark")
    grades: list[TrainingGradeOut]
    transcripts: list[str] = Field(..., description="The numbers of their transcripts")


class TrainingEnrolmentsOut(Schema):
    count: int = Field(..., description="The enrolments made now (0: everyone was enrolled)")
    items: list[TrainingEnrolmentOut]


class TrainingEnrolIn(Schema):
    application: Text | None = Field(None, max_length=24, description="One application's number")
    all: bool = Field(False, description="Every accepted application of the cohort")


class TrainingEnrolmentFilter(Schema):
    cohort: Text = Field("", max_length=30, description="The cohort's code")
    track: Text = Field("", max_length=30, description="The track's code")
    status: Text = Field("", max_length=10, description="enrolled, completed or withdrawn")
    q: Text = Field("", max_length=40, description="A student number or a name")


class TrainingMarkIn(Schema):
    day: dt.date = Field(..., description="A day of the class, up to today")
    mark: Text = Field(..., max_length=10, description="present, late, absent or excused")


class TrainingDayIn(Schema):
    day: dt.date = Field(..., description="A day of the class, up to today")
    marks: dict[str, Text] = Field(
        ..., description="Student number → present, late, absent or excused"
    )


class TrainingMarkedOut(Schema):
    day: dt.date
    created: int
    changed: int
    unchanged: int


class TrainingGradesIn(Schema):
    grades: list[dict[str, Any]] = Field(..., description='[{"course": "CHIP-101", "score": 86.5}]')


class TrainingSheetIn(Schema):
    course: Text = Field(..., max_length=30, description="The course's code")
    scores: dict[str, Any] = Field(..., description="Student number → 0 to 100, one decimal")


class TrainingGradedOut(Schema):
    created: int
    corrected: int
    unchanged: int


class TrainingClassOut(Schema):
    cohort: str
    cohort_name: str
    track: str
    track_name: str
    enrolled: int = Field(..., description="Students in the class (the withdrawn not counted)")
    advisers: list[str]


class TrainingRosterRowOut(Schema):
    number: str
    student: str
    university: str
    status: str
    attendance_rate: Decimal | None
    grades: list[TrainingGradeOut]


class TrainingClassDetailOut(TrainingClassOut):
    courses: list[dict[str, Any]] = Field(..., description="code, name, credits, pass_mark")
    students: list[TrainingRosterRowOut]
