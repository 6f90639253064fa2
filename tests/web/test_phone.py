"""The pages on a phone (390×844) in a real browser: the menu folded behind a button, lists
shown as cards with their labels, the status and the deadline standing out, and no page
wider than the screen. And the portal home on a desktop, for the README."""

from __future__ import annotations

import pytest

from tests.browser import axe, axe_report, shot, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
LABEL = "(cell) => getComputedStyle(cell, '::before').content"


def test_the_menu_is_folded_on_a_phone_and_opens_on_tap(page):
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base}/")
    toggle = page.locator("[data-testid=menu-toggle]")
    nav = page.locator("#site-nav")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 844 / 8  # the brand and the button: one line, not a third
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert page.locator('#site-nav a[href="/services/"]').is_visible()
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "home-phone-menu")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "home-phone")


def test_the_menu_is_always_open_on_a_desktop(page):
    page.goto(f"{page.base}/")
    assert not page.locator("[data-testid=menu-toggle]").is_visible()
    assert page.locator('#site-nav a[href="/services/"]').is_visible()
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "home-portal")


def test_the_portal_search_leads_to_results(page):
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base}/")
    page.fill("[data-testid=portal-q]", "异地就医")
    page.click("[data-testid=portal-search-button]")
    page.wait_for_url("**/services/?q=*")
    cards = page.locator("[data-testid=item-card]")
    found = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert found and all("异地就医" in text for text in found)  # 备案, 费用报销 (一件事)
    assert any("异地就医备案" in text for text in found)


def test_a_list_shows_as_cards_on_a_phone(page):
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk.hudai")
    page.goto(f"{page.base}/people/")
    table = page.locator("[data-testid=list]")
    assert "cards-on-phone" in table.get_attribute("class")
    head = page.locator("[data-testid=list] thead").bounding_box()
    assert head is None or head["height"] <= 1  # read out, not shown
    first = page.locator("[data-testid=list] tbody tr").first
    assert first.evaluate("(row) => getComputedStyle(row).display") == "flex"
    name = first.locator("td").first
    assert name.get_attribute("data-label") == "姓名"
    assert name.evaluate(LABEL) == '"姓名"'  # the label is drawn before the value
    id_cell = first.locator("td").nth(1)
    assert id_cell.is_visible() and "**********" in id_cell.inner_text()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "people-cards-phone")


def test_open_items_show_status_and_deadline_on_a_phone(page, transactional_city):
    from tests.cases.conftest import Api, apply_online

    answer = apply_online(Api(transactional_city, "zhangwei"))
    number = answer.json()["number"]
    clerk = transactional_city.client("clerk.hudai", "en")
    clerk.post(f"/api/cases/{number}/accept", content_type="application/json")
    page.set_viewport_size(PHONE)
    sign_in(page, "zhangwei")
    row = page.locator("[data-testid=open-items] tbody tr").first
    cells = row.locator("td")
    status, due = cells.nth(2), cells.nth(3)
    assert "card-key" in status.get_attribute("class") and "card-key" in due.get_attribute("class")
    assert status.evaluate(LABEL) == '"状态"' and due.evaluate(LABEL) == '"办理期限"'
    assert status.evaluate("(c) => getComputedStyle(c).fontWeight") in ("600", "700")
    # the status and the deadline come right after the first line of the card
    tops = [cells.nth(i).bounding_box()["y"] for i in range(4)]
    assert tops[0] < tops[2] < tops[3] < tops[1]
    assert number in row.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "home-applicant-phone")


# Each role's main pages fit a phone's width: tests/web/test_journeys.py walks them on the
# full demo city at 390px.
