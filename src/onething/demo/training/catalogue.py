"""The institute as the history finds it, made through the catalogue's services by the
institute's staff, each step as of its day (``clock.frozen``), in time order: the
programme, its tracks and courses (AI芯片 from 2024), the partner companies as they joined
and their 企业家班主任, the universities and their 学分互认 agreements with the courses each
counts, the registrars' links, and the cohorts of 2021–2025 — created, opened, closed,
their advisers assigned, started and finished. The institute itself is the
administrator's record (no service creates one). Made once (looked up by the institute's
department first); ``Catalogue`` is what the history's later steps read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from onething.core import clock
from onething.core.models import Department, Enterprise, Region, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.audit import audit_record, snapshot
from onething.training.models import (
    Adviser,
    Cohort,
    Course,
    CreditAgreement,
    Institute,
    PartnerCompany,
    Track,
    University,
)
from onething.training.services import catalogue as services

from ..timeline import at
from . import data
from .partners import ADVISED_2025, ADVISED_BEFORE, COMPANIES
from .universities import UNIVERSITIES

COUNTED_AS = "专业选修课（产业实训）"  # how 兰州大学's records name the courses
ORDER = [c.code for c in data.COHORTS]


@dataclass
class Valid:
    """An agreement as the history needs it: its university, when it is in force and the
    courses it counts."""

    agreement_id: int
    university_id: int
    valid_from: dt.date
    valid_until: dt.date | None
    courses: frozenset[int]

    def on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass
class Catalogue:
    institute: Institute
    tracks: dict[str, Track]
    courses: dict[str, list[Course]]  # by track code
    companies: dict[str, PartnerCompany]
    universities: dict[str, University]
    agreements: list[Valid]
    cohorts: dict[str, Cohort]
    users: dict[str, User]

    def counted(self, university_id: int, day: dt.date) -> Valid | None:
        """The agreement of a university in force on ``day``, if any."""
        for valid in self.agreements:
            if valid.university_id == university_id and valid.on(day):
                return valid
        return None


def taught(code: str) -> list[str]:
    """The tracks a cohort teaches (AI芯片 from the summer of 2024)."""
    return [
        t
        for t, (_n, _d, first, _c) in data.TRACKS.items()
        if ORDER.index(first) <= ORDER.index(code)
    ]


def _programme(staff: Actor) -> list[tuple[dt.datetime, Callable]]:
    founded = at(data.INSTITUTE_FOUNDED, 10)
    steps = [
        (
            founded,
            partial(
                services.programme_create,
                actor=staff,
                code=data.PROGRAMME,
                name=data.PROGRAMME_NAME,
                description=data.PROGRAMME_ABOUT,
            ),
        )
    ]
    for code, (name, about, first, courses) in data.TRACKS.items():
        cohort = next(c for c in data.COHORTS if c.code == first)
        when = max(founded, at(cohort.opens - dt.timedelta(days=30), 10)) + dt.timedelta(minutes=1)
        create = services.track_create
        steps.append(
            (
                when,
                partial(
                    create,
                    actor=staff,
                    programme_code=data.PROGRAMME,
                    code=code,
                    name=name,
                    description=about,
                ),
            )
        )
        for n, (course, title, hours, credits, assessment) in enumerate(courses, 1):
            steps.append(
                (
                    when + dt.timedelta(minutes=n),
                    partial(
                        services.course_create,
                        actor=staff,
                        programme_code=data.PROGRAMME,
                        track_code=code,
                        code=course,
                        name=title,
                        hours=hours,
                        credits=credits,
                        assessment=assessment,
                        pass_mark=data.PASS_MARK,
                    ),
                )
            )
    return steps


def _partner(staff: Actor, company) -> None:
    enterprise = Enterprise.objects.get(name=company.name)
    partner = services.partner_create(
        actor=staff,
        credit_code=enterprise.credit_code,
        joined_on=company.joined_on,
        field=company.field,
        listed=company.listed,
        specialised=company.specialised,
    )
    for n, (name, title, appointed) in enumerate(company.advisers):
        with clock.frozen(at(appointed, 11)):
            services.adviser_create(
                actor=staff,
                partner_id=partner.pk,
                name=name,
                title=title,
                appointed_on=appointed,
                account=data.ADVISER if company.key == "zwax" and n == 0 else "",
            )


def _counted(plan, courses: dict[str, dict]) -> list[dict]:
    """The courses an agreement counts, as the service takes them."""
    if plan.counts == "all":
        chosen = list(courses)
    elif plan.counts == "graded":
        chosen = [c for c, row in courses.items() if row["assessment"] in ("exam", "project")]
    else:
        chosen = list(plan.courses)
    return [
        {
            "course": code,
            "credits": plan.credits or courses[code]["credits"],
            "counted_as": COUNTED_AS if plan.elective else "",
        }
        for code in chosen
    ]


def _university(staff: Actor, plan, courses: dict[str, dict]) -> None:
    first = plan.agreements[0].signed_on if plan.agreements else dt.date(2023, 3, 1)
    with clock.frozen(at(first, 9)):
        university = services.university_create(
            actor=staff,
            name=plan.name,
            english_name=plan.english,
            country=plan.country,
            is_985=plan.is_985,
            overseas=plan.overseas,
        )
    for a in plan.agreements:
        with clock.frozen(at(a.signed_on, 10)):
            services.agreement_create(
                actor=staff,
                number=a.number,
                university_id=university.pk,
                signed_on=a.signed_on,
                valid_from=a.signed_on,
                valid_until=a.valid_until,
                courses=_counted(a, courses),
                grade_scheme=a.scheme,
                elective_name=a.elective,
            )


def _universities(staff: Actor) -> list[tuple[dt.datetime, Callable]]:
    courses = {
        code: {"credits": credits, "assessment": assessment}
        for _n, _d, _f, listed in data.TRACKS.values()
        for code, _t, _h, credits, assessment in listed
    }
    # the agreements of 2025 count the AI-chip courses taught from 2024: every university
    # is made once the courses are there (the founding summer's universities too)
    made = at(dt.date(2024, 6, 1), 9)
    return [(made, partial(_university, staff, plan, courses)) for plan in UNIVERSITIES]


def _links(staff: Actor) -> None:
    for username, (_role, scope, _name, _note) in data.ACCOUNTS.items():
        if "university" in scope:
            university = University.objects.get(name=scope["university"])
            services.university_account_link(
                actor=staff, university_id=university.pk, username=username
            )


def _cohort_steps(staff: Actor, plan: data.CohortPlan) -> list[tuple[dt.datetime, Callable]]:
    move = partial(services.cohort_move, actor=staff, code=plan.code)
    steps = [
        (
            at(plan.opens - dt.timedelta(days=14), 10),
            partial(
                services.cohort_create,
                actor=staff,
                programme_code=data.PROGRAMME,
                code=plan.code,
                name=plan.name,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                capacity=plan.capacity,
                applications_open_at=at(plan.opens, 9),
                applications_close_at=at(plan.closes, 18),
                tracks=taught(plan.code),
                offer_days=data.OFFER_DAYS,
            ),
        ),
        (at(plan.opens, 9), partial(move, action="open")),
        (at(plan.closes, 18, 1), partial(move, action="close")),
        (at(plan.starts_on, 8), partial(_assign, staff, plan)),
        (at(plan.starts_on, 8, 30), partial(move, action="start")),
    ]
    if plan.code != data.CURRENT:
        steps.append((at(plan.ends_on, 17, 30), partial(move, action="finish")))
    return steps


def _assign(staff: Actor, plan: data.CohortPlan) -> None:
    classes = ADVISED_2025 if plan.code == data.CURRENT else ADVISED_BEFORE.get(plan.code, {})
    names = {c.key: c.name for c in COMPANIES}
    for key, track in classes.items():
        for adviser in Adviser.objects.filter(company__enterprise__name=names[key]):
            if adviser.appointed_on <= plan.starts_on:
                services.adviser_assign(
                    actor=staff, adviser_id=adviser.pk, cohort_code=plan.code, track_code=track
                )


def _institute(department: Department) -> Institute:
    with clock.frozen(at(data.INSTITUTE_FOUNDED, 9)):
        institute = Institute.objects.create(
            name=data.INSTITUTE,
            short_name=data.INSTITUTE_SHORT,
            department=department,
            region=Region.objects.get(code=data.DISTRICT),
            address=data.INSTITUTE_ADDRESS,
            founded_on=data.INSTITUTE_FOUNDED,
        )
        audit_record(
            actor=SYSTEM,
            action="training.institute.create",
            subject=institute,
            after=snapshot(institute, ["name", "short_name", "department", "region"]),
        )
    return institute


def load_catalogue(log: Callable[[str], None]) -> Catalogue:
    """The institute's catalogue, made when missing."""
    department = Department.objects.get(code=data.DEPARTMENT)
    institute = Institute.objects.filter(department=department).first()
    if institute is not None:
        return read_catalogue(institute)
    institute = _institute(department)
    staff = actor_for(User.objects.get(username=data.STAFF))
    steps = _programme(staff)
    steps += [(at(c.joined_on, 10), partial(_partner, staff, c)) for c in COMPANIES]
    steps += _universities(staff)
    steps.append((at(dt.date(2024, 6, 5), 10), partial(_links, staff)))
    for plan in data.COHORTS:
        steps += _cohort_steps(staff, plan)
    for when, step in sorted(steps, key=lambda s: s[0]):
        with clock.frozen(when):
            step()
    cat = read_catalogue(institute)
    log(
        f"training: the institute, {len(cat.tracks)} tracks, {len(cat.companies)} partner "
        f"companies, {len(cat.universities)} universities, {len(cat.cohorts)} cohorts"
    )
    return cat


def find_catalogue() -> Catalogue | None:
    """The institute's catalogue, when the history made it."""
    institute = Institute.objects.filter(department__code=data.DEPARTMENT).first()
    return read_catalogue(institute) if institute else None


def read_catalogue(institute: Institute) -> Catalogue:
    tracks = {t.code: t for t in Track.objects.filter(programme__institute=institute)}
    courses: dict[str, list[Course]] = {code: [] for code in tracks}
    for course in Course.objects.filter(track__in=tracks.values()).select_related("track"):
        courses[course.track.code].append(course)
    for listed in courses.values():
        listed.sort(key=lambda c: c.code)
    agreements = []
    for a in CreditAgreement.objects.filter(institute=institute).prefetch_related("courses"):
        until = min(d for d in (a.valid_until, a.terminated_on, dt.date.max) if d)
        agreements.append(
            Valid(
                a.pk,
                a.university_id,
                a.valid_from,
                None if until == dt.date.max else until,
                frozenset(c.course_id for c in a.courses.all()),
            )
        )
    partners = PartnerCompany.objects.filter(institute=institute).select_related("enterprise")
    by_name = {p.enterprise.name: p for p in partners}
    return Catalogue(
        institute=institute,
        tracks=tracks,
        courses=courses,
        companies={c.key: by_name[c.name] for c in COMPANIES},
        universities={u.name: u for u in University.objects.all()},
        agreements=agreements,
        cohorts={c.code: c for c in Cohort.objects.filter(programme__institute=institute)},
        users={u.username: u for u in User.objects.filter(username__in=list(data.ACCOUNTS))},
    )
