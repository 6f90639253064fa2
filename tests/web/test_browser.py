"""The pages in a real browser (Playwright, Debian's chromium)."""

import csv
import io
from pathlib import Path

import pytest

from tests.browser import shot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_per_role_and_switch_language(page):
    sign_in(page, "clerk.hudai")
    assert page.inner_text("[data-testid=home-title]") == "窗口工作台"
    assert page.inner_text("[data-testid=center]") == "胡埭镇便民服务中心"
    shot(page, "home-clerk-zh")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Window workbench")
    assert page.inner_text("[data-testid=role]") == "Window clerk"
    page.click("text=Sign out")
    sign_in(page, "supervisor")
    assert page.inner_text("[data-testid=region]") == "无锡市"


def test_wrong_password_is_refused(page):
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", "clerk.hudai")
    page.fill("input[name=password]", "wrong")
    page.click("[data-testid=sign-in]")
    assert page.locator("p.error[role=alert]").is_visible()


def test_clerk_registers_a_walk_in_and_reveals_the_number(page):
    sign_in(page, "clerk.hudai")
    page.click("text=登记现场办事人")
    page.fill("input[name=name]", "钱九")
    page.fill("input[name=id_number]", "110105194912310021")
    page.fill("input[name=region_code]", "320211102")
    page.click("main button[type=submit]")
    error = page.locator("[data-field=id_number]")
    assert "校验码错误" in error.inner_text()
    page.fill("input[name=id_number]", "11010519491231002X")
    page.click("main button[type=submit]")
    assert page.inner_text("[data-testid=id-number]") == "1101**********002X"
    page.click("summary")
    page.fill("input[name=purpose]", "现场核验身份")
    page.click("text=查看（留痕）")
    assert "11010519491231002X" in page.inner_text("[data-testid=revealed]")
    shot(page, "person-revealed")


def test_people_list_exports_csv(page):
    sign_in(page, "clerk.hudai")
    page.goto(f"{page.base}/people/")
    rows = page.locator("[data-testid=list] tbody tr")
    assert rows.count() >= 1
    with page.expect_download() as info:
        page.click("[data-testid=export-csv]")
    data = Path(info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0][0] == "姓名"
    assert all("**********" in r[1] for r in table[1:])
    total = int("".join(ch for ch in page.inner_text("p.count") if ch.isdigit()))
    assert len(table) - 1 == total >= rows.count()  # every filtered row, not just this page


def test_another_towns_person_is_not_found_in_the_browser(page, transactional_city):
    sign_in(page, "clerk.hudai")
    answer = page.goto(f"{page.base}/people/{transactional_city.xueyan_person.pk}/")
    assert answer.status == 404
    assert page.locator("[data-testid=error-message]").is_visible()


def test_home_page_for_the_readme(page):
    page.goto(f"{page.base}/")
    assert page.locator("text=高效办成一件事").first.is_visible()
    shot(page, "home-anonymous")
    sign_in(page, "zhangwei")
    assert page.inner_text("[data-testid=id-number]").startswith("3")
    shot(page, "home-applicant")


def test_mobile_first_layout(page):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, "clerk.hudai")
    page.goto(f"{page.base}/people/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("[data-testid=export-xlsx]").is_visible()
    shot(page, "people-mobile")
