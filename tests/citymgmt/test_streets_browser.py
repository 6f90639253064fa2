"""The streets in a real browser (zh-hans) on a phone: the register as cards, a street's page
with its monthly scores drawn as a line chart (ECharts, no inline script) and its before
and after photos side by side; no serious accessibility violation."""

from __future__ import annotations

import datetime as dt

import pytest

from onething.citymgmt.models import StreetMonth
from onething.citymgmt.services.streets import project_photo_add
from onething.core.models import User
from tests.browser import axe, axe_report, shot, sign_in
from tests.files import jpeg

from .world_streets import at, build

pytestmark = pytest.mark.browser
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_resident_reads_a_street_on_a_phone(page, transactional_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = build(transactional_city)
    project = w.project()
    for phase in ("before", "after"):
        project_photo_add(
            actor=w.office, number=project.number, phase=phase, name=f"{phase}.jpg", data=jpeg()
        )
    for n, score in enumerate((8200, 8600, 9075), start=10):
        StreetMonth.objects.create(
            street=w.chunchao,
            month=dt.date(2021, n, 1),
            resident_count=20,
            resident_centi=420,
            inspection_count=2,
            inspection_mark=88,
            complaint_count=1,
            weights={"residents": 50, "inspections": 30, "complaints": 20},
            score_centi=score,
            closed_at=at("2022-01-02"),
        )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base}/city/streets/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.wait_for_selector("table.cards-on-phone")  # the list as cards on a phone
    assert page.evaluate(OVERFLOW) <= 0  # no page wider than the screen
    page.click("text=春潮菜场支路")
    page.wait_for_selector("[data-testid=street-name]")
    page.locator("#street-score-chart canvas").first.wait_for(state="attached")
    assert page.locator("[data-testid=project] figure img").count() == 2
    before, after = page.locator(".street-pair:not(.street-pair-head) figure").all()[:2]
    left, right = before.bounding_box(), after.bounding_box()
    assert abs(left["y"] - right["y"]) < 2 and left["x"] < right["x"]  # side by side
    assert "修复破损路面" in page.inner_text("[data-testid=items]")
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "citymgmt-street-phone")


def test_the_office_moves_a_project_on_from_its_page(page, transactional_city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = build(transactional_city)
    project = w.project()
    officer = User.objects.get(username="t.xw-cg")
    officer.set_password("Demo#2026")
    officer.save()
    sign_in(page, "t.xw-cg")
    page.goto(f"{page.base}/city/manage/")
    page.click("[data-testid=sections] >> text=整治项目")
    page.click(f"text={project.number}")
    page.wait_for_selector("[data-testid=move-start]")
    page.click("[data-testid=do-start]")  # not confirmed: refused, nothing moved
    page.wait_for_selector("[data-testid=refusal]")
    assert page.inner_text("[data-testid=project-milestone]") == "立项"
    page.check("[data-testid=move-start] input[name=confirm]")
    page.click("[data-testid=do-start]")
    page.wait_for_selector("[data-testid=move-complete]")
    assert page.inner_text("[data-testid=project-milestone]") == "施工"
    page.fill("[data-testid=move-spend] input[name=amount]", "3900000")
    page.fill("[data-testid=move-spend] textarea[name=note]", "结算款")
    page.click("[data-testid=do-spend]")
    page.wait_for_selector("[data-testid=over-budget]")
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "citymgmt-project")
    page.goto(f"{page.base}/city/programmes/{w.programme.code}/")
    page.locator("#programme-chart canvas").first.wait_for(state="attached")
    assert page.inner_text("[data-testid=total-streets]") == "1"
    shot(page, "citymgmt-programme")
