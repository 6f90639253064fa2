"""Additions to the institute world for the catalogue's and the figures' tests: 深存科技,
a partner joining in 2025 (the seed's first-timer) with its adviser; earlier cohorts
with their roll-ups; records counted by the figures (applications, enrolments,
placements) made directly."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from onething.core.generate import credit_code
from onething.core.models import Enterprise, User
from onething.core.permissions import SYSTEM
from onething.core.services.parties import enterprise_register
from onething.training.models import (
    Adviser,
    Application,
    Cohort,
    Enrolment,
    JobApplication,
    Opening,
    PartnerCompany,
    Placement,
)

from .world import DISTRICT, at, person_make

_numbers = itertools.count(1)


def shencun(inst) -> PartnerCompany:
    """深存科技, joining in 2025, with its chairman as an adviser (no class yet)."""
    name = "深存科技（无锡）有限公司"
    enterprise = Enterprise.objects.filter(name=name).first() or enterprise_register(
        actor=SYSTEM,
        name=name,
        credit_code=credit_code(random.Random(503), DISTRICT),
        region_code=DISTRICT,
    )
    partner = PartnerCompany.objects.create(
        institute=inst.institute,
        enterprise=enterprise,
        field="存储芯片",
        joined_on=dt.date(2025, 4, 1),
        specialised=True,
    )
    Adviser.objects.create(
        company=partner, name="王总", title="董事长", appointed_on=dt.date(2025, 6, 1)
    )
    return partner


def old_cohort(inst, year: int, *, applications: int, enrolled: int) -> Cohort:
    """A past summer cohort, finished, with its roll-ups (its rows are not made)."""
    cohort = Cohort.objects.create(
        programme=inst.programme,
        code=f"{year}S",
        name=f"{year}年暑期实训班",
        starts_on=dt.date(year, 7, 10),
        ends_on=dt.date(year, 9, 9),
        capacity=enrolled,
        applications_open_at=at(f"{year}-05-01", 0),
        applications_close_at=at(f"{year}-06-20", 18),
        status="finished",
        applications_count=applications,
        enrolled_count=enrolled,
    )
    cohort.tracks.set([inst.chips, inst.algorithms])
    return cohort


def application(inst, cohort: Cohort, submitted: str, *, university=None, track=None):
    n = next(_numbers)
    return Application.objects.create(
        number=f"SX{cohort.starts_on.year}{n:06d}",
        cohort=cohort,
        person=person_make(f"学生{n}"),
        university=university or inst.lzu,
        major="计算机",
        graduation_year=cohort.starts_on.year + 1,
        first_track=track or inst.chips,
        submitted_at=at(submitted),
        status="accepted",
    )


def enrolment(inst, application_: Application, enrolled: str, track=None) -> Enrolment:
    return Enrolment.objects.create(
        number=f"XY{application_.cohort.code}{next(_numbers):04d}",
        application=application_,
        cohort=application_.cohort,
        track=track or application_.first_track,
        person=application_.person,
        university=application_.university,
        enrolled_at=at(enrolled),
    )


def placement(inst, enrolment_: Enrolment, started: str, company=None) -> Placement:
    company = company or inst.yaoming
    opening = Opening.objects.create(
        number=f"GW{next(_numbers):09d}",
        company=company,
        title="研发工程师",
        positions=5,
        opens_on=dt.date.fromisoformat(started) - dt.timedelta(days=30),
        closes_on=dt.date.fromisoformat(started),
        created_by=User.objects.get(pk=inst.hr.user_id),
    )
    job = JobApplication.objects.create(
        opening=opening,
        person=enrolment_.person,
        enrolment=enrolment_,
        status="hired",
        applied_at=at(started),
    )
    return Placement.objects.create(
        company=company,
        person=enrolment_.person,
        enrolment=enrolment_,
        application=job,
        position="研发工程师",
        started_on=dt.date.fromisoformat(started),
        recorded_at=at(started),
    )
