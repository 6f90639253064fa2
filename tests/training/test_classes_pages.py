"""The class pages in Chinese: the staff's classes with the accepted applicants enrolled on
a confirmed form, a class's roster, its attendance sheet of a day and grade sheet of a
course (every problem beside its student), the adviser's own classes only (another class:
403), a student's page (complete; issue a transcript refused beside the university), and
a student's own classes with their rate, grades and transcripts."""

from __future__ import annotations

import re

import pytest

from onething.core import clock
from onething.training.models import Attendance, Enrolment, Grade, Transcript
from tests.cityops.pages_support import errors

from .world import at
from .world_classes import IN_CLASS, accepted, chinese, completed, enrolled


@pytest.fixture(autouse=True)
def in_class():
    with clock.frozen(IN_CLASS):
        yield


def test_the_staff_see_the_classes_and_enrol_every_accepted_applicant(inst, city):
    accepted(inst, inst.wei)
    accepted(inst, inst.zhao, university=inst.sydney, track=inst.algorithms)
    staff = city.client("t.staff")
    page = staff.get("/training/classes/")
    html = chinese(page)
    assert "AI芯片" in html and "许董事" in html and "2 名已接受录取的学员尚未入班" in html
    refused = staff.post("/training/manage/cohorts/2025S/enrol/", {})
    assert refused.status_code == 422 and "confirm" in errors(refused)
    assert not Enrolment.objects.exists()
    done = staff.post("/training/manage/cohorts/2025S/enrol/", {"confirm": "on"}, follow=True)
    assert "已为 2 名学员办理入班" in chinese(done)
    assert Enrolment.objects.count() == 2
    assert city.client("t.wei").get("/training/classes/").status_code == 403


def test_an_adviser_sees_their_classes_only(inst, city):
    enrolled(inst, inst.wei)
    enrolled(inst, inst.zhao, track=inst.algorithms)
    adviser = city.client("t.adviser")
    html = chinese(adviser.get("/training/classes/"))
    assert "AI芯片" in html and "算法优化" not in html
    assert adviser.get("/training/classes/2025S/ai-chip/").status_code == 200
    assert adviser.get("/training/classes/2025S/algorithms/").status_code == 403
    assert adviser.get("/training/classes/2025S/nope/").status_code == 404


def test_a_days_attendance_sheet_shows_every_problem_beside_its_student(inst, city):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    teacher = city.client("t.teacher")
    page = teacher.get("/training/classes/2025S/ai-chip/?day=2025-07-29")
    html = chinese(page)
    assert "2025-07-29 考勤" in html and 'name="mark-XY2025S0001"' in html
    assert "static/training/classes_sheet.js" in html
    refused = teacher.post(
        "/training/classes/2025S/ai-chip/attendance/",
        {"day": "2025-08-30", f"mark-{wei.number}": "present", f"mark-{zhao.number}": "absent"},
    )
    assert refused.status_code == 422
    html = chinese(refused)
    assert re.search(r'data-testid="sheet-error">[^<]*不能登记尚未到来的日期', html)
    assert not Attendance.objects.exists()
    saved = teacher.post(
        "/training/classes/2025S/ai-chip/attendance/",
        {"day": "2025-07-29", f"mark-{wei.number}": "present", f"mark-{zhao.number}": "absent"},
    )
    assert saved.status_code == 302 and "day=2025-07-29" in saved["Location"]
    assert Attendance.objects.count() == 2
    shown = chinese(teacher.get(saved["Location"]))
    assert re.search(r'value="absent"[^>]*checked', shown) or re.search(
        r'checked[^>]*value="absent"', shown
    )


def test_a_grade_sheet_refused_beside_each_student_then_saved(inst, city):
    wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)
    adviser = city.client("t.adviser")
    refused = adviser.post(
        "/training/classes/2025S/ai-chip/grades/",
        {"course": "CHIP-101", f"score-{wei.number}": "101", f"score-{zhao.number}": "88.25"},
    )
    assert refused.status_code == 422
    chinese(refused)
    found = errors(refused)
    assert "超出范围" in found[f"score-{wei.number}"]
    assert "一位小数" in found[f"score-{zhao.number}"]
    assert 'value="101"' in refused.content.decode()  # what was typed stays
    assert not Grade.objects.exists()
    saved = adviser.post(
        "/training/classes/2025S/ai-chip/grades/",
        {"course": "CHIP-101", f"score-{wei.number}": "86.5", f"score-{zhao.number}": "55"},
    )
    assert saved.status_code == 302
    roster = chinese(adviser.get("/training/classes/2025S/ai-chip/"))
    assert "86.5" in roster and "未通过" in roster and "通过" in roster


def test_the_staff_complete_a_student_and_issue_refused_beside_the_university(inst, city):
    wei = enrolled(inst, inst.wei)
    staff = city.client("t.staff")
    page = chinese(staff.get(f"/training/manage/students/{wei.number}/"))
    assert 'data-move="complete"' in page and 'data-move="withdraw"' in page
    assert 'data-move="issue"' not in page  # not before the student completed
    done = staff.post(f"/training/manage/students/{wei.number}/act/complete/", {"note": ""})
    assert done.status_code == 302
    with clock.frozen(at("2025-09-20")):
        refused = staff.post(
            f"/training/manage/students/{wei.number}/act/issue/",
            {"university": str(inst.lzu.pk)},
        )
    assert refused.status_code == 422
    assert "没有通过协议认定的任何课程" in refused.content.decode()
    assert not Transcript.objects.exists()
    assert (
        city.client("t.adviser").get(f"/training/manage/students/{wei.number}/").status_code == 200
    )
    assert (
        city.client("t.adviser").post(f"/training/manage/students/{wei.number}/act/issue/", {})
    ).status_code == 403


def test_a_student_sees_their_classes_grades_and_transcripts(inst, city):
    from onething.training.services.transcripts import transcript_issue

    wei = completed(inst, inst.wei, {"CHIP-101": "86.5", "CHIP-201": "52"})
    with clock.frozen(at("2025-09-20")):
        transcript, _ = transcript_issue(actor=inst.staff, enrolment_number=wei.number)
    html = chinese(city.client("t.wei").get("/training/mine/classes/"))
    assert "AI芯片" in html and "100%" in html and "86.5" in html and "未通过" in html
    assert f"/training/transcripts/{transcript.number}/pdf/" in html
    pdf = city.client("t.wei").get(f"/training/transcripts/{transcript.number}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    other = chinese(city.client("t.zhao").get("/training/mine/classes/"))
    assert "您尚未加入任何实训班" in other
    assert (
        city.client("t.zhao").get(f"/training/transcripts/{transcript.number}/pdf/").status_code
        == 404
    )
