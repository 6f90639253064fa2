"""Placements' test world on top of ``inst``: students enrolled (records made directly,
the applications part's services are not what these tests try), their passed courses, an
opening of 药明合联 and one of 中微爱芯, and a second company's HR account."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from onething.core import clock
from onething.core.models import User
from onething.core.permissions import Actor
from onething.training.models import (
    Application,
    Enrolment,
    Grade,
    Opening,
    PartnerCompany,
)
from onething.training.services.placements import opening_create

from .world import SHANGHAI, actor_of, person_make, student_make

AFTER_CLASS = dt.datetime(2025, 9, 20, 10, tzinfo=SHANGHAI)  # the class ended on 13 September
_numbers = itertools.count(1)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def enrol(inst, student: Actor, *, track=None, university=None, status="completed") -> Enrolment:
    """The student in the 2025 summer class (``status`` enrolled or completed)."""
    n = next(_numbers)
    track = track or inst.chips
    application = Application.objects.create(
        number=f"SX2025{n:06d}",
        cohort=inst.cohort,
        person_id=student.person_id,
        university=university or inst.lzu,
        major="材料科学与工程",
        graduation_year=2026,
        first_track=track,
        status="accepted",
        submitted_at=at("2025-06-01"),
        track=track,
    )
    return Enrolment.objects.create(
        number=f"XY2025S{n:04d}",
        application=application,
        cohort=inst.cohort,
        track=track,
        person_id=student.person_id,
        university=application.university,
        status=status,
        enrolled_at=at("2025-07-14", 9),
    )


def grade(inst, enrolment: Enrolment, code: str, score: str) -> Grade:
    value = Decimal(score)
    return Grade.objects.create(
        enrolment=enrolment,
        course=inst.courses[code],
        score=value,
        passed=value >= 60,
        grader_kind="teacher",
        entered_by_id=inst.teacher.user_id,
        entered_at=at("2025-09-10"),
    )


@dataclass
class Jobs:
    inst: object
    wei: Actor  # enrolled → completed, passed CHIP-101, failed CHIP-201
    zhao: Actor  # completed, algorithms
    wei_enrolment: Enrolment
    zhao_enrolment: Enrolment
    outsider: Actor  # a student with no class: may not apply
    yaoming_opening: Opening  # 药明合联, 2 positions
    zwax_opening: Opening  # 中微爱芯, 1 position
    zwax_hr: Actor  # 中微爱芯's staff (an applicant account of the enterprise)
    other_company: PartnerCompany  # a third company, with its own HR
    other_hr: Actor


def build(inst) -> Jobs:
    wei_enrolment = enrol(inst, inst.wei)
    grade(inst, wei_enrolment, "CHIP-101", "88")
    grade(inst, wei_enrolment, "CHIP-201", "52")
    zhao_enrolment = enrol(inst, inst.zhao, track=inst.algorithms, university=inst.sydney)
    grade(inst, zhao_enrolment, "ALG-101", "91")
    zwax_hr = actor_of(
        User.objects.create(
            username="t.zwax.hr",
            role="applicant",
            person=person_make("爱芯人事"),
            enterprise=inst.zwax.enterprise,
        )
    )
    other_company = PartnerCompany.objects.create(
        institute=inst.institute,
        enterprise=_other_enterprise(),
        field="新能源",
        joined_on=dt.date(2021, 5, 1),
    )
    other_hr = actor_of(
        User.objects.create(
            username="t.other.hr",
            role="applicant",
            person=person_make("先导人事"),
            enterprise=other_company.enterprise,
        )
    )
    with clock.frozen(AFTER_CLASS):
        yaoming_opening = opening_create(
            actor=inst.hr,
            title="ADC偶联药物工艺工程师",
            positions=2,
            closes_on=dt.date(2025, 10, 31),
            track_code="ai-chip",
            description="参与生物偶联药物的工艺开发。",
        )
        zwax_opening = opening_create(
            actor=zwax_hr,
            title="数字芯片验证工程师",
            positions=1,
            closes_on=dt.date(2025, 12, 31),
            track_code="ai-chip",
        )
    return Jobs(
        inst=inst,
        wei=inst.wei,
        zhao=inst.zhao,
        wei_enrolment=wei_enrolment,
        zhao_enrolment=zhao_enrolment,
        outsider=student_make("t.outsider", "局外同学"),
        yaoming_opening=yaoming_opening,
        zwax_opening=zwax_opening,
        zwax_hr=zwax_hr,
        other_company=other_company,
        other_hr=other_hr,
    )


def _other_enterprise():
    import random

    from onething.core.generate import credit_code
    from onething.core.models import Enterprise
    from onething.core.permissions import SYSTEM
    from onething.core.services.parties import enterprise_register

    found = Enterprise.objects.filter(name="无锡先导智能装备股份有限公司").first()
    return found or enterprise_register(
        actor=SYSTEM,
        name="无锡先导智能装备股份有限公司",
        credit_code=credit_code(random.Random(503), "320214"),
        region_code="320214",
    )
