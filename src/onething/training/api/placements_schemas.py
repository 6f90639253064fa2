"""The shapes of the placements' API: an opening (岗位), a student's job application (with
the student's class, track and passed courses for the company), a placement (输送), and
the moves' inputs. Names start with ``Job`` so that they stay unique in the OpenAPI
document."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field

from onething.core import clock
from onething.core.apiutils import actor
from onething.core.schema import Schema

from ..rules.placements import accepting
from ..rules.statuses import JOB_STATUS_LABELS, OPENING_STATUS_LABELS, label
from ..selectors.placements import job_actions, job_student
from .common import NOTE_BOUND, Text


class JobCompanyRef(Schema):
    """A partner company: its id (the filters' ``company``) and name."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.enterprise.name


class JobTrackRef(Schema):
    code: str
    name: str


class JobOpeningOut(Schema):
    number: str = Field(..., description="GW + year + 5 digits")
    company: JobCompanyRef
    title: str
    track: JobTrackRef | None
    city: str
    positions: int
    description: str
    opens_on: dt.date
    closes_on: dt.date
    status: str = Field(..., description="open or closed")
    status_label: str
    accepting: bool = Field(..., description="Takes applications today")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return label(OPENING_STATUS_LABELS, obj.status)

    @staticmethod
    def resolve_accepting(obj) -> bool:
        return accepting(obj.status, obj.opens_on, obj.closes_on, clock.today())


class JobOpeningFilter(Schema):
    company: int | None = Field(None, description="A partner company's id")
    track: Text = Field("", max_length=30, description="A track's code")
    status: Literal["", "open", "closed", "all"] = Field(
        "",
        description="Default: the openings taking applications today (public); open, closed "
        "or all: the openings of the companies you act for",
    )


class JobOpeningIn(Schema):
    company: int | None = Field(
        None, description="The partner company's id (a company's staff: default their own)"
    )
    title: Text = Field(..., max_length=1000, description="At most 80 characters")
    track: Text = Field("", max_length=30, description="A track's code, or empty")
    city: Text = Field("无锡", max_length=1000)
    positions: int = Field(..., description="1–999")
    description: Text = Field("", max_length=4000, description="At most 2,000 characters")
    opens_on: dt.date | None = Field(None, description="Default today")
    closes_on: dt.date


class JobOpeningPatch(Schema):
    title: Text | None = Field(None, max_length=1000)
    track: Text | None = Field(None, max_length=30, description="A track's code; empty for none")
    city: Text | None = Field(None, max_length=1000)
    positions: int | None = None
    description: Text | None = Field(None, max_length=4000)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None


class JobInterviewIn(Schema):
    at: dt.datetime = Field(..., description="With its offset, e.g. 2025-09-25T10:00:00+08:00")
    note: Text = Field(
        "", max_length=NOTE_BOUND, description="Where (the student sees it); at most 200"
    )


class JobHireIn(Schema):
    started_on: dt.date | None = Field(None, description="Default today")


class JobStudentOut(Schema):
    name: str
    enrolment: str = Field(..., description="Student number (学号)")
    cohort: str
    track: str
    university: str
    passed_courses: list[str]


class JobApplicationOut(Schema):
    id: int
    opening: str = Field(..., description="The opening's number")
    opening_title: str
    company: JobCompanyRef
    student: JobStudentOut
    status: str = Field(
        ..., description="applied, interviewing, offered, hired, rejected, declined, withdrawn"
    )
    status_label: str
    applied_at: dt.datetime
    interview_at: dt.datetime | None
    note: str = Field(..., description="The student's note")
    company_note: str = Field(..., description="The company's latest word")
    placement: int | None = Field(None, description="The placement made on hire")
    actions: list[str] = Field(..., description="The moves you may make now")

    @staticmethod
    def resolve_opening(obj) -> str:
        return obj.opening.number

    @staticmethod
    def resolve_opening_title(obj) -> str:
        return obj.opening.title

    @staticmethod
    def resolve_company(obj):
        return obj.opening.company

    @staticmethod
    def resolve_student(obj) -> dict:
        return job_student(obj)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return label(JOB_STATUS_LABELS, obj.status)

    @staticmethod
    def resolve_placement(obj) -> int | None:
        placement = getattr(obj, "placement", None) if obj.status == "hired" else None
        return placement.pk if placement is not None else None

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        request = (context or {}).get("request")
        return job_actions(actor(request), obj) if request is not None else []


class JobApplicationFilter(Schema):
    opening: Text = Field("", max_length=20, description="An opening's number")
    status: Text = Field("", max_length=12, description="A status")
    company: int | None = Field(None, description="A partner company's id")
    mine: bool = Field(False, description="Only your own (a student's)")


class JobPlacementOut(Schema):
    id: int
    company: JobCompanyRef
    student: str
    enrolment: str = Field(..., description="Student number (学号)")
    cohort: str = Field(..., description="The cohort's code")
    track: str
    position: str
    started_on: dt.date
    ended_on: dt.date | None
    active: bool
    application: int | None = Field(None, description="The job application it came from")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_student(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_enrolment(obj) -> str:
        return obj.enrolment.number

    @staticmethod
    def resolve_cohort(obj) -> str:
        return obj.enrolment.cohort.code

    @staticmethod
    def resolve_track(obj) -> str:
        return obj.enrolment.track.name

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.ended_on is None

    @staticmethod
    def resolve_application(obj) -> int | None:
        return obj.application_id


class JobPlacementFilter(Schema):
    company: int | None = Field(None, description="A partner company's id")
    cohort: Text = Field("", max_length=30, description="A cohort's code")
    year: int | None = Field(None, description="The year it started")
    active: bool | None = Field(None, description="Not ended (true) or ended (false)")
    mine: bool = Field(False, description="Only your own (a student's)")


class JobPlacementIn(Schema):
    enrolment: Text = Field(..., max_length=30, description="The student number (学号)")
    company: int = Field(..., description="The partner company's id")
    position: Text = Field(..., max_length=1000, description="At most 80 characters")
    started_on: dt.date


class JobPlacementEndIn(Schema):
    ended_on: dt.date
    note: Text = Field("", max_length=NOTE_BOUND)
