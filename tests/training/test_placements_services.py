"""The placements' services: openings posted, edited and closed; students applying once;
interviews, offers, hiring; one active placement per student (409 naming the rule,
nothing half-written); placements recorded directly and ended."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from onething.core import clock
from onething.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from onething.core.models import AuditEntry
from onething.training.models import JobApplication, Opening, Placement
from onething.training.selectors.placements import placements_started
from onething.training.services.placements import (
    job_apply,
    job_decline,
    job_hire,
    job_interview,
    job_offer,
    job_reject,
    job_withdraw,
    opening_close,
    opening_create,
    opening_update,
    placement_end,
    placement_record,
)

from .world_placements import AFTER_CLASS, at, build

LATER = at("2025-09-25")


@pytest.fixture
def jobs(inst):
    return build(inst)


def _rules(error) -> set[tuple[str, str]]:
    return {(p["field"], p["rule"]) for p in error.value.details["fields"]}


def hired_through(jobs, opening, student, *, started_on=None):
    with clock.frozen(AFTER_CLASS):
        application = job_apply(actor=student, number=opening.number)
        job_offer(actor=jobs.inst.staff, application_id=application.pk)
        return job_hire(actor=student, application_id=application.pk, started_on=started_on)


# ---------------------------------------------------------------- openings


def test_a_company_posts_an_opening_numbered_by_year(jobs):
    opening = jobs.yaoming_opening
    assert re.fullmatch(r"GW2025\d{5}", opening.number)
    assert opening.company == jobs.inst.yaoming and opening.track == jobs.inst.chips
    assert opening.opens_on == dt.date(2025, 9, 20) and opening.status == "open"
    assert jobs.zwax_opening.number != opening.number
    assert AuditEntry.objects.filter(
        action="training.opening.create", subject_id=str(opening.pk)
    ).exists()


def test_the_institute_names_the_company_and_a_retry_answers_the_first(jobs):
    inst = jobs.inst
    with clock.frozen(AFTER_CLASS):
        with pytest.raises(ValidationFailed) as refused:
            opening_create(actor=inst.staff, title="算法工程师", positions=3, closes_on=None)
        assert _rules(refused) == {("company", "required"), ("closes_on", "required")}
        made = [
            opening_create(
                actor=inst.staff,
                company_id=inst.zwax.pk,
                title="算法工程师",
                positions=3,
                closes_on=dt.date(2025, 10, 30),
                idempotency_key="gw-1",
            )
            for _ in range(2)
        ]
    assert made[0].pk == made[1].pk
    assert Opening.objects.filter(title="算法工程师").count() == 1


def test_every_problem_at_once_and_another_company_refused(jobs):
    inst = jobs.inst
    with clock.frozen(AFTER_CLASS):
        with pytest.raises(ValidationFailed) as refused:
            opening_create(
                actor=inst.hr,
                title=" ",
                positions=0,
                closes_on=dt.date(2025, 9, 1),
                track_code="no-such",
                city="",
            )
        assert _rules(refused) == {
            ("title", "required"),
            ("positions", "range"),
            ("closes_on", "before_opening"),
            ("track", "unknown"),
            ("city", "required"),
        }
        with pytest.raises(PermissionDenied):
            opening_create(
                actor=inst.hr,
                company_id=inst.zwax.pk,
                title="x",
                positions=1,
                closes_on=dt.date(2025, 10, 1),
            )
        with pytest.raises(PermissionDenied):  # a student posts nothing
            opening_create(actor=inst.wei, title="x", positions=1, closes_on=dt.date(2025, 10, 1))
    assert Opening.objects.count() == 2


def test_edit_and_close(jobs):
    inst = jobs.inst
    number = jobs.yaoming_opening.number
    with clock.frozen(AFTER_CLASS):
        edited = opening_update(actor=inst.hr, number=number, positions=5, city="上海")
        assert (edited.positions, edited.city, edited.title) == (5, "上海", "ADC偶联药物工艺工程师")
        with pytest.raises(PermissionDenied):
            opening_update(actor=jobs.zwax_hr, number=number, positions=1)
        opening_close(actor=inst.hr, number=number)
        with pytest.raises(InvalidTransition):
            opening_update(actor=inst.hr, number=number, positions=1)
        with pytest.raises(InvalidTransition):
            opening_close(actor=inst.staff, number=number)
        with pytest.raises(Conflict) as closed:
            job_apply(actor=inst.wei, number=number)
    assert closed.value.code == "opening_closed"


# ---------------------------------------------------------------- applying


def test_students_apply_once_an_opening(jobs):
    with clock.frozen(AFTER_CLASS):
        first = job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number, note="愿意出差")
        assert first.enrolment == jobs.wei_enrolment and first.status == "applied"
        with pytest.raises(Conflict) as again:
            job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        assert again.value.code == "already_applied"
        job_withdraw(actor=jobs.wei, application_id=first.pk)
        with pytest.raises(Conflict):  # withdrawn still counts: one per opening
            job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        retried = [
            job_apply(actor=jobs.zhao, number=jobs.zwax_opening.number, idempotency_key="k")
            for _ in range(2)
        ]
        assert retried[0].pk == retried[1].pk
        with pytest.raises(PermissionDenied) as outsider:
            job_apply(actor=jobs.outsider, number=jobs.zwax_opening.number)
        assert outsider.value.code == "not_a_student"
        with pytest.raises(PermissionDenied):  # a company's staff is no student
            job_apply(actor=jobs.inst.hr, number=jobs.zwax_opening.number)
    with clock.frozen(at("2025-11-01")), pytest.raises(Conflict) as late:
        job_apply(actor=jobs.zhao, number=jobs.yaoming_opening.number)  # closed 31 October
    assert late.value.code == "opening_closed"
    assert JobApplication.objects.count() == 2


def test_an_enrolled_student_may_apply_and_a_withdrawn_one_not(jobs):
    jobs.wei_enrolment.status = "enrolled"
    jobs.wei_enrolment.save()
    jobs.zhao_enrolment.status = "withdrawn"
    jobs.zhao_enrolment.save()
    with clock.frozen(AFTER_CLASS):
        job_apply(actor=jobs.wei, number=jobs.zwax_opening.number)
        with pytest.raises(PermissionDenied):
            job_apply(actor=jobs.zhao, number=jobs.zwax_opening.number)


# ---------------------------------------------------------------- moves


def test_interview_offer_hire_makes_a_placement(jobs):
    inst = jobs.inst
    with clock.frozen(AFTER_CLASS):
        application = job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        with pytest.raises(ValidationFailed) as naive:
            job_interview(
                actor=inst.hr, application_id=application.pk, at=dt.datetime(2025, 9, 25, 10)
            )
        assert _rules(naive) == {("at", "naive")}
        job_interview(actor=inst.hr, application_id=application.pk, at=LATER, note="A座3楼")
        with pytest.raises(PermissionDenied):  # the student does not offer
            job_offer(actor=jobs.wei, application_id=application.pk)
        with pytest.raises(NotFound):  # another company does not see it
            job_offer(actor=jobs.zwax_hr, application_id=application.pk)
        job_offer(actor=inst.hr, application_id=application.pk, note="月薪面议")
        with pytest.raises(PermissionDenied):  # the company does not accept for the student
            job_hire(actor=inst.hr, application_id=application.pk)
        hired = job_hire(actor=jobs.wei, application_id=application.pk)
    assert hired.status == "hired" and hired.interview_at == LATER
    placement = Placement.objects.get(application=hired)
    assert placement.company == inst.yaoming and placement.position == "ADC偶联药物工艺工程师"
    assert placement.started_on == dt.date(2025, 9, 20) and placement.ended_on is None
    actions = list(
        AuditEntry.objects.filter(
            subject_id=str(application.pk), action__startswith="training.job."
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "training.job.apply",
        "training.job.interview",
        "training.job.offer",
        "training.job.hire",
    ]


def test_reject_decline_and_final_states(jobs):
    with clock.frozen(AFTER_CLASS):
        a = job_apply(actor=jobs.wei, number=jobs.yaoming_opening.number)
        b = job_apply(actor=jobs.zhao, number=jobs.yaoming_opening.number)
        job_reject(actor=jobs.inst.hr, application_id=a.pk, note="方向不符")
        job_offer(actor=jobs.inst.hr, application_id=b.pk)
        job_decline(actor=jobs.zhao, application_id=b.pk)
        with pytest.raises(InvalidTransition):
            job_hire(actor=jobs.zhao, application_id=b.pk)
        with pytest.raises(InvalidTransition):
            job_offer(actor=jobs.inst.hr, application_id=a.pk)
    assert JobApplication.objects.get(pk=a.pk).company_note == "方向不符"
    assert Placement.objects.count() == 0


def test_positions_filled(jobs):
    with clock.frozen(AFTER_CLASS):
        a = job_apply(actor=jobs.wei, number=jobs.zwax_opening.number)
        b = job_apply(actor=jobs.zhao, number=jobs.zwax_opening.number)
        job_offer(actor=jobs.zwax_hr, application_id=a.pk)
        job_offer(actor=jobs.zwax_hr, application_id=b.pk)
        job_hire(actor=jobs.wei, application_id=a.pk)
        with pytest.raises(Conflict) as full:
            job_hire(actor=jobs.zhao, application_id=b.pk)
    assert full.value.code == "positions_filled"
    assert JobApplication.objects.get(pk=b.pk).status == "offered"


# ---------------------------------------------------------------- one active placement


def test_placing_a_student_twice_at_once_is_refused_and_nothing_written(jobs):
    inst = jobs.inst
    hired_through(jobs, jobs.yaoming_opening, jobs.wei)
    audit_before = AuditEntry.objects.count()
    with clock.frozen(AFTER_CLASS):
        second = job_apply(actor=jobs.wei, number=jobs.zwax_opening.number)
        job_offer(actor=jobs.zwax_hr, application_id=second.pk)
        audit_before = AuditEntry.objects.count()
        with pytest.raises(Conflict) as twice:
            job_hire(actor=jobs.wei, application_id=second.pk)
    assert twice.value.code == "already_placed"
    assert twice.value.details["rule"] == "one_active_placement"
    assert "魏同学" in twice.value.message and "2025-09-20" in twice.value.message
    assert JobApplication.objects.get(pk=second.pk).status == "offered"
    assert Placement.objects.filter(person_id=jobs.wei.person_id).count() == 1
    assert AuditEntry.objects.count() == audit_before
    # recorded directly: the same rule
    with clock.frozen(AFTER_CLASS), pytest.raises(Conflict) as direct:
        placement_record(
            actor=inst.staff,
            enrolment_number=jobs.wei_enrolment.number,
            company_id=inst.zwax.pk,
            position="验证工程师",
            started_on=dt.date(2025, 9, 15),
        )
    assert direct.value.code == "already_placed"
    # ended: placed again
    first = Placement.objects.get(person_id=jobs.wei.person_id)
    with clock.frozen(at("2025-10-10")):
        placement_end(actor=inst.hr, placement_id=first.pk, ended_on=dt.date(2025, 10, 9))
        again = job_hire(actor=jobs.wei, application_id=second.pk)
    assert again.status == "hired"
    assert Placement.objects.filter(person_id=jobs.wei.person_id, ended_on=None).count() == 1


def test_staff_record_a_placement_directly_and_the_company_ends_it(jobs):
    inst = jobs.inst
    with clock.frozen(AFTER_CLASS):
        with pytest.raises(ValidationFailed) as refused:
            placement_record(
                actor=inst.staff,
                enrolment_number="XY-none",
                company_id=999999,
                position="",
                started_on=dt.date(2025, 1, 1),
            )
        assert _rules(refused) == {
            ("enrolment", "unknown"),
            ("company", "unknown"),
            ("position", "required"),
        }
        with pytest.raises(PermissionDenied):
            placement_record(
                actor=inst.hr,
                enrolment_number=jobs.zhao_enrolment.number,
                company_id=inst.yaoming.pk,
                position="x",
                started_on=dt.date(2025, 9, 15),
            )
        made = [
            placement_record(
                actor=inst.staff,
                enrolment_number=jobs.zhao_enrolment.number,
                company_id=inst.yaoming.pk,
                position="研发助理",
                started_on=dt.date(2025, 9, 15),
                idempotency_key="p-1",
            )
            for _ in range(2)
        ]
        assert made[0].pk == made[1].pk and made[0].application is None
        with pytest.raises(NotFound):  # another company does not see it
            placement_end(actor=jobs.zwax_hr, placement_id=made[0].pk, ended_on=AFTER_CLASS.date())
        with pytest.raises(ValidationFailed) as early:
            placement_end(actor=inst.hr, placement_id=made[0].pk, ended_on=dt.date(2025, 9, 1))
        assert _rules(early) == {("ended_on", "before_start")}
        placement_end(actor=inst.hr, placement_id=made[0].pk, ended_on=AFTER_CLASS.date())
        with pytest.raises(Conflict) as ended:
            placement_end(actor=inst.staff, placement_id=made[0].pk, ended_on=AFTER_CLASS.date())
    assert ended.value.code == "invalid_transition"
    assert ended.value.details["status"] == "ended"
    # the public figure counts placements started up to a day (ended ones too)
    assert placements_started(dt.date(2025, 9, 15)) == 1
    assert placements_started(dt.date(2025, 9, 14)) == 0
