"""The institute's records: the institute, programmes, tracks, courses and cohorts;
partner companies and advisers; universities, accounts and credit agreements;
applications, their files, interviews and steps; enrolments, attendance and grades;
transcripts; openings, job applications and placements."""

from .applications import Application, ApplicationFile, ApplicationStep, Interview
from .classes import Attendance, Enrolment, Grade
from .partners import Adviser, AdviserAssignment, PartnerCompany
from .placements import JobApplication, Opening, Placement
from .programmes import Cohort, Course, Institute, Programme, Track
from .transcripts import Transcript, TranscriptLine
from .universities import AgreementCourse, CreditAgreement, University, UniversityAccount

__all__ = [
    "Adviser",
    "AdviserAssignment",
    "AgreementCourse",
    "Application",
    "ApplicationFile",
    "ApplicationStep",
    "Attendance",
    "Cohort",
    "Course",
    "CreditAgreement",
    "Enrolment",
    "Grade",
    "Institute",
    "Interview",
    "JobApplication",
    "Opening",
    "PartnerCompany",
    "Placement",
    "Programme",
    "Track",
    "Transcript",
    "TranscriptLine",
    "University",
    "UniversityAccount",
]
