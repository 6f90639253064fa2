"""The class services: enrolment, attendance, grades, completing or withdrawing."""

from .attendance import Marked, attendance_mark, attendance_record
from .enrolments import (
    enrolment_complete,
    enrolment_create,
    enrolment_withdraw,
    enrolments_create_all,
)
from .grades import Graded, grades_judge_again, grades_record, grades_record_sheet

__all__ = [
    "Graded",
    "Marked",
    "attendance_mark",
    "attendance_record",
    "enrolment_complete",
    "enrolment_create",
    "enrolment_withdraw",
    "enrolments_create_all",
    "grades_judge_again",
    "grades_record",
    "grades_record_sheet",
]
