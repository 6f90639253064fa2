"""The whole appeal in a real browser: an enterprise posts a demand on the platform; the
routing table assigns it to 无锡市数据局; the department replies; the enterprise rates it
不满意 and it reopens; the second reply is rated 满意 and it closes; a supervisor's new batch
shows it done."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from onething.appeals.models import Appeal
from tests.browser import shot, sign_in

pytestmark = pytest.mark.browser

TITLE = "代办人员账号希望能同时办理多家企业登记"
TEXT = "我司是代理记账机构，代办人员一次只能为一家企业办理登记，希望优化流程，提高代办效率。"


def sign_out(page):
    page.context.clear_cookies()


def open_appeal(page, username, number):
    sign_out(page)
    sign_in(page, username)
    page.goto(f"{page.base}/appeals/{number}/")


def status(page):
    return page.locator("[data-testid=appeal-status]").inner_text()


def reply(page, text):
    panel = page.locator("[data-testid=panel-reply]")
    panel.locator("textarea[name=text]").fill(text)
    panel.locator("input[name=confirm]").check()
    panel.locator("[data-testid=act-reply]").click()
    page.wait_for_selector("[data-testid=replies]")


def rate(page, rating, comment):
    form = page.locator("[data-testid=rating-form]")
    form.locator(f"input[name=rating][value='{rating}']").check()
    form.locator("[name=comment]").fill(comment)
    form.locator("[data-testid=submit-rating]").click()
    page.wait_for_selector("[data-testid=follow-ups]")


def test_an_enterprise_demand_from_posting_to_a_supervised_close(page):
    sign_in(page, "qiye.chengfeng")
    page.goto(f"{page.base}/appeals/new/")
    form = page.locator("[data-testid=appeal-form]")
    form.locator("input[name=type][value=demand]").check()
    form.locator("select[name=category]").select_option("enterprise-approval")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=text]").fill(TEXT)
    shot(page, "appeal-new")
    form.locator("[data-testid=submit-appeal]").click()
    page.wait_for_selector("[data-testid=appeal-number]")
    number = page.locator("[data-testid=appeal-number]").inner_text().strip()
    assert page.locator("[data-testid=department]").inner_text().strip() == "无锡市数据局"
    assert Appeal.objects.get(number=number).status == "dispatched"
    shot(page, "appeal-routed")

    open_appeal(page, "officer.wx-sj", number)
    reply(page, "已将需求转业务处室研究，优化方案正在测试。")
    assert Appeal.objects.get(number=number).status == "replied"

    open_appeal(page, "qiye.chengfeng", number)
    rate(page, 2, "还没有解决")
    appeal = Appeal.objects.get(number=number)
    assert (appeal.status, appeal.round) == ("handling", 2)
    assert "2" in page.locator("[data-testid=due]").inner_text()  # round 2 with a new due date

    open_appeal(page, "officer.wx-sj", number)
    reply(page, "代理记账机构备案后，代办人员可同时为多家企业提交登记，已全市推开。")

    open_appeal(page, "qiye.chengfeng", number)
    rate(page, 4, "已经可以同时办理了")
    appeal = Appeal.objects.get(number=number)
    assert (appeal.status, appeal.rating) == ("closed", 4)
    assert page.locator("[data-testid=follow-up-rating]").all_inner_texts() == ["不满意", "满意"]
    shot(page, "appeal-closed")

    sign_out(page)
    sign_in(page, "supervisor")
    page.goto(f"{page.base}/appeals/supervision/")
    batch = page.locator("[data-testid=new-batch]")
    batch.locator("input[name=number]").fill("9")
    batch.locator("input[name=title]").fill("企业诉求第九批督办事项")
    deadline = dt.date.today() + dt.timedelta(days=30)
    batch.locator("input[name=deadline]").fill(deadline.isoformat())
    batch.locator("[data-testid=create-batch]").click()
    page.wait_for_selector("[data-testid=batch-title]")
    add = page.locator("[data-testid=batch-add]")
    add.locator("[name=numbers]").fill(number)
    add.locator("[data-testid=add-appeals]").click()
    page.wait_for_selector(f"[data-testid=items] >> text={number}")
    row = page.locator("[data-testid=items] tr", has_text=number)
    assert row.locator("[data-testid=done]").count() == 1
    assert re.search(r"1\D+1", page.locator("[data-testid=batch-progress]").inner_text())
    shot(page, "appeal-batch-done")
