"""A small institute world on the demo city's base, built inside each test's rolled-back
transaction: 无锡高新区产业科技创新人才实训学院 (its department in 新吴区) with a staff
account and a teacher; the programme with three tracks (AI芯片, 算法优化, 数字电路设计) and
two courses each; the 2025 summer cohort (open for applications, 750 places); partner
companies 中微爱芯 (an adviser with an account, assigned to the AI-chip class) and
药明合联 (an HR account); universities 兰州大学 (985, agreement counting the AI-chip
courses), 悉尼大学 (overseas, agreement on five levels) and 江南示范学院 (no agreement),
兰州大学's registrar; two students (applicant accounts with their person).

Records are made directly (the services are what the tests try); ``NOW`` is the cohort's
application period."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from onething.core.generate import credit_code, resident_id
from onething.core.models import Department, Enterprise, Person, Region, Role, User
from onething.core.permissions import SYSTEM, Actor, actor_for
from onething.core.services.organisations import department_create
from onething.core.services.parties import enterprise_register, sealed_person
from onething.training.models import (
    Adviser,
    AdviserAssignment,
    AgreementCourse,
    Cohort,
    Course,
    CreditAgreement,
    Institute,
    PartnerCompany,
    Programme,
    Track,
    University,
    UniversityAccount,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 6, 10, 10, tzinfo=SHANGHAI)  # applications open (May–June 2025)
DISTRICT = "320214"  # 新吴区

_people = itertools.count(1)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def actor_of(user: User) -> Actor:
    return actor_for(
        User.objects.select_related("department__region", "region", "person").get(pk=user.pk)
    )


def person_make(name: str) -> Person:
    region = Region.objects.get(code=DISTRICT)
    person = sealed_person(name, resident_id(random.Random(91000 + next(_people))), region)
    person.save()
    return person


def student_make(username: str, name: str) -> Actor:
    user = User.objects.create(username=username, role=Role.APPLICANT, person=person_make(name))
    return actor_of(user)


def _enterprise(name: str, seed: int) -> Enterprise:
    found = Enterprise.objects.filter(name=name).first()
    return found or enterprise_register(
        actor=SYSTEM,
        name=name,
        credit_code=credit_code(random.Random(seed), "320214"),
        region_code=DISTRICT,
    )


@dataclass
class Institute_:
    city: object
    institute: Institute
    programme: Programme
    cohort: Cohort  # 2025 暑期实训班: applications open 2025-05-01 … 2025-06-20
    chips: Track  # AI芯片
    algorithms: Track  # 算法优化
    circuits: Track  # 数字电路设计
    courses: dict[str, Course]  # by code: CHIP-101, CHIP-201, ALG-101, ALG-201, DC-101, DC-201
    staff: Actor  # institute staff (招生与教务)
    teacher: Actor  # institute staff too (a teacher)
    other_staff: Actor  # an officer of another department (no institute)
    zwax: PartnerCompany  # 中微爱芯
    yaoming: PartnerCompany  # 药明合联
    adviser: Adviser  # 中微爱芯's leader, adviser of the AI-chip class
    adviser_actor: Actor
    hr: Actor  # 药明合联's staff (an applicant account acting for the enterprise)
    lzu: University  # 兰州大学, 985
    sydney: University  # 悉尼大学, overseas
    nonpartner: University  # no agreement
    lzu_agreement: CreditAgreement
    sydney_agreement: CreditAgreement
    registrar: Actor  # 兰州大学's registrar (role university)
    sydney_registrar: Actor
    wei: Actor  # 魏同学, 兰州大学
    zhao: Actor  # 赵盛龙, 悉尼大学


def build(city) -> Institute_:
    department = Department.objects.filter(code="XW-SXXY").first() or department_create(
        actor=SYSTEM,
        code="XW-SXXY",
        name="无锡高新区产业科技创新人才实训学院",
        kind="other",
        region_code=DISTRICT,
    )
    other = Department.objects.filter(code="XW-OTHER").first() or department_create(
        actor=SYSTEM, code="XW-OTHER", name="新吴区科技局", kind="other", region_code=DISTRICT
    )
    institute = Institute.objects.create(
        name="无锡高新区产业科技创新人才实训学院",
        short_name="实训学院",
        department=department,
        region=Region.objects.get(code=DISTRICT),
    )
    programme = Programme.objects.create(
        institute=institute, code="CXRC", name="产业科技创新人才实训"
    )
    tracks = {}
    courses = {}
    for code, name, prefix in (
        ("ai-chip", "AI芯片", "CHIP"),
        ("algorithms", "算法优化", "ALG"),
        ("circuits", "数字电路设计", "DC"),
    ):
        track = Track.objects.create(programme=programme, code=code, name=name)
        tracks[code] = track
        for n, (title, hours, credits) in enumerate(
            ((f"{name}导论", 32, "2.0"), (f"{name}项目实战", 64, "3.0")), start=1
        ):
            course = Course.objects.create(
                track=track,
                code=f"{prefix}-{n}01",
                name=title,
                hours=hours,
                credits=Decimal(credits),
                assessment="exam" if n == 1 else "project",
                pass_mark=60,
            )
            courses[course.code] = course
    cohort = Cohort.objects.create(
        programme=programme,
        code="2025S",
        name="2025年暑期实训班",
        starts_on=dt.date(2025, 7, 14),
        ends_on=dt.date(2025, 9, 13),
        capacity=750,
        applications_open_at=at("2025-05-01", 0),
        applications_close_at=at("2025-06-20", 18),
        offer_days=7,
        status="open",
    )
    cohort.tracks.set(tracks.values())

    staff = actor_of(
        User.objects.create(username="t.staff", role="institute_staff", department=department)
    )
    teacher = actor_of(
        User.objects.create(username="t.teacher", role="institute_staff", department=department)
    )
    other_staff = actor_of(
        User.objects.create(username="t.other", role="officer", department=other)
    )

    zwax = PartnerCompany.objects.create(
        institute=institute,
        enterprise=_enterprise("中微爱芯（无锡）科技有限公司", 501),
        field="集成电路",
        joined_on=dt.date(2022, 5, 1),
    )
    yaoming = PartnerCompany.objects.create(
        institute=institute,
        enterprise=_enterprise("无锡药明合联生物技术有限公司", 502),
        field="生物医药",
        joined_on=dt.date(2023, 5, 1),
        listed=True,
    )
    adviser_user = User.objects.create(
        username="t.adviser",
        role=Role.APPLICANT,
        person=person_make("许董事"),
        enterprise=zwax.enterprise,
    )
    adviser = Adviser.objects.create(
        company=zwax,
        name="许董事",
        title="董事长",
        account=adviser_user,
        appointed_on=dt.date(2025, 6, 1),
    )
    AdviserAssignment.objects.create(adviser=adviser, cohort=cohort, track=tracks["ai-chip"])
    hr = actor_of(
        User.objects.create(
            username="t.hr",
            role=Role.APPLICANT,
            person=person_make("人事专员"),
            enterprise=yaoming.enterprise,
        )
    )

    lzu = University.objects.create(name="兰州大学", english_name="Lanzhou University", is_985=True)
    sydney = University.objects.create(
        name="悉尼大学", english_name="The University of Sydney", country="澳大利亚", overseas=True
    )
    nonpartner = University.objects.create(name="江南示范学院")
    lzu_agreement = CreditAgreement.objects.create(
        number="XY-2024-001",
        institute=institute,
        university=lzu,
        signed_on=dt.date(2024, 3, 1),
        valid_from=dt.date(2024, 3, 1),
        valid_until=dt.date(2027, 2, 28),
        grade_scheme="percent",
        elective_name="产业实训选修课",
    )
    for code in ("CHIP-101", "CHIP-201"):
        AgreementCourse.objects.create(
            agreement=lzu_agreement, course=courses[code], credits=courses[code].credits
        )
    sydney_agreement = CreditAgreement.objects.create(
        number="XY-2025-002",
        institute=institute,
        university=sydney,
        signed_on=dt.date(2025, 1, 10),
        valid_from=dt.date(2025, 1, 10),
        grade_scheme="five_level",
    )
    for code in ("ALG-101", "ALG-201", "CHIP-101"):
        AgreementCourse.objects.create(
            agreement=sydney_agreement, course=courses[code], credits=Decimal("1.5")
        )
    registrar_user = User.objects.create(username="t.registrar", role=Role.UNIVERSITY)
    UniversityAccount.objects.create(user=registrar_user, university=lzu)
    sydney_user = User.objects.create(username="t.sydney", role=Role.UNIVERSITY)
    UniversityAccount.objects.create(user=sydney_user, university=sydney)

    return Institute_(
        city=city,
        institute=institute,
        programme=programme,
        cohort=cohort,
        chips=tracks["ai-chip"],
        algorithms=tracks["algorithms"],
        circuits=tracks["circuits"],
        courses=courses,
        staff=staff,
        teacher=teacher,
        other_staff=other_staff,
        zwax=zwax,
        yaoming=yaoming,
        adviser=adviser,
        adviser_actor=actor_of(adviser_user),
        hr=hr,
        lzu=lzu,
        sydney=sydney,
        nonpartner=nonpartner,
        lzu_agreement=lzu_agreement,
        sydney_agreement=sydney_agreement,
        registrar=actor_of(registrar_user),
        sydney_registrar=actor_of(sydney_user),
        wei=student_make("t.wei", "魏同学"),
        zhao=student_make("t.zhao", "赵盛龙"),
    )
