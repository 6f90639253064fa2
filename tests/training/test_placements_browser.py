"""Placements in a real browser (zh-hans): a student finds an opening on a phone (cards) and
applies; the company schedules the interview and makes an offer on a desktop; the student
accepts and is placed; the institute's list shows it. No page wider than a phone, no
serious accessibility violation."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.core import clock
from onething.core.models import User
from onething.training.models import JobApplication, Placement
from onething.training.services.placements import opening_create
from tests.browser import axe, axe_report, shot, sign_in

from . import world
from .world_placements import enrol, grade

pytestmark = pytest.mark.browser
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _passwords(*usernames: str) -> None:
    for user in User.objects.filter(username__in=usernames):
        user.set_password("Demo#2026")
        user.save()


def test_a_student_is_placed_through_an_opening(page, transactional_city):
    inst = world.build(transactional_city)
    enrolment = enrol(inst, inst.wei)
    grade(inst, enrolment, "CHIP-101", "88")
    today = clock.today()
    opening = opening_create(
        actor=inst.hr,
        title="ADC偶联药物工艺工程师",
        positions=2,
        closes_on=today + dt.timedelta(days=30),
        track_code="ai-chip",
        description="参与生物偶联药物的工艺开发。",
    )
    _passwords("t.wei", "t.hr", "t.staff")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "t.wei")
    page.goto(f"{page.base}/training/openings/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.wait_for_selector("table.cards-on-phone")
    assert page.evaluate(OVERFLOW) <= 0
    assert axe(page) == [], axe_report(axe(page))
    page.click("text=ADC偶联药物工艺工程师")
    page.fill("#apply-note", "可立即到岗")
    page.click("[data-testid=do-apply]")
    page.wait_for_selector("[data-testid=my-application]")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "training-opening-applied-phone")
    application = JobApplication.objects.get(opening=opening)

    company = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 860}
    )
    desk = company.new_page()
    desk.set_default_timeout(15000)
    desk.base = page.base
    sign_in(desk, "t.hr")
    desk.goto(f"{desk.base}/training/company/")
    assert "AI芯片导论" in desk.inner_text("[data-testid=list]")
    assert axe(desk) == [], axe_report(axe(desk))
    desk.goto(f"{desk.base}/training/jobs/{application.pk}/")
    when = (today + dt.timedelta(days=3)).isoformat()
    desk.fill("#interview-at", f"{when}T14:30")
    desk.fill("#interview-note", "A座3楼")
    desk.click("[data-testid=do-interview]")
    desk.wait_for_selector("[data-testid=interview]")
    desk.fill("#offer-note", "月薪面议")
    desk.click("[data-testid=do-offer]")  # not confirmed: refused beside the box
    desk.wait_for_selector("[data-testid=move-offer] [data-field=confirm]")
    desk.check("#offer-confirm")
    desk.click("[data-testid=do-offer]")
    desk.wait_for_selector("[data-testid=move-offer] >> nth=0", state="detached")
    shot(desk, "training-job-offered")
    company.close()

    page.goto(f"{page.base}/training/jobs/{application.pk}/")
    assert "月薪面议" in page.inner_text("[data-testid=company-note]")
    page.check("#hire-confirm")
    page.click("[data-testid=do-hire]")
    page.wait_for_selector("[data-testid=placement-link]")
    assert Placement.objects.get().application_id == application.pk
    page.goto(f"{page.base}/training/mine/jobs/")
    assert "已就业" in page.inner_text("[data-testid=my-applications]")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "training-my-jobs-phone")
