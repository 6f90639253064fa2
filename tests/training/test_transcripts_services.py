"""Issuing credit transcripts: only passed courses the agreement counts, with the
university's credits and the grade converted by its scheme; a university with no agreement
in force, a course failed or not counted, refused with every problem and nothing written;
a partial transfer; one live transcript per student and university, a new one after
revoking; a retry with its key answered once; grades locked while a transcript carries them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from onething.core import clock
from onething.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from onething.core.models import AuditEntry, SigningKey
from onething.training.models import Transcript, TranscriptLine
from onething.training.rules import transcript_token
from onething.training.selectors import transcripts as selectors
from onething.training.services import classes as class_services
from onething.training.services.transcripts import transcript_issue, transcript_revoke

from .world_classes import AFTER, completed, enrolled, graded


@pytest.fixture(autouse=True)
def after_class():
    with clock.frozen(AFTER):
        yield


def problems(error) -> dict[str, str]:
    return {p.field: p.rule for p in error.value.problems}


def test_a_transcript_carries_the_passed_courses_the_agreement_counts(inst):
    wei = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    transcript, created = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    assert created and transcript.number == "XF2025000001"
    assert transcript.university == inst.lzu and transcript.agreement == inst.lzu_agreement
    lines = {line.course.code: line for line in transcript.lines.all()}
    assert set(lines) == {"CHIP-101", "CHIP-201"}
    assert (lines["CHIP-101"].grade, lines["CHIP-101"].credits) == ("86.5", Decimal("2.0"))
    assert lines["CHIP-101"].counted_as == "产业实训选修课"
    assert transcript.total_credits == Decimal("5.0")
    key = SigningKey.objects.get(pk=transcript.key_id)
    assert key.purpose == "training"
    check = selectors.transcript_verify(transcript.token)
    assert check.status == "valid" and check.claims.student == "魏同学"
    assert check.claims.courses[0].score == "86.5"
    assert AuditEntry.objects.filter(action="training.transcript.issue").count() == 1


def test_a_partial_transfer_under_five_levels(inst):
    """悉尼大学 counts CHIP-101 (1.5 credits, five levels) but not CHIP-201."""
    zhao = completed(inst, inst.zhao, {"CHIP-101": "88", "CHIP-201": "93"}, university=inst.sydney)
    transcript, _ = transcript_issue(actor=inst.staff, enrolment_number=zhao.number)
    (line,) = transcript.lines.all()
    assert (line.course.code, line.grade, line.credits) == ("CHIP-101", "良", Decimal("1.5"))
    assert [g.course.code for g in selectors.not_counted(transcript)] == ["CHIP-201"]


def test_a_university_without_an_agreement_is_refused(inst):
    wei = completed(inst, inst.wei, {"CHIP-101": "86.5"})
    with pytest.raises(ValidationFailed) as refused:
        transcript_issue(
            actor=inst.staff, enrolment_number=wei.number, university=inst.nonpartner.pk
        )
    assert problems(refused) == {"university": "no_agreement"}
    assert "江南示范学院" in refused.value.problems[0].message
    # an agreement that ended before the day of issue counts for nothing either
    inst.lzu_agreement.valid_until = dt.date(2025, 9, 1)
    inst.lzu_agreement.save()
    with pytest.raises(ValidationFailed) as ended:
        transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    assert problems(ended) == {"university": "no_agreement"}
    assert not Transcript.objects.exists()


def test_a_named_course_failed_or_not_counted_is_refused_with_every_problem(inst):
    zhao = completed(inst, inst.zhao, {"CHIP-101": "55", "CHIP-201": "93"}, university=inst.sydney)
    with pytest.raises(ValidationFailed) as refused:
        transcript_issue(
            actor=inst.staff,
            enrolment_number=zhao.number,
            courses=["CHIP-101", "CHIP-201", "ALG-101"],
        )
    assert problems(refused) == {
        "courses.0": "course_not_passed",
        "courses.1": "course_not_counted",
        "courses.2": "unknown",
    }
    with pytest.raises(ValidationFailed) as nothing:
        transcript_issue(actor=inst.staff, enrolment_number=zhao.number)
    assert problems(nothing) == {"courses": "nothing_to_transfer"}
    assert not Transcript.objects.exists() and not TranscriptLine.objects.exists()


def test_one_live_transcript_per_university_a_new_one_after_revoking(inst):
    wei = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    first, _ = transcript_issue(actor=inst.staff, enrolment_number=wei.number, idempotency_key="k1")
    again, created = transcript_issue(
        actor=inst.staff, enrolment_number=wei.number, idempotency_key="k1"
    )
    assert again.pk == first.pk and not created
    with pytest.raises(Conflict) as twice:
        transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    assert twice.value.code == "transcript_exists"
    with pytest.raises(ValidationFailed) as no_reason:
        transcript_revoke(actor=inst.staff, number=first.number, reason="")
    assert problems(no_reason) == {"reason": "required"}
    revoked = transcript_revoke(actor=inst.staff, number=first.number, reason="成绩录入有误")
    assert revoked.revoked_at == AFTER
    with pytest.raises(Conflict) as revoked_twice:
        transcript_revoke(actor=inst.staff, number=first.number, reason="再次")
    assert revoked_twice.value.code == "invalid_transition"
    assert revoked_twice.value.details["status"] == "revoked"
    assert selectors.transcript_verify(first.token).status == "revoked"
    second, created = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    assert created and second.number == "XF2025000002" and second.serial != first.serial


def test_grades_on_a_live_transcript_are_locked_until_it_is_revoked(inst):
    wei = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    transcript, _ = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    with pytest.raises(Conflict) as locked:
        class_services.grades_record(
            actor=inst.teacher, number=wei.number, grades=[{"course": "CHIP-101", "score": 90}]
        )
    assert locked.value.code == "grade_on_transcript"
    transcript_revoke(actor=inst.staff, number=transcript.number, reason="更正成绩")
    done = class_services.grades_record(
        actor=inst.teacher, number=wei.number, grades=[{"course": "CHIP-101", "score": 90}]
    )
    assert done.corrected == 1


def test_only_the_staff_issue_and_only_for_a_completed_student(inst):
    wei = enrolled(inst, inst.wei)
    graded(inst, wei, {"CHIP-101": "86.5"})
    with pytest.raises(Conflict) as not_yet:
        transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    assert not_yet.value.code == "not_completed"
    for outsider in (inst.wei, inst.registrar, inst.adviser_actor, inst.hr):
        with pytest.raises(PermissionDenied):
            transcript_issue(actor=outsider, enrolment_number=wei.number)
    with pytest.raises(PermissionDenied):
        transcript_issue(actor=inst.other_staff, enrolment_number=wei.number)
    with pytest.raises(NotFound):
        transcript_issue(actor=inst.staff, enrolment_number="XY2025S9999")


def test_the_token_names_what_the_pdf_and_the_record_say(inst):
    wei = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "91"})
    transcript, _ = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    claims, _body, _signature = transcript_token.decode(transcript.token)
    assert claims.serial == transcript.serial and claims.number == transcript.number
    assert claims.student_number == wei.number and claims.university == "兰州大学"
    assert claims.issued == dt.date(2025, 9, 20) and claims.credits == "5.0"
    assert claims.kid == transcript.key.kid


def test_the_database_holds_one_live_transcript_per_student_and_university(inst):
    from django.db import IntegrityError, transaction

    wei = completed(inst, inst.wei, {"CHIP-101": "86.5"})
    first, _ = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    copy = {
        f.attname: getattr(first, f.attname)
        for f in Transcript._meta.concrete_fields
        if not f.primary_key
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Transcript.objects.create(**{**copy, "serial": 999, "number": "XF2025999999"})
    transcript_revoke(actor=inst.staff, number=first.number, reason="更正")
    Transcript.objects.create(**{**copy, "serial": 999, "number": "XF2025999999"})  # now fine
    entry = AuditEntry.objects.get(action="training.transcript.revoke")
    assert entry.after["reason"] == "更正"
