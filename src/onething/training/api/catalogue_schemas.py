"""The shapes of the catalogue's API: the institute's programmes with their tracks and
courses, cohorts (and a cohort's page), partner companies with their advisers,
universities, credit agreements with the courses they count; the staff's inputs to
create and edit each. Names carry ``Training`` so that they stay unique in the OpenAPI
document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field

from onething.core import clock
from onething.core.schema import Schema

from ..rules.statuses import (
    ASSESSMENT_LABELS,
    COHORT_STATUS_LABELS,
    label,
)
from .common import Text

# ---------------------------------------------------------------- programmes


class TrainingCourseOut(Schema):
    code: str
    name: str
    hours: int
    credits: Decimal
    assessment: str = Field(..., description="exam, project, report or practice")
    assessment_label: str
    pass_mark: int = Field(..., description="The mark of 100 that passes the course")

    @staticmethod
    def resolve_assessment_label(obj) -> str:
        return label(ASSESSMENT_LABELS, obj.assessment)


class TrainingTrackOut(Schema):
    code: str
    name: str
    description: str
    courses: list[TrainingCourseOut]

    @staticmethod
    def resolve_courses(obj):
        return list(obj.courses.all())


class TrainingProgrammeOut(Schema):
    code: str
    name: str
    description: str
    institute: str
    tracks: list[TrainingTrackOut]

    @staticmethod
    def resolve_institute(obj) -> str:
        return obj.institute.name

    @staticmethod
    def resolve_tracks(obj):
        return list(obj.tracks.all())


class TrainingProgrammeIn(Schema):
    code: Text = Field(..., max_length=30, description="Letters, digits, - and _ (e.g. CXRC)")
    name: Text = Field(..., max_length=100)
    description: Text = Field("", max_length=2000)


class TrainingProgrammeEditIn(Schema):
    name: Text | None = Field(None, max_length=100)
    description: Text | None = Field(None, max_length=2000)


class TrainingTrackIn(Schema):
    code: Text = Field(..., max_length=30, description="Unique in the programme (ai-chip)")
    name: Text = Field(..., max_length=60)
    description: Text = Field("", max_length=2000)


class TrainingTrackEditIn(Schema):
    name: Text | None = Field(None, max_length=60)
    description: Text | None = Field(None, max_length=2000)


class TrainingCourseIn(Schema):
    code: Text = Field(..., max_length=30, description="Unique (CHIP-101)")
    name: Text = Field(..., max_length=100)
    hours: int = Field(..., description="1 to 2,000")
    credits: Decimal = Field(..., description="0.5 to 30, one decimal at most")
    assessment: Text = Field("exam", description="exam, project, report or practice")
    pass_mark: int = Field(60, description="1 to 100")


class TrainingCourseEditIn(Schema):
    name: Text | None = Field(None, max_length=100)
    hours: int | None = None
    credits: Decimal | None = None
    assessment: Text | None = None
    pass_mark: int | None = None


# ---------------------------------------------------------------- cohorts


class TrainingTrackRef(Schema):
    code: str
    name: str


class TrainingCohortOut(Schema):
    code: str
    name: str
    programme: str = Field(..., description="The programme's code")
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    offer_days: int = Field(..., description="Days a student has to answer an offer")
    status: str = Field(..., description="planned, open, selecting, running or finished")
    status_label: str
    tracks: list[TrainingTrackRef]
    applications_count: int = Field(..., description="Applications submitted (a roll-up)")
    enrolled_count: int = Field(..., description="Enrolments made (a roll-up)")

    @staticmethod
    def resolve_programme(obj) -> str:
        return obj.programme.code

    @staticmethod
    def resolve_status_label(obj) -> str:
        return label(COHORT_STATUS_LABELS, obj.status)

    @staticmethod
    def resolve_tracks(obj):
        return list(obj.tracks.all())


class TrainingCohortAdviserOut(Schema):
    adviser_id: int
    name: str
    title: str
    company: str
    track: str = Field(..., description="The track's code: the class the adviser leads")

    @staticmethod
    def resolve_adviser_id(obj) -> int:
        return obj.adviser_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.adviser.name

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.adviser.title

    @staticmethod
    def resolve_company(obj) -> str:
        return obj.adviser.company.enterprise.name

    @staticmethod
    def resolve_track(obj) -> str:
        return obj.track.code


class TrainingCohortDetailOut(TrainingCohortOut):
    track_courses: list[TrainingTrackOut] = Field(..., description="Its tracks and their courses")
    advisers: list[TrainingCohortAdviserOut]
    taking_applications: bool = Field(..., description="Open, and within its window now")
    actions: list[str] = Field(
        ..., description="The lifecycle's moves you may make now (the institute's staff)"
    )

    @staticmethod
    def resolve_track_courses(obj):
        return list(obj.tracks.all())

    @staticmethod
    def resolve_advisers(obj):
        return list(obj.advisers.all())

    @staticmethod
    def resolve_taking_applications(obj) -> bool:
        now = clock.now()
        return obj.status == "open" and obj.applications_open_at <= now < obj.applications_close_at


class TrainingCohortFilter(Schema):
    programme: Text = Field("", max_length=30, description="A programme's code")
    status: Text = Field(
        "", max_length=10, description="planned, open, selecting, running, finished"
    )


class TrainingCohortIn(Schema):
    programme: Text = Field(..., max_length=30, description="The programme's code")
    code: Text = Field(..., max_length=30, description="2025S")
    name: Text = Field(..., max_length=100)
    starts_on: dt.date
    ends_on: dt.date
    capacity: int = Field(..., description="Places, 1 to 100,000")
    applications_open_at: dt.datetime = Field(..., description="With its offset, or local time")
    applications_close_at: dt.datetime = Field(..., description="Before the class starts")
    offer_days: int = Field(7, description="1 to 60")
    tracks: list[Text] = Field(..., description="Codes of the programme's tracks it teaches")


class TrainingCohortEditIn(Schema):
    name: Text | None = Field(None, max_length=100)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    capacity: int | None = None
    applications_open_at: dt.datetime | None = None
    applications_close_at: dt.datetime | None = None
    offer_days: int | None = None
    tracks: list[Text] | None = None


# ---------------------------------------------------------------- the figures


class TrainingCurrentCohortOut(Schema):
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    enrolled: int = Field(..., description="Its enrolments as of the day")


class TrainingCohortFiguresOut(Schema):
    code: str
    name: str
    starts_on: dt.date
    applications: int
    enrolled: int


class TrainingTrackFiguresOut(Schema):
    name: str
    enrolled: int


class TrainingFiguresOut(Schema):
    on: dt.date
    applications: int = Field(..., description="Applications submitted up to the day")
    selected: int = Field(..., description="Enrolments made (参加实训) up to the day")
    placed: int = Field(..., description="Placements started up to the day")
    universities: int = Field(..., description="Universities with an agreement valid that day")
    universities_985: int
    universities_overseas: int
    partner_companies: int
    advisers: int
    current_cohort: TrainingCurrentCohortOut | None = Field(
        None, description="The latest cohort started on or before the day"
    )
    cohorts: list[TrainingCohortFiguresOut]
    tracks: list[TrainingTrackFiguresOut] = Field(
        ..., description="The current cohort's tracks with their enrolments"
    )
