"""The institute's whole flow in a real browser (zh-hans), each step by the person who does it
(issue 21, "Done when"): 魏同学 of 兰州大学 applies on the cohort's public page with an
academic transcript and a CV; the institute's staff screen the application, score the
interview and run the selection (confirmed); the student accepts the place (confirmed); the
staff close applications, start the class and enrol the accepted students; the class's
adviser takes a day's attendance and enters a grade, a teacher the other; the staff
complete the student and issue the credit transcript to 兰州大学, whose PDF downloads;
兰州大学's registrar finds it among the transcripts received and verifies it (valid);
药明合联's HR posts an opening, the student applies, the company offers, the student accepts
and is placed; the institute's placements list shows it, on a phone as cards behind the
folded menu. Each role's main page has no serious or critical accessibility violation.

The live server's thread does not see a frozen clock: the cohort's dates are set around the
real day (applications open now, the class three weeks ahead), then moved as the calendar
would (the class began four weeks ago and ends today) once the place is accepted."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.core.models import User
from onething.training.models import (
    Application,
    Attendance,
    Cohort,
    Enrolment,
    Grade,
    Placement,
    Transcript,
)
from onething.training.services.transcripts import transcript_issue, transcript_revoke
from tests.browser import axe, axe_report, shot, sign_in
from tests.files import pdf

from . import world
from .world_classes import completed

pytestmark = pytest.mark.browser
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 860}
ACCOUNTS = ("t.wei", "t.staff", "t.teacher", "t.adviser", "t.registrar", "t.hr")


def _passwords() -> None:
    for user in User.objects.filter(username__in=ACCOUNTS):
        user.set_password("Demo#2026")
        user.save()


def _as(page, username: str) -> None:
    """Sign out whoever was signed in, sign ``username`` in."""
    page.context.clear_cookies()
    sign_in(page, username)


def _post(page, selector: str) -> None:
    """Press a form's button and wait for the page that answers it."""
    with page.expect_navigation():
        page.click(selector)


def _no_violations(page) -> None:
    violations = axe(page)
    assert not violations, axe_report(violations)


def _applications_open(inst) -> None:
    """Applications taken now, the class three weeks ahead; 兰州大学's agreement in force."""
    now, today = clock.now(), clock.today()
    Cohort.objects.filter(pk=inst.cohort.pk).update(
        applications_open_at=now - dt.timedelta(days=10),
        applications_close_at=now + dt.timedelta(days=10),
        starts_on=today + dt.timedelta(days=21),
        ends_on=today + dt.timedelta(days=80),
    )
    inst.lzu_agreement.valid_until = today + dt.timedelta(days=400)
    inst.lzu_agreement.save(update_fields=["valid_until"])
    inst.cohort.refresh_from_db()


def _class_ends_today(inst) -> None:
    """The calendar moves on: applications closed long ago, the class began four weeks ago
    and ends today."""
    now, today = clock.now(), clock.today()
    Cohort.objects.filter(pk=inst.cohort.pk).update(
        applications_open_at=now - dt.timedelta(days=70),
        applications_close_at=now - dt.timedelta(days=50),
        starts_on=today - dt.timedelta(days=28),
        ends_on=today,
    )


def test_apply_select_enrol_assess_transcript_verify_and_place(page, transactional_city, tmp_path):
    inst = world.build(transactional_city)
    _applications_open(inst)
    _passwords()
    cohort = f"{page.base}/training/cohorts/2025S"
    today = clock.today()

    # 1. the student applies on the cohort's public page
    _as(page, "t.wei")
    page.goto(f"{cohort}/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "2025年暑期实训班" in page.inner_text("[data-testid=cohort-name]")
    _no_violations(page)
    page.click("[data-testid=apply]")
    page.wait_for_selector("[data-testid=apply-form]")
    transcript_file, cv_file = tmp_path / "成绩单.pdf", tmp_path / "简历.pdf"
    transcript_file.write_bytes(pdf())
    cv_file.write_bytes(pdf())
    page.select_option("select[name=university]", label="兰州大学")
    assert page.locator("[data-testid=no-agreement]").is_hidden()  # the credits transfer
    page.fill("input[name=major]", "材料科学与工程")
    page.check("input[name=degree][value=undergraduate]")
    page.fill("input[name=graduation_year]", str(inst.cohort.starts_on.year + 1))
    page.select_option("select[name=first_track]", label="AI芯片")
    page.select_option("select[name=second_track]", label="数字电路设计")
    page.fill("textarea[name=statement]", "参与过功率器件材料的课题，希望学习芯片设计流程。")
    page.set_input_files("input[name=transcript]", str(transcript_file))
    page.set_input_files("input[name=cv]", str(cv_file))
    _post(page, "[data-testid=submit-application]")
    application = Application.objects.get(cohort=inst.cohort, person_id=inst.wei.person_id)
    card = f"[data-testid=application-{application.number}]"
    page.wait_for_selector(card)
    assert "已提交" in page.inner_text(f"{card} [data-testid=status]")
    assert application.files.count() == 2
    _no_violations(page)
    shot(page, "training-flow-1-applied")

    # 2. the staff screen it, score the interview and run the selection
    _as(page, "t.staff")
    page.goto(f"{page.base}/training/manage/applications/?cohort=2025S")
    _no_violations(page)
    page.click(f"[data-testid=list] >> text={application.number}")
    page.wait_for_selector("[data-testid=application-title]")
    assert page.locator("[data-testid=file-cv]").count() == 1
    page.fill("#screen-note", "材料专业，成绩优良")
    _post(page, "[data-testid=do-screen]")
    page.fill("#interview-score", "88.5")
    page.fill("#interview-note", "表达清楚")
    _post(page, "[data-testid=do-interview]")
    assert page.inner_text("[data-testid=score]").startswith("88.5")
    page.goto(f"{page.base}/training/manage/cohorts/2025S/selection/")
    _post(page, "[data-testid=do-select]")  # not confirmed: refused beside the box
    page.wait_for_selector("[data-testid=move-select] .error")
    assert not Application.objects.filter(status="offered").exists()
    page.check("#select-confirm")
    _post(page, "[data-testid=do-select]")
    assert page.inner_text("[data-testid=taken]") == "1"
    _no_violations(page)
    shot(page, "training-flow-2-selected")

    # the student accepts the place offered
    _as(page, "t.wei")
    page.goto(f"{page.base}/training/mine/")
    assert page.inner_text(f"{card} [data-testid=offered-track]") == "AI芯片"
    page.check(f"#{application.number}-accept-confirm")
    _post(page, f"{card} [data-testid=do-accept]")
    assert "已确认参加" in page.inner_text(f"{card} [data-testid=status]")

    # 3. the class begins: the staff close applications, start the class and enrol
    _class_ends_today(inst)
    _as(page, "t.staff")
    page.goto(f"{page.base}/training/manage/cohorts/2025S/")
    page.check("#close-confirm")
    _post(page, "[data-testid=do-close]")
    page.check("#start-confirm")
    _post(page, "[data-testid=do-start]")
    assert "实训中" in page.inner_text("[data-testid=state]")
    page.goto(f"{page.base}/training/classes/?cohort=2025S")
    page.check("#enrol-confirm")
    _post(page, "[data-testid=do-enrol]")
    enrolment = Enrolment.objects.get(application=application)
    assert enrolment.track_id == inst.chips.pk

    # the adviser takes today's attendance and grades the first course; a teacher the second
    _as(page, "t.adviser")
    page.goto(f"{page.base}/training/classes/")
    _no_violations(page)
    page.click("[data-testid=classes] >> text=AI芯片")
    page.wait_for_selector(f"[data-testid=roster] [data-student={enrolment.number}]")
    page.click("[data-mark-all]")  # the static script ticks 出勤 for everyone
    _post(page, "[data-testid=save-attendance]")
    assert Attendance.objects.get(enrolment=enrolment).day == today
    page.goto(f"{page.base}/training/classes/2025S/ai-chip/?course=CHIP-101#grades")
    page.fill(f"input[name=score-{enrolment.number}]", "86.5")
    _post(page, "[data-testid=save-grades]")
    _no_violations(page)
    _as(page, "t.teacher")
    page.goto(f"{page.base}/training/classes/2025S/ai-chip/?course=CHIP-201#grades")
    page.fill(f"input[name=score-{enrolment.number}]", "91")
    _post(page, "[data-testid=save-grades]")
    row = page.inner_text(f"[data-testid=roster] [data-student={enrolment.number}]")
    assert "86.5" in row and "91" in row
    assert Grade.objects.filter(enrolment=enrolment, passed=True).count() == 2

    # the staff complete the student (结业) and issue the transcript to 兰州大学
    _as(page, "t.staff")
    page.goto(f"{page.base}/training/classes/2025S/ai-chip/")
    page.click(f"[data-testid=roster] >> text={enrolment.number}")
    page.wait_for_selector("[data-testid=move-complete]")
    _post(page, "[data-testid=do-complete]")
    assert "已结业" in page.inner_text("[data-testid=status]")
    assert page.locator("#issue-university option:checked").inner_text() == "兰州大学"
    _post(page, "[data-testid=do-issue]")
    page.wait_for_selector("[data-testid=lines]")
    transcript = Transcript.objects.get(enrolment=enrolment)
    assert transcript.university_id == inst.lzu.pk
    assert page.inner_text("[data-testid=total]") == "5.0"
    _no_violations(page)
    shot(page, "training-flow-3-transcript")

    # 4. 兰州大学's registrar: the transcripts received, the PDF, the verification
    _as(page, "t.registrar")
    page.goto(f"{page.base}/training/university/")
    _no_violations(page)
    page.click(f"[data-testid=list] >> text={transcript.number}")
    page.wait_for_selector("[data-testid=lines]")
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'x.pdf';"
            " document.body.appendChild(a); a.click(); a.remove(); }",
            page.get_attribute("[data-testid=pdf-link]", "href"),
        )
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.click("[data-testid=verify-link]")
    verdict = page.wait_for_selector("[data-testid=verdict]")
    assert verdict.get_attribute("data-status") == "valid"
    assert "有效" in page.inner_text("[data-testid=message]")
    assert "兰州大学" in page.inner_text("[data-testid=claims]")
    _no_violations(page)
    shot(page, "training-flow-4-verified")

    # 5. 药明合联's HR posts an opening
    _as(page, "t.hr")
    page.goto(f"{page.base}/training/company/")
    _no_violations(page)
    page.goto(f"{page.base}/training/company/openings/new/")
    page.fill("input[name=title]", "ADC偶联药物工艺工程师")
    page.select_option("select[name=track]", label="AI芯片")
    page.fill("input[name=positions]", "2")
    page.fill("textarea[name=description]", "参与生物偶联药物的工艺开发。")
    page.fill("input[name=closes_on]", (today + dt.timedelta(days=30)).isoformat())
    _post(page, "[data-testid=save]")
    page.wait_for_selector("[data-testid=opening-number]")

    # the student applies on the openings page
    _as(page, "t.wei")
    page.goto(f"{page.base}/training/openings/")
    page.click("text=ADC偶联药物工艺工程师")
    page.wait_for_selector("[data-testid=opening-title]")
    page.fill("#apply-note", "可立即到岗")
    _post(page, "[data-testid=do-apply]")
    page.wait_for_selector("[data-testid=my-application]")

    # the company offers (confirmed)
    _as(page, "t.hr")
    page.goto(f"{page.base}/training/company/")
    page.click("[data-testid=list] tbody tr:has-text('魏同学') a")
    page.wait_for_selector("[data-testid=job-title]")
    page.fill("#offer-note", "月薪面议")
    page.check("#offer-confirm")
    _post(page, "[data-testid=do-offer]")
    assert "已录用" in page.inner_text("[data-testid=job-status]")

    # the student accepts (confirmed): placed
    _as(page, "t.wei")
    page.goto(f"{page.base}/training/mine/jobs/")
    page.click("[data-testid=my-applications] >> text=ADC偶联药物工艺工程师")
    page.wait_for_selector("[data-testid=company-note]")
    page.check("#hire-confirm")
    _post(page, "[data-testid=do-hire]")
    page.wait_for_selector("[data-testid=placement-link]")
    placement = Placement.objects.get(enrolment=enrolment)
    assert placement.ended_on is None

    # the institute's placements list, on a phone: cards, the menu folded behind its button
    _as(page, "t.staff")
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base}/training/manage/placements/")
    page.wait_for_selector("table.cards-on-phone")
    listed = page.inner_text("[data-testid=list]")
    assert "魏同学" in listed and "药明合联" in listed
    assert page.evaluate(OVERFLOW) <= 0
    toggle, nav = page.locator("[data-testid=menu-toggle]"), page.locator("#site-nav")
    assert toggle.is_visible() and not nav.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and nav.is_visible()
    _no_violations(page)
    shot(page, "training-flow-5-placements-phone")
    page.set_viewport_size(DESK)


def test_the_public_page_says_a_revoked_transcript_is_revoked(page, transactional_city):
    inst = world.build(transactional_city)
    enrolment = completed(inst, inst.wei, {"CHIP-101": "88", "CHIP-201": "90"})
    with clock.frozen(world.at("2025-09-20")):
        transcript, _created = transcript_issue(actor=inst.staff, enrolment_number=enrolment.number)
        transcript_revoke(actor=inst.staff, number=transcript.number, reason="成绩录入有误")
    page.goto(f"{page.base}/training/verify/{transcript.token}/")
    verdict = page.wait_for_selector("[data-testid=verdict]")
    assert verdict.get_attribute("data-status") == "revoked"
    assert "2025-09-20" in page.inner_text("[data-testid=revoked-on]")
    _no_violations(page)
