"""In the browser: an appeal answered and closed shows in 按时办结率 on the appeal figures
page and in the enterprise platform's block of the city figures, beside the on-time reply
and completion rates under their own names; both pages pass axe-core."""

from __future__ import annotations

import pytest

from tests.browser import axe, axe_report, shot

from .api_support import Api

pytestmark = pytest.mark.browser
MESSAGE = {
    "type": "demand",
    "programme": "wunanshi",
    "category": "enterprise-approval",
    "title": "变更手续咨询代办服务",
    "text": "我公司委托代理记账机构代办变更手续，希望明确所需材料和办理流程。",
}


def test_the_on_time_conclusion_rate_on_both_figures_pages(page, transactional_city):
    staff, officer = (
        Api(transactional_city, "qiye.chengfeng"),
        Api(transactional_city, "officer.wx-sj"),
    )
    number = staff.submit(**MESSAGE)["number"]  # a message on the enterprise platform
    officer.act(number, "reply", {"text": "已告知所需材料和办理流程。"})
    staff.act(number, "follow-up", {"rating": 5})  # closed today, on time

    page.goto(f"{page.base}/appeals/figures/")
    rate = page.locator("[data-testid=on-time-conclusion-rate]")
    assert rate.inner_text() == "100.0%"
    assert rate.get_attribute("data-on-time") == "1" and rate.get_attribute("data-late") == "0"
    headline = page.inner_text("[data-testid=headline]")
    assert "按时办结率" in headline and "按时回复率" in headline and "回访后办结率" in headline
    violations = axe(page)
    assert not violations, axe_report(violations)

    page.goto(f"{page.base}/figures/")
    block = page.locator("[data-testid=enterprise-platform]")
    block.wait_for()
    text = block.inner_text()
    assert block.locator("[data-testid=enterprise-messages]").get_attribute("data-value") == "1"
    assert (
        "100.0%" in block.locator("[data-testid=enterprise-on-time-conclusion-rate]").inner_text()
    )
    for label in ("无难事、悉心办", "留言总量", "涉企诉求", "惠企建议", "按时办结率", "按时回复率"):
        assert label in text, label
    shot(page, "city-figures-enterprise-platform")
    violations = axe(page)
    assert not violations, axe_report(violations)
