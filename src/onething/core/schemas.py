"""API schemas of core. Personal data leaves only masked; full values only through the
audited reveal endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field

from onething.core.schema import RegionRef, Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    region: RegionRef
    phone: str


class WindowOut(Schema):
    number: int
    name: str
    is_cross_region: bool
    is_active: bool


class ServiceCenterOut(Schema):
    id: int
    code: str
    name: str
    region: RegionRef
    address: str
    phone: str
    opening_hours: str
    windows: list[WindowOut]

    @staticmethod
    def resolve_windows(obj):
        return list(obj.windows.all())


class PersonIn(Schema):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=32)
    region_code: str = Field(..., max_length=12)
    phone: str = Field("", max_length=20)


class PersonOut(Schema):
    id: int
    name: str
    id_number_masked: str
    phone_masked: str
    region: RegionRef
    created_at: dt.datetime


class RevealIn(Schema):
    field: str = Field(..., description="id_number or phone")
    purpose: str = Field(
        "",
        max_length=300,
        description="Why the full value is needed (required: at least 4 characters, "
        "a Chinese character counting two).",
    )


class RevealOut(Schema):
    field: str
    value: str


class LookupIn(Schema):
    id_number: str = Field(..., max_length=32)


class EnterpriseIn(Schema):
    name: str = Field(..., max_length=120)
    credit_code: str = Field(..., max_length=32)
    region_code: str = Field(..., max_length=12)
    address: str = Field("", max_length=200)
    industry: str = Field("", max_length=60)
    size: str = Field("", description="micro, small, medium or large")


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    region: RegionRef
    address: str
    industry: str
    size: str


class AgentOut(Schema):
    id: int
    name: str = Field(..., alias="person.name")
    is_active: bool


class AgencyOut(Schema):
    id: int
    name: str
    credit_code: str
    region: RegionRef
    agents: list[AgentOut]

    @staticmethod
    def resolve_agents(obj):
        return list(obj.agents.all())


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    person: PersonOut | None
    enterprise: EnterpriseOut | None
    service_center: RegionRef | None
    department: RegionRef | None
    region: RegionRef | None


class WorkingDaysOut(Schema):
    start: dt.date
    working_days: int
    due: dt.date
    provisional: bool = Field(
        ..., description="Counted through a year with no official schedule (weekends only)"
    )


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    provisional: bool = Field(
        ..., description="A year in between has no official schedule (weekends only)"
    )


class ScheduleDayIn(Schema):
    date: dt.date
    kind: Literal["holiday", "workday"] = Field(
        ..., description="holiday: a weekday off; workday: a weekend day worked (调休)"
    )
    name: str = Field("", max_length=40, description="The festival, e.g. 春节")


class ScheduleIn(Schema):
    year: int = Field(..., ge=2000, le=2200)
    source: str = Field(..., max_length=200, description="The State Council's notice")
    days: list[ScheduleDayIn] = Field(..., max_length=120)


class ScheduleEnteredOut(Schema):
    year: int
    source: str
    holidays: int
    workdays: int
    deadlines_changed: dict[str, int] = Field(
        ..., description="Open provisional deadlines counted again, by kind"
    )


class ScheduleYearOut(Schema):
    year: int
    source: str
    entered: bool = Field(..., description="Entered by staff (else published in the package)")
    holidays: int
    workdays: int


class CalendarStatusOut(Schema):
    today: dt.date
    missing: list[int] = Field(
        ..., description="Years whose schedule is needed by now and not entered"
    )
    years: list[ScheduleYearOut]


class PeopleFilter(Schema):
    q: str = Field("", max_length=50, description="name, or the last four of the ID number")
    region_code: str | None = Field(None, max_length=12)


class EnterpriseFilter(Schema):
    q: str = Field("", max_length=120, description="name or the full credit code")
    region_code: str | None = Field(None, max_length=12)
    industry: str = Field("", max_length=60)
