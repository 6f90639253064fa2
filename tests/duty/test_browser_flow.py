"""The night visit in a real browser: 陶郁峻 (申港街道) signs in, records a night visit at
申浦村 with a resident's demand; the demand is an appeal of 带班值班, shown with its number
and status; the 12345 dispatcher sends it to 申港街道办事处, whose officer answers it on the
appeal's page; back on the visit's page the leader reads the answer. The form and the visit
page pass the accessibility check (no serious or critical axe-core violation)."""

from __future__ import annotations

import pytest

from onething.appeals.models import Appeal
from onething.appeals.services.flow import appeal_dispatch
from onething.duty.models import NightVisit
from tests.browser import axe, axe_report, shot, sign_in

pytestmark = pytest.mark.browser

ANSWER = "已会同村委实地查看，闲置老房子将改造为老年活动室，年内完工。"


def test_a_night_visit_demand_is_answered_and_the_leader_reads_the_answer(page, transactional_city):
    city = transactional_city
    sign_in(page, "leader.shengang")
    page.goto(f"{page.base}/duty/visits/new/")
    form = page.locator("[data-testid=visit-form]")
    form.locator("input[name=place]").fill("申浦村")
    form.locator("input[name=met_names]").fill("韩师傅等村民代表")
    form.locator("input[name=met_count]").fill("6")
    form.locator("textarea[name=summary]").fill("与村民代表座谈，听取对闲置房屋利用的建议。")
    demand = page.locator("[data-testid=demand-0]")
    demand.locator("select[name=demands-0-type]").select_option("suggestion")
    demand.locator("select[name=demands-0-category]").select_option("community")
    demand.locator("textarea[name=demands-0-text]").fill(
        "村里有一处闲置多年的老房子，建议改造成老年活动室。"
    )
    demand.locator("input[name=demands-0-contact_name]").fill("韩师傅")
    demand.locator("input[name=demands-0-contact_phone]").fill("13812345678")
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "duty-visit-new")
    form.locator("[data-testid=save-visit]").click()
    page.wait_for_selector("[data-testid=demand-progress]")

    visit = NightVisit.objects.get()
    number = visit.demands.get().appeal_number
    assert page.locator("[data-testid=appeal-number]").inner_text().strip() == number
    assert page.locator("[data-testid=appeal-status]").inner_text().strip() == "已受理"
    appeal = Appeal.objects.get(number=number)
    assert appeal.programme.code == "daibanzhiban" and appeal.channel == "visit"

    appeal_dispatch(actor=city.actor("dispatcher"), number=number, department_code="SG-JB")
    page.context.clear_cookies()
    sign_in(page, "officer.sg-jb")
    page.goto(f"{page.base}/appeals/{number}/")
    panel = page.locator("[data-testid=panel-reply]")
    panel.locator("textarea[name=text]").fill(ANSWER)
    panel.locator("input[name=confirm]").check()
    panel.locator("[data-testid=act-reply]").click()
    page.wait_for_selector("[data-testid=replies]")
    assert Appeal.objects.get(number=number).status == "replied"

    page.context.clear_cookies()
    sign_in(page, "leader.shengang")
    page.goto(f"{page.base}/duty/visits/{visit.number}/")
    assert page.locator("[data-testid=answer]").inner_text().startswith(ANSWER)
    assert page.locator("[data-testid=department]").inner_text().strip() == "申港街道办事处"
    assert page.locator("[data-testid=appeal-status]").inner_text().strip() == "已回复"
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "duty-visit-answered")
