"""The shapes of the catalogue's API (continued): partner companies with their advisers and
the classes they lead, universities and their registrars' accounts, credit agreements with
the courses they count; the staff's inputs to create and edit each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field

from onething.core import clock
from onething.core.schema import Schema

from ..rules.catalogue import AGREEMENT_STATE_LABELS, agreement_state
from ..rules.statuses import GRADE_SCHEME_LABELS, label
from .common import Text

# ---------------------------------------------------------------- partners and advisers


class TrainingClassRef(Schema):
    cohort: str = Field(..., description="The cohort's code")
    track: str = Field(..., description="The track's code")
    assignment_id: int

    @staticmethod
    def resolve_cohort(obj) -> str:
        return obj.cohort.code

    @staticmethod
    def resolve_track(obj) -> str:
        return obj.track.code

    @staticmethod
    def resolve_assignment_id(obj) -> int:
        return obj.pk


class TrainingAdviserOut(Schema):
    id: int
    name: str
    title: str
    appointed_on: dt.date
    has_account: bool = Field(..., description="Signs in to grade their classes")
    classes: list[TrainingClassRef] = Field(..., description="The classes the adviser leads")

    @staticmethod
    def resolve_has_account(obj) -> bool:
        return obj.account_id is not None

    @staticmethod
    def resolve_classes(obj):
        return list(obj.assignments.all())


class TrainingPartnerOut(Schema):
    id: int
    name: str
    credit_code: str
    field: str
    joined_on: dt.date = Field(..., description="The day it became a partner")
    listed: bool
    specialised: bool = Field(..., description="专精特新 enterprise")
    advisers: list[TrainingAdviserOut]

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_credit_code(obj) -> str:
        return obj.enterprise.credit_code

    @staticmethod
    def resolve_advisers(obj):
        return list(obj.advisers.all())


class TrainingPartnerFilter(Schema):
    q: Text = Field("", max_length=40, description="A part of the company's name")


class TrainingPartnerIn(Schema):
    credit_code: Text = Field(..., max_length=18, description="The enterprise's credit code")
    joined_on: dt.date
    field: Text = Field("", max_length=60)
    listed: bool = False
    specialised: bool = False


class TrainingPartnerEditIn(Schema):
    field: Text | None = Field(None, max_length=60)
    joined_on: dt.date | None = None
    listed: bool | None = None
    specialised: bool | None = None


class TrainingAdviserIn(Schema):
    name: Text = Field(..., max_length=40)
    title: Text = Field(..., max_length=40, description="董事长, 总经理…")
    appointed_on: dt.date
    account: Text = Field("", max_length=150, description="Username of their sign-in")


class TrainingAdviserEditIn(Schema):
    name: Text | None = Field(None, max_length=40)
    title: Text | None = Field(None, max_length=40)
    appointed_on: dt.date | None = None
    account: Text | None = Field(None, max_length=150, description="'' unlinks it")


class TrainingAssignmentIn(Schema):
    cohort: Text = Field(..., max_length=30)
    track: Text = Field(..., max_length=30)


# ---------------------------------------------------------------- universities, agreements


class TrainingUniversityOut(Schema):
    id: int
    name: str
    english_name: str
    country: str
    is_985: bool
    overseas: bool


class TrainingUniversityFilter(Schema):
    kind: Text = Field("", max_length=10, description="985, overseas or other")
    q: Text = Field("", max_length=40, description="A part of the name")


class TrainingUniversityIn(Schema):
    name: Text = Field(..., max_length=100)
    english_name: Text = Field("", max_length=150)
    country: Text = Field("中国", max_length=40)
    is_985: bool = False
    overseas: bool = False


class TrainingUniversityEditIn(Schema):
    name: Text | None = Field(None, max_length=100)
    english_name: Text | None = Field(None, max_length=150)
    country: Text | None = Field(None, max_length=40)
    is_985: bool | None = None
    overseas: bool | None = None


class TrainingUniversityAccountIn(Schema):
    username: Text = Field(..., max_length=150, description="A registrar's account")


class TrainingUniversityAccountOut(Schema):
    id: int
    university_id: int
    name: str = Field(..., description="The account's display name")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.display_name


class TrainingUniversityRef(Schema):
    id: int
    name: str
    is_985: bool
    overseas: bool


class TrainingAgreementOut(Schema):
    number: str
    university: TrainingUniversityRef
    signed_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None = Field(None, description="Open-ended when null")
    terminated_on: dt.date | None = Field(None, description="It applies no more from that day")
    state: str = Field(..., description="Today: pending, valid, expired or terminated")
    state_label: str
    grade_scheme: str = Field(..., description="percent, five_level, pass_fail or gpa4")
    grade_scheme_label: str
    elective_name: str = Field(..., description="How the university's records name the credits")

    @staticmethod
    def resolve_state(obj) -> str:
        return agreement_state(
            clock.today(),
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
            terminated_on=obj.terminated_on,
        )

    @staticmethod
    def resolve_state_label(obj) -> str:
        return label(AGREEMENT_STATE_LABELS, TrainingAgreementOut.resolve_state(obj))

    @staticmethod
    def resolve_grade_scheme_label(obj) -> str:
        return label(GRADE_SCHEME_LABELS, obj.grade_scheme)


class TrainingAgreementCourseOut(Schema):
    course: str = Field(..., description="The institute's course code")
    course_name: str
    track: str
    credits: Decimal = Field(..., description="The university's credits for it")
    counted_as: str = Field(..., description="The university's course it stands for")

    @staticmethod
    def resolve_course(obj) -> str:
        return obj.course.code

    @staticmethod
    def resolve_course_name(obj) -> str:
        return obj.course.name

    @staticmethod
    def resolve_track(obj) -> str:
        return obj.course.track.name


class TrainingAgreementDetailOut(TrainingAgreementOut):
    note: str
    courses: list[TrainingAgreementCourseOut]

    @staticmethod
    def resolve_courses(obj):
        return list(obj.courses.all())


class TrainingAgreementFilter(Schema):
    university: int | None = Field(None, description="A university's id")
    state: Text = Field("", max_length=10, description="pending, valid, expired, terminated")
    on: dt.date | None = Field(None, description="The day the state is of (default today)")


class TrainingAgreementCourseIn(Schema):
    course: Text = Field(..., max_length=30, description="The institute's course code")
    credits: Decimal = Field(..., description="The university's credits, 0.5 to 30")
    counted_as: Text = Field("", max_length=100)


class TrainingAgreementIn(Schema):
    number: Text = Field(..., max_length=30, description="XY-2024-001")
    university: int = Field(..., description="The university's id")
    signed_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None = Field(None, description="Null: open-ended")
    grade_scheme: Text = Field("percent", description="percent, five_level, pass_fail, gpa4")
    elective_name: Text = Field("", max_length=100)
    note: Text = Field("", max_length=2000)
    courses: list[TrainingAgreementCourseIn]


class TrainingAgreementEditIn(Schema):
    signed_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = Field(None, description="Null: open-ended")
    grade_scheme: Text | None = None
    elective_name: Text | None = Field(None, max_length=100)
    note: Text | None = Field(None, max_length=2000)
    courses: list[TrainingAgreementCourseIn] | None = None


class TrainingAgreementTerminateIn(Schema):
    on: dt.date | None = Field(None, description="From that day it applies no more (today)")
    reason: Text = Field(..., max_length=200)
