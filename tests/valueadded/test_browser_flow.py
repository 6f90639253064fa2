"""增值服务 in a real browser (zh-hans), each step by the one who takes it: 江阴澄丰化纤's
staff find the partner bank's credit-loan service in the catalogue and ask for it; the
bank's staff accept it from their queue and conclude it with the financing reached
(confirmed first); the enterprise rates the service and its home shows the platform's
four functions. The catalogue, the request page and the queue have no serious or
critical accessibility violation."""

from __future__ import annotations

import pytest

from onething.valueadded.models import ServiceRequest
from tests.browser import axe, axe_report, sign_in

pytestmark = pytest.mark.browser


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def _accessible(page) -> None:
    found = axe(page)
    assert not found, axe_report(found)


def test_request_conclude_and_rate(page):
    _as(page, "qiye.chengfeng")
    page.goto(f"{page.base}/value-added/?category=financing")
    assert page.locator("[data-testid=service-card]").count() >= 3
    _accessible(page)
    page.click("[data-code=puhui-daikuan] a")
    page.click("[data-testid=ask-for-it]")
    page.fill("#id_subject", "流动资金贷款")
    page.fill("#id_details", "需要流动资金贷款300万元，期限一年。")
    page.click("[data-testid=send-request]")
    page.wait_for_selector("[data-testid=request-number]")
    number = page.inner_text("[data-testid=request-number]")
    assert "已提交" in page.inner_text("[data-testid=request-status]")
    _accessible(page)

    _as(page, "partner.jsbank")
    page.goto(f"{page.base}/value-added/provider/")
    _accessible(page)
    page.click(f"text={number}")
    page.fill("#accept-note", "客户经理明日上门。")
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("[data-testid=move-conclude]")
    page.select_option("#conclude-outcome_kind", "financing")
    page.fill("#conclude-outcome", "授信获批，已放款。")
    page.fill("#conclude-amount", "3000000")
    page.check("#conclude-confirm")
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=outcome]")
    assert "¥3,000,000.00" in page.inner_text("[data-testid=amount]")
    _accessible(page)

    _as(page, "qiye.chengfeng")
    page.goto(f"{page.base}/value-added/requests/{number}/")
    page.check("#rate-rating_0")  # 非常满意
    page.fill("#rate-comment", "放款很快。")
    page.click("[data-testid=do-rate]")
    page.wait_for_selector("[data-testid=rating]")
    assert "非常满意" in page.inner_text("[data-testid=rating]")
    made = ServiceRequest.objects.get(number=number)
    assert (made.status, made.amount_fen, made.rating) == ("concluded", 300_000_000, 5)
    page.goto(f"{page.base}/")
    platform = page.inner_text("[data-testid=enterprise-platform]")
    for name in ("政策服务", "政务服务", "增值服务", "互动服务"):
        assert name in platform
