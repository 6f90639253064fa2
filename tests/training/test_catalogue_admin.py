"""The institute in the back office, with records in it: every screen opens in Chinese;
the configuration is edited there and audited, while a cohort's state and roll-ups and
an agreement's termination are shown read-only, and the records that change through
their services (applications, enrolments, grades, transcripts, placements) cannot be
added or edited there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin

from onething.core import clock
from onething.core.models import AuditEntry, User
from onething.training.models import (
    Application,
    Attendance,
    Cohort,
    Course,
    Enrolment,
    Grade,
    Placement,
)
from tests.web.test_admin import Interface, english, screens

from .world import NOW, at
from .world_catalogue import application, enrolment, placement

pytestmark = pytest.mark.django_db
MODELS = [m for m in admin.site._registry if m._meta.app_label == "training"]
READ_ONLY = {"application", "applicationfile", "interview", "applicationstep", "enrolment"}
READ_ONLY |= {"attendance", "grade", "transcript", "transcriptline", "opening"}
READ_ONLY |= {"jobapplication", "placement", "agreementcourse"}


@pytest.fixture
def w(inst):
    with clock.frozen(NOW):
        made = application(inst, inst.cohort, "2025-05-10")
        student = enrolment(inst, made, "2025-07-10")
        staff = User.objects.get(pk=inst.staff.user_id)
        Attendance.objects.create(
            enrolment=student,
            day=dt.date(2025, 7, 15),
            mark="present",
            recorded_by=staff,
            recorded_at=NOW,
        )
        Grade.objects.create(
            enrolment=student,
            course=inst.courses["CHIP-101"],
            score=88,
            passed=True,
            grader_kind="teacher",
            entered_by=staff,
            entered_at=at("2025-08-01"),
        )
        placement(inst, student, "2025-09-20")
    return inst


def test_every_training_model_is_in_the_back_office():
    names = {m._meta.model_name for m in MODELS}
    assert len(MODELS) == 24 and {"cohort", "creditagreement", "placement"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_screen_opens_in_chinese_with_records(w, city, model):
    client = city.client("admin")
    first = model.objects.order_by("-pk").first()
    for url in screens(model):
        answer = client.get(url)
        if url.endswith("/add/"):
            read_only = model._meta.model_name in READ_ONLY
            assert answer.status_code == (403 if read_only else 200), url
            if read_only:
                continue
        assert answer.status_code == 200, url
        page = Interface()
        page.feed(answer.content.decode())
        texts = [t.replace(str(first), "") for t in page.texts] if first else page.texts
        assert not english(texts), f"{url}: {sorted(english(texts))}"


def test_a_courses_change_in_the_back_office_is_audited(w, city):
    course = Course.objects.get(code="CHIP-101")
    answer = city.client("admin").post(
        f"/admin/training/course/{course.pk}/change/",
        {
            "track": course.track_id,
            "code": course.code,
            "name": course.name,
            "hours": 40,
            "credits": "2.0",
            "assessment": "exam",
            "pass_mark": 60,
        },
    )
    assert answer.status_code == 302, answer.content[:800]
    entry = AuditEntry.objects.filter(
        action="training.course.change", subject_id=str(course.pk)
    ).get()
    assert (entry.before["hours"], entry.after["hours"]) == (32, 40)


def test_a_cohorts_state_and_roll_ups_are_read_only_there(w, city):
    cohort = Cohort.objects.get(code="2025S")
    html = city.client("admin").get(f"/admin/training/cohort/{cohort.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="applications_count"' not in html
    assert 'name="capacity"' in html
    for model in (Application, Enrolment, Placement):
        row = model.objects.first()
        page = city.client("admin").get(
            f"/admin/training/{model._meta.model_name}/{row.pk}/change/"
        )
        assert page.status_code == 200 and "<form" in page.content.decode()
        assert 'type="submit" value="保存"' not in page.content.decode()
