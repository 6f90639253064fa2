"""The catalogue's services on the small institute world: the institute's staff create and
edit programmes, tracks, courses, cohorts (moved through their lifecycle), partners,
advisers and their classes, universities, registrars' accounts and credit agreements —
each with its audit entry, every problem at once, a retried create answered once; anyone
else is refused (another department's officer, a student, a registrar, a company's
staff); the roll-ups move by F() and are recounted from the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import AuditEntry, Department, Role, User
from onething.core.permissions import SYSTEM
from onething.training.models import (
    AdviserAssignment,
    Application,
    Cohort,
    CreditAgreement,
    Programme,
    University,
    UniversityAccount,
)
from onething.training.selectors.catalogue import agreement_valid_for, partner_universities
from onething.training.services import catalogue as services
from onething.training.services.tallies import cohort_count, cohort_recount

from .world import NOW, actor_of, at, person_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


def fields(error: ValidationFailed) -> dict[str, str]:
    return {p.field: p.rule for p in error.problems}


def outsiders(inst):
    return [inst.other_staff, inst.wei, inst.registrar, inst.hr, inst.adviser_actor]


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def new_cohort(inst, actor=None, **overrides):
    values = {
        "actor": actor or inst.staff,
        "programme_code": "CXRC",
        "code": "2026S",
        "name": "2026年暑期实训班",
        "starts_on": dt.date(2026, 7, 13),
        "ends_on": dt.date(2026, 9, 12),
        "capacity": 800,
        "applications_open_at": at("2026-05-01", 0),
        "applications_close_at": at("2026-06-20", 18),
        "tracks": ["ai-chip", "algorithms"],
    }
    return services.cohort_create(**(values | overrides))


# ---------------------------------------------------------------- who may


def test_only_the_institutes_staff_write_the_catalogue(inst):
    for actor in outsiders(inst):
        with pytest.raises(PermissionDenied):
            services.programme_create(actor=actor, code="NEW", name="新项目")
        with pytest.raises(PermissionDenied):
            new_cohort(inst, actor=actor)
        with pytest.raises(PermissionDenied):
            services.cohort_move(actor=actor, code="2025S", action="close")
        with pytest.raises(PermissionDenied):
            services.partner_create(actor=actor, credit_code="x", joined_on=dt.date(2025, 1, 1))
        with pytest.raises(PermissionDenied):
            services.university_create(actor=actor, name="新大学")
        with pytest.raises(PermissionDenied):
            services.agreement_terminate(actor=actor, number="XY-2024-001", reason="到期")
    assert not Programme.objects.filter(code="NEW").exists()
    assert not University.objects.filter(name="新大学").exists()


def test_the_staff_of_another_institute_are_refused(inst, city):
    from onething.core.services.organisations import department_create
    from onething.training.models import Institute

    other = department_create(
        actor=SYSTEM, code="XW-SX2", name="另一所学院", kind="other", region_code="320214"
    )
    Institute.objects.create(
        name="另一所实训学院", short_name="另一所", department=other, region=other.region
    )
    stranger = actor_of(
        User.objects.create(username="t.x", role=Role.INSTITUTE_STAFF, department=other)
    )
    with pytest.raises(PermissionDenied):
        services.programme_update(actor=stranger, code="CXRC", name="改名")
    with pytest.raises(PermissionDenied):
        services.cohort_move(actor=stranger, code="2025S", action="close")
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=stranger, number="XY-2024-001", note="x")
    assert Programme.objects.get(code="CXRC").name == "产业科技创新人才实训"
    # staff of a department that runs no institute
    none = Department.objects.get(code="XW-OTHER")
    lost = actor_of(User.objects.create(username="t.y", role=Role.INSTITUTE_STAFF, department=none))
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=lost, code="NEW", name="新项目")


def test_an_administrator_writes_too(inst, city):
    admin = city.actor("admin")
    programme = services.programme_create(actor=admin, code="NEW", name="新项目")
    assert programme.institute == inst.institute


# ---------------------------------------------------------------- programmes


def test_programmes_tracks_and_courses(inst):
    before = audited("training.course.create")
    programme = services.programme_create(
        actor=inst.staff, code="GJRC", name="高级人才实训", description="面向研究生"
    )
    track = services.track_create(
        actor=inst.staff, programme_code="GJRC", code="eda", name="EDA工具"
    )
    course = services.course_create(
        actor=inst.staff,
        programme_code="GJRC",
        track_code="eda",
        code="EDA-101",
        name="EDA导论",
        hours=48,
        credits="2.5",
        assessment="report",
    )
    assert (course.track, course.credits, course.pass_mark) == (track, Decimal("2.5"), 60)
    assert audited("training.course.create") == before + 1
    with pytest.raises(ValidationFailed) as refused:
        services.course_create(
            actor=inst.staff,
            programme_code="GJRC",
            track_code="eda",
            code="EDA-101",
            name="",
            hours=0,
            credits="1.25",
            assessment="oral",
            pass_mark=101,
        )
    assert fields(refused.value) == {
        "code": "unique",
        "name": "required",
        "hours": "range",
        "credits": "format",
        "assessment": "choice",
        "pass_mark": "range",
    }
    updated = services.course_update(actor=inst.staff, code="EDA-101", pass_mark=70)
    assert (updated.pass_mark, updated.hours) == (70, 48)
    entry = AuditEntry.objects.filter(action="training.course.update").latest("id")
    assert (entry.before["pass_mark"], entry.after["pass_mark"]) == (60, 70)
    with pytest.raises(ValidationFailed) as taken:
        services.track_create(actor=inst.staff, programme_code="GJRC", code="eda", name="再来")
    assert fields(taken.value) == {"code": "unique"}
    with pytest.raises(NotFound):
        services.track_update(actor=inst.staff, programme_code="GJRC", code="nope", name="x")
    assert programme.tracks.count() == 1


# ---------------------------------------------------------------- cohorts


def test_a_cohort_is_created_planned_and_moved_through_its_lifecycle(inst):
    cohort = new_cohort(inst)
    assert cohort.status == "planned"
    assert sorted(cohort.tracks.values_list("code", flat=True)) == ["ai-chip", "algorithms"]
    for action, status in (("open", "open"), ("close", "selecting"), ("reopen", "open")):
        assert services.cohort_move(actor=inst.staff, code="2026S", action=action).status == status
    with pytest.raises(InvalidTransition) as refused:
        services.cohort_move(actor=inst.staff, code="2026S", action="finish")
    assert refused.value.details == {
        "status": "open",
        "action": "finish",
        "allowed_from": ["running"],
    }
    for action in ("close", "start", "finish"):
        services.cohort_move(actor=inst.staff, code="2026S", action=action)
    assert Cohort.objects.get(code="2026S").status == "finished"
    steps = AuditEntry.objects.filter(
        subject_id=str(cohort.pk), action__startswith="training.cohort."
    )
    assert steps.count() == 7  # created, six moves


def test_a_cohort_refuses_every_problem_at_once_and_is_created_once(inst):
    with pytest.raises(ValidationFailed) as refused:
        new_cohort(
            inst,
            code="2025S",
            name="",
            ends_on=dt.date(2026, 7, 1),
            capacity=-5,
            tracks=["ai-chip", "cooking"],
        )
    assert fields(refused.value) == {
        "code": "unique",
        "name": "required",
        "ends_on": "before_start",
        "capacity": "range",
        "tracks": "unknown",
    }
    first = new_cohort(inst, idempotency_key="k-1")
    again = new_cohort(inst, idempotency_key="k-1")
    assert first.pk == again.pk and Cohort.objects.filter(code="2026S").count() == 1
    with pytest.raises(Conflict):
        new_cohort(inst, idempotency_key="k-1", capacity=900)


def test_what_a_cohorts_state_freezes(inst):
    services.cohort_update(actor=inst.staff, code="2025S", capacity=760, name="2025年暑期班")
    assert Cohort.objects.get(code="2025S").capacity == 760
    services.cohort_move(actor=inst.staff, code="2025S", action="close")
    with pytest.raises(Conflict) as frozen:
        services.cohort_update(actor=inst.staff, code="2025S", tracks=["ai-chip"])
    assert frozen.value.details["fields"] == ["tracks"]
    services.cohort_update(actor=inst.staff, code="2025S", capacity=750, offer_days=5)
    services.cohort_move(actor=inst.staff, code="2025S", action="start")
    with pytest.raises(Conflict):
        services.cohort_update(actor=inst.staff, code="2025S", capacity=800)
    services.cohort_update(actor=inst.staff, code="2025S", ends_on=dt.date(2025, 9, 14))
    services.cohort_move(actor=inst.staff, code="2025S", action="finish")
    with pytest.raises(Conflict):
        services.cohort_update(actor=inst.staff, code="2025S", name="改名")
    cohort = Cohort.objects.get(code="2025S")
    assert (cohort.capacity, cohort.offer_days, cohort.ends_on) == (750, 5, dt.date(2025, 9, 14))


def test_the_roll_ups_move_by_increments_and_are_recounted(inst):
    cohort = inst.cohort
    cohort_count(cohort_id=cohort.pk, applications=3, enrolled=2)
    cohort_count(cohort_id=cohort.pk, applications=1)
    cohort.refresh_from_db()
    assert (cohort.applications_count, cohort.enrolled_count) == (4, 2)
    cohort_count(cohort_id=cohort.pk, enrolled=-5)  # never below zero
    cohort.refresh_from_db()
    assert cohort.enrolled_count == 0
    Application.objects.create(
        number="SX2025000001",
        cohort=cohort,
        person_id=inst.wei.person_id,
        university=inst.lzu,
        major="材料",
        graduation_year=2026,
        first_track=inst.chips,
        submitted_at=NOW,
    )
    assert cohort_recount(cohort).applications_count == 1
    cohort.refresh_from_db()
    assert (cohort.applications_count, cohort.enrolled_count) == (1, 0)


# ---------------------------------------------------------------- partners and advisers


def test_a_partner_joins_and_its_advisers_lead_classes(inst, city):
    enterprise = inst.zwax.enterprise.__class__.objects.exclude(
        pk__in=[inst.zwax.enterprise_id, inst.yaoming.enterprise_id]
    ).first()
    partner = services.partner_create(
        actor=inst.staff,
        credit_code=enterprise.credit_code.lower(),
        joined_on=dt.date(2025, 5, 20),
        field="存储芯片",
        idempotency_key="p-1",
    )
    assert (
        services.partner_create(
            actor=inst.staff,
            credit_code=enterprise.credit_code,
            joined_on=dt.date(2025, 5, 20),
            field="存储芯片",
            idempotency_key="p-1",
        ).pk
        == partner.pk
    )
    with pytest.raises(ValidationFailed) as twice:
        services.partner_create(
            actor=inst.staff, credit_code=enterprise.credit_code, joined_on=None, field="x" * 61
        )
    assert fields(twice.value) == {
        "enterprise": "unique",
        "joined_on": "required",
        "field": "max_length",
    }
    with pytest.raises(ValidationFailed) as unknown:
        services.partner_create(
            actor=inst.staff, credit_code="91320214XXXXXXXXXX", joined_on=NOW.date()
        )
    assert fields(unknown.value) == {"enterprise": "unknown"}

    adviser = services.adviser_create(
        actor=inst.staff,
        partner_id=partner.pk,
        name="周总",
        title="总经理",
        appointed_on=dt.date(2025, 6, 1),
    )
    services.adviser_assign(
        actor=inst.staff, adviser_id=adviser.pk, cohort_code="2025S", track_code="circuits"
    )
    with pytest.raises(Conflict):
        services.adviser_assign(
            actor=inst.staff, adviser_id=adviser.pk, cohort_code="2025S", track_code="circuits"
        )
    with pytest.raises(ValidationFailed) as wrong:
        services.adviser_assign(
            actor=inst.staff, adviser_id=adviser.pk, cohort_code="2025S", track_code="eda"
        )
    assert fields(wrong.value) == {"track": "unknown"}
    assignment = AdviserAssignment.objects.get(adviser=adviser)
    services.adviser_unassign(actor=inst.staff, assignment_id=assignment.pk)
    assert not AdviserAssignment.objects.filter(adviser=adviser).exists()
    assert audited("training.adviser.unassign") == 1


def test_an_advisers_account_acts_for_their_company(inst):
    with pytest.raises(ValidationFailed) as refused:
        services.adviser_update(actor=inst.staff, adviser_id=inst.adviser.pk, account="t.hr")
    assert fields(refused.value) == {"account": "not_of_company"}  # 药明合联's account
    other = User.objects.create(
        username="t.zwax2",
        role=Role.APPLICANT,
        enterprise=inst.zwax.enterprise,
        person=person_make("副总"),
    )
    with pytest.raises(ValidationFailed) as taken:
        services.adviser_create(
            actor=inst.staff,
            partner_id=inst.zwax.pk,
            name="新班主任",
            title="副总",
            appointed_on=NOW.date(),
            account="t.adviser",
        )
    assert fields(taken.value) == {"account": "unique"}
    linked = services.adviser_update(
        actor=inst.staff, adviser_id=inst.adviser.pk, account="t.zwax2"
    )
    assert linked.account == other
    assert (
        services.adviser_update(actor=inst.staff, adviser_id=inst.adviser.pk, account="").account
        is None
    )


# ---------------------------------------------------------------- universities and agreements


def test_universities_and_their_registrars(inst):
    university = services.university_create(
        actor=inst.staff, name="浙江大学", is_985=True, idempotency_key="u-1"
    )
    with pytest.raises(ValidationFailed) as twice:
        services.university_create(actor=inst.staff, name="浙江大学", country="")
    assert fields(twice.value) == {"name": "unique", "country": "required"}
    registrar = User.objects.create(username="t.zju", role=Role.UNIVERSITY)
    link = services.university_account_link(
        actor=inst.staff, university_id=university.pk, username="t.zju"
    )
    assert link.user == registrar
    for username, rule in (("t.zju", "unique"), ("t.wei", "unknown"), ("nobody", "unknown")):
        with pytest.raises(ValidationFailed) as refused:
            services.university_account_link(
                actor=inst.staff, university_id=university.pk, username=username
            )
        assert fields(refused.value) == {"account": rule}
    services.university_account_unlink(actor=inst.staff, account_id=link.pk)
    assert not UniversityAccount.objects.filter(user=registrar).exists()


def test_an_agreement_counts_courses_from_its_start_until_terminated(inst):
    university = University.objects.create(name="浙江大学", is_985=True)
    agreement = services.agreement_create(
        actor=inst.staff,
        number="XY-2025-003",
        university_id=university.pk,
        signed_on=dt.date(2025, 3, 1),
        valid_from=dt.date(2025, 4, 1),
        valid_until=dt.date(2028, 3, 31),
        grade_scheme="gpa4",
        courses=[
            {"course": "ALG-101", "credits": "2", "counted_as": "算法设计"},
            {"course": "ALG-201", "credits": Decimal("3.0")},
        ],
    )
    assert agreement.courses.count() == 2
    assert agreement_valid_for(university.pk, dt.date(2025, 3, 31)) is None
    assert agreement_valid_for(university.pk, dt.date(2025, 7, 1)) == agreement
    assert university in partner_universities(dt.date(2025, 7, 1))
    services.agreement_update(
        actor=inst.staff,
        number="XY-2025-003",
        courses=[{"course": "ALG-101", "credits": "2.5", "counted_as": "算法设计"}],
    )
    assert list(agreement.courses.values_list("credits", flat=True)) == [Decimal("2.5")]
    with pytest.raises(ValidationFailed) as refused:
        services.agreement_terminate(
            actor=inst.staff, number="XY-2025-003", reason="", on=dt.date(2025, 1, 1)
        )
    assert fields(refused.value) == {"reason": "required", "on": "before_signed"}
    services.agreement_terminate(
        actor=inst.staff, number="XY-2025-003", reason="合作调整", on=dt.date(2025, 9, 1)
    )
    assert agreement_valid_for(university.pk, dt.date(2025, 8, 31)) == agreement
    assert agreement_valid_for(university.pk, dt.date(2025, 9, 1)) is None
    with pytest.raises(Conflict):
        services.agreement_terminate(actor=inst.staff, number="XY-2025-003", reason="再次")
    with pytest.raises(Conflict):
        services.agreement_update(actor=inst.staff, number="XY-2025-003", note="改")
    entry = AuditEntry.objects.filter(action="training.agreement.terminate").get()
    assert entry.note == "合作调整"


def test_an_agreement_names_every_problem_of_its_courses(inst):
    with pytest.raises(ValidationFailed) as refused:
        services.agreement_create(
            actor=inst.staff,
            number="XY-2024-001",
            university_id=999999,
            signed_on=dt.date(2025, 3, 1),
            valid_from=dt.date(2025, 2, 1),
            grade_scheme="letters",
            courses=[
                {"course": "ALG-101", "credits": "2"},
                {"course": "ALG-101", "credits": "0"},
                {"course": "NOPE", "credits": "x", "counted_as": "y" * 101},
            ],
        )
    assert fields(refused.value) == {
        "number": "unique",
        "university": "unknown",
        "valid_from": "before_signed",
        "grade_scheme": "choice",
        "courses.1.course": "duplicate",
        "courses.1.credits": "range",
        "courses.2.course": "unknown",
        "courses.2.credits": "format",
        "courses.2.counted_as": "max_length",
    }
    with pytest.raises(ValidationFailed) as empty:
        services.agreement_create(
            actor=inst.staff,
            number="XY-9",
            university_id=inst.nonpartner.pk,
            signed_on=dt.date(2025, 3, 1),
            valid_from=dt.date(2025, 3, 1),
            courses=[],
        )
    assert fields(empty.value) == {"courses": "required"}
    assert CreditAgreement.objects.count() == 2
