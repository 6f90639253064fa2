"""Applying and screening through the services: an application with its files, number,
timeline, audit entry and the cohort's tally; every problem at once and nothing written;
one application per cohort (409), the application window (409), a retried submission
answered once; credits transfer only under an agreement valid when the class starts;
screening by the institute's staff only; withdrawal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry
from onething.training.models import Application, ApplicationFile, ApplicationStep, Cohort
from onething.training.selectors.applications import credits_transfer
from onething.training.services.applications import (
    application_reject,
    application_screen,
    application_withdraw,
)

from ..files import jpeg, pdf, png
from .world import NOW, at
from .world_applications import apply, fresh


def problems_of(error: ValidationFailed) -> set[tuple[str, str]]:
    return {(p.field, p.rule) for p in error.problems}


def test_a_student_applies_with_the_transcript_and_the_cv(inst):
    before = Cohort.objects.get(pk=inst.cohort.pk).applications_count
    application = apply(inst, inst.wei, second="algorithms")
    assert re.fullmatch(r"SX2025\d{6}", application.number)
    assert application.status == "submitted" and application.person_id == inst.wei.person_id
    assert application.first_track == inst.chips and application.second_track == inst.algorithms
    files = {f.kind: f for f in ApplicationFile.objects.filter(application=application)}
    assert set(files) == {"transcript", "cv"}
    assert files["cv"].content_type == "application/pdf" and files["cv"].file.read() == pdf()
    assert files["transcript"].content_type == "image/png"
    assert list(application.steps.values_list("action", "status")) == [("submit", "submitted")]
    assert AuditEntry.objects.filter(
        action="training.application.submit", subject_id=str(application.pk)
    ).exists()
    assert Cohort.objects.get(pk=inst.cohort.pk).applications_count == before + 1


def test_every_problem_at_once_and_nothing_written(inst):
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        apply(
            inst,
            inst.wei,
            university="999999",
            major="",
            degree="phd",
            graduation_year="1999",
            first="biology",
            transcript=None,
            cv=("简历.png", png()),
        )
    assert problems_of(refused.value) == {
        ("university", "choice"),
        ("major", "required"),
        ("degree", "choice"),
        ("graduation_year", "range"),
        ("first_track", "choice"),
        ("transcript", "required"),
        ("cv", "type"),
    }
    assert all(not p.message.isascii() for p in refused.value.problems)
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()


def test_a_file_is_judged_by_its_content(inst):
    with pytest.raises(ValidationFailed) as refused:
        apply(inst, inst.wei, transcript=("成绩单.pdf", jpeg()), cv=("简历.pdf", b"not a pdf"))
    assert problems_of(refused.value) == {("transcript", "mismatch"), ("cv", "type")}


def test_one_application_per_cohort(inst):
    first = apply(inst, inst.wei)
    with translation.override("zh-hans"), pytest.raises(Conflict) as refused:
        apply(inst, inst.wei, first="algorithms")
    assert refused.value.code == "one_application_per_cohort"
    assert refused.value.details["number"] == first.number
    assert "一个" in refused.value.message or "已" in refused.value.message
    assert Application.objects.count() == 1


def test_applications_are_taken_only_in_the_window(inst):
    with pytest.raises(Conflict) as late:
        apply(inst, inst.wei, at=at("2025-06-21"))
    assert late.value.code == "applications_closed"
    with pytest.raises(Conflict) as early:
        apply(inst, inst.wei, at=at("2025-04-30"))
    assert early.value.code == "applications_closed"
    Cohort.objects.filter(pk=inst.cohort.pk).update(status="selecting")
    with pytest.raises(Conflict):
        apply(inst, inst.wei)
    assert not Application.objects.exists()


def test_a_retry_with_the_same_key_answers_the_first(inst):
    first = apply(inst, inst.wei, key="k-1")
    again = apply(inst, inst.wei, key="k-1")
    assert again.pk == first.pk and Application.objects.count() == 1
    with pytest.raises(Conflict) as reused:
        apply(inst, inst.wei, key="k-1", major="材料科学")
    assert reused.value.code == "idempotency_key_reused"


def test_only_a_student_applies(inst):
    with pytest.raises(PermissionDenied):
        apply(inst, inst.staff)
    with pytest.raises(PermissionDenied):
        apply(inst, inst.registrar)


def test_credits_transfer_only_under_an_agreement_valid_when_the_class_starts(inst):
    assert credits_transfer(apply(inst, inst.wei))  # 兰州大学
    assert credits_transfer(apply(inst, inst.zhao, university=inst.sydney))  # open-ended
    other = apply(inst, inst.hr, university=inst.nonpartner)
    assert not credits_transfer(other)
    inst.sydney_agreement.terminated_on = dt.date(2025, 7, 1)
    inst.sydney_agreement.save()
    assert not credits_transfer(fresh(Application.objects.get(university=inst.sydney)))


def test_screening_passes_or_rejects_with_a_reason(inst):
    one = apply(inst, inst.wei)
    two = apply(inst, inst.zhao, university=inst.sydney)
    with clock.frozen(NOW):
        passed = application_screen(actor=inst.staff, number=one.number, note="材料齐全")
        with pytest.raises(ValidationFailed) as no_reason:
            application_reject(actor=inst.staff, number=two.number)
        assert problems_of(no_reason.value) == {("note", "required")}
        rejected = application_reject(actor=inst.staff, number=two.number, note="成绩单不清晰")
    assert (passed.status, passed.screening_note) == ("screened", "材料齐全")
    assert rejected.status == "rejected"
    with pytest.raises(Conflict):
        application_screen(actor=inst.staff, number=two.number)
    assert ApplicationStep.objects.filter(application=two, action="reject").get().note == (
        "成绩单不清晰"
    )


def test_only_the_institutes_staff_screen(inst):
    application = apply(inst, inst.wei)
    for outsider in (inst.other_staff, inst.registrar, inst.hr, inst.zhao):
        with pytest.raises(PermissionDenied):
            application_screen(actor=outsider, number=application.number)
    with pytest.raises(PermissionDenied):  # the student: not their move
        application_screen(actor=inst.wei, number=application.number)
    assert fresh(application).status == "submitted"


def test_another_institutes_staff_do_not_find_it(inst):
    from onething.core.models import User
    from onething.core.permissions import SYSTEM
    from onething.core.services.organisations import department_create

    from .world import actor_of

    department = department_create(
        actor=SYSTEM, code="XW-OTHER-SX", name="另一实训基地", kind="other", region_code="320214"
    )
    stranger = actor_of(
        User.objects.create(username="t.stranger", role="institute_staff", department=department)
    )
    application = apply(inst, inst.wei)
    with pytest.raises(NotFound):
        application_screen(actor=stranger, number=application.number)


def test_the_student_withdraws_before_accepting(inst):
    application = apply(inst, inst.wei)
    with pytest.raises(NotFound):  # not theirs
        application_withdraw(actor=inst.zhao, number=application.number)
    with clock.frozen(NOW):
        withdrawn = application_withdraw(actor=inst.wei, number=application.number, reason="改主意")
    assert withdrawn.status == "withdrawn"
    with pytest.raises(Conflict):
        application_withdraw(actor=inst.wei, number=application.number)
