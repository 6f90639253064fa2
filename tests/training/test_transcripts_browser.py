"""Classes and transcripts in a real browser (zh-hans): a teacher takes a day's attendance
("mark everyone present", a static script) and enters a grade sheet refused beside the
student whose score is outside the scale; the staff complete the student and issue the
transcript; 兰州大学's registrar finds it among the transcripts received, downloads the PDF
and verifies it on the public page — on a phone, the lists as cards; no serious
accessibility violation."""

from __future__ import annotations

import pytest

from onething.core import clock
from onething.core.models import User
from onething.training.models import Attendance, Grade, Transcript
from tests.browser import axe, axe_report, shot, sign_in

from . import world
from .world_classes import IN_CLASS, enrolled

pytestmark = pytest.mark.browser
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def signed_in(page, username: str) -> None:
    user = User.objects.get(username=username)
    user.set_password("Demo#2026")
    user.save()
    page.context.clear_cookies()
    sign_in(page, username)


def test_attendance_grades_transcript_and_a_universitys_verification(page, transactional_city):
    inst = world.build(transactional_city)
    with clock.frozen(IN_CLASS):
        wei, zhao = enrolled(inst, inst.wei), enrolled(inst, inst.zhao)

    signed_in(page, "t.teacher")
    page.goto(f"{page.base}/training/classes/2025S/ai-chip/?day=2025-07-29")
    page.click("[data-mark-all]")  # the static script ticks 出勤 for everyone
    page.click("[data-testid=save-attendance]")
    page.wait_for_selector(".flash")
    assert Attendance.objects.filter(mark="present").count() == 2

    page.goto(f"{page.base}/training/classes/2025S/ai-chip/?course=CHIP-101#grades")
    page.fill(f"input[name=score-{wei.number}]", "101")
    page.fill(f"input[name=score-{zhao.number}]", "88")
    page.click("[data-testid=save-grades]")
    error = page.wait_for_selector(f"small.error[data-field=score-{wei.number}]")
    assert "超出范围" in error.inner_text()
    assert page.input_value(f"input[name=score-{zhao.number}]") == "88"  # kept
    assert not Grade.objects.exists()
    violations = axe(page)
    assert not violations, axe_report(violations)
    page.fill(f"input[name=score-{wei.number}]", "86.5")
    page.click("[data-testid=save-grades]")
    page.wait_for_selector(".flash")
    page.goto(f"{page.base}/training/classes/2025S/ai-chip/?course=CHIP-201#grades")
    page.fill(f"input[name=score-{wei.number}]", "91")
    page.click("[data-testid=save-grades]")
    page.wait_for_selector(".flash")
    assert Grade.objects.filter(passed=True).count() == 3

    signed_in(page, "t.staff")
    page.goto(f"{page.base}/training/manage/students/{wei.number}/")
    page.click("[data-testid=do-complete]")
    page.wait_for_selector("[data-testid=move-issue]")
    page.click("[data-testid=do-issue]")  # to the student's own university, 兰州大学
    page.wait_for_selector("[data-testid=lines]")
    transcript = Transcript.objects.get()
    assert page.inner_text("[data-testid=total]") == "5.0"

    signed_in(page, "t.registrar")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/training/university/")
    page.wait_for_selector("table.cards-on-phone")
    assert page.evaluate(OVERFLOW) <= 0
    page.click(f"text={transcript.number}")
    page.wait_for_selector("[data-testid=lines]")
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'x.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"/training/transcripts/{transcript.number}/pdf/",
        )
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.click("[data-testid=verify-link]")
    verdict = page.wait_for_selector("[data-testid=verdict]")
    assert verdict.get_attribute("data-status") == "valid"
    assert "魏**" in page.inner_text("[data-testid=student]")
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "training-transcript-verified-phone")
