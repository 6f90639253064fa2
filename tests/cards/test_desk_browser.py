"""A dining visit at the till in a real browser (餐饮商圈优惠): the cashier of 南长街锡帮菜馆
signs in with the desk's account, scans (types) 陈锦坤's card, sees the holder masked and the
offer, enters the bill, sees the discount and who pays it, confirms; the visit is recorded
once and union finance sees it in the ledger (owed to the merchant from the pool) and in the
figures. The desk's pages pass the axe-core check (no serious or critical violation)."""

from __future__ import annotations

import pytest

from onething.cards.models import LedgerEntry, Swipe
from onething.core.identity import mask_name
from onething.demo.cards.data import directory
from tests.browser import axe, axe_report, shot, sign_in

pytestmark = pytest.mark.browser

CHEN_CARD = directory.card_number(directory.FIRST_BATCH[0], 1)  # 陈锦坤's card
CHEN_MASKED = mask_name("陈锦坤")  # what the cashier sees


def test_a_dining_visit_at_the_till(page):
    sign_in(page, "desk.xibang")
    page.click("[data-testid=link-desk]")
    page.wait_for_selector("[data-testid=desk-identify-form]")
    assert "南长街锡帮菜馆" in page.locator("[data-testid=desk-venue]").inner_text()

    page.fill("[data-testid=desk-identify-form] input[name=card]", CHEN_CARD)
    page.click("[data-testid=desk-identify-submit]")
    page.wait_for_selector("[data-testid=desk-visit-form]")
    assert page.locator("[data-testid=desk-holder]").inner_text().strip() == CHEN_MASKED
    benefit = page.locator("[data-testid=desk-benefit]").inner_text()
    assert "10%" in benefit and "工会补贴资金池" in benefit

    page.fill("[data-testid=desk-visit-form] input[name=bill]", "128.50")
    page.click("[data-testid=desk-preview]")
    page.wait_for_selector("[data-testid=desk-confirm-panel]")
    assert page.locator("[data-testid=desk-discount]").inner_text().strip() == "¥12.85"
    assert page.locator("[data-testid=desk-pays]").inner_text().strip() == "¥115.65"
    assert not Swipe.objects.filter(venue__code="nc-xibang").exists()  # only a preview
    violations = axe(page)
    assert not violations, axe_report(violations)
    shot(page, "cards-desk-preview")

    page.click("[data-testid=desk-confirm]")
    page.wait_for_selector("[data-testid=desk-recorded]")
    assert "¥12.85" in page.locator("[data-testid=desk-recorded-discount]").inner_text()
    visit = Swipe.objects.get(venue__code="nc-xibang")
    assert (visit.bill_fen, visit.discount_fen, visit.funded_by) == (12850, 1285, "pool")
    assert CHEN_MASKED in page.locator("[data-testid=desk-recent]").inner_text()
    violations = axe(page)
    assert not violations, axe_report(violations)

    # Union finance: the visit is owed to the merchant from the pool, and counted.
    page.context.clear_cookies()
    sign_in(page, "union")
    page.goto(f"{page.base}/honour/ledger/?operator=nc-xibang")
    page.wait_for_selector("[data-testid=list]")
    ledger = page.locator("[data-testid=list]").inner_text()
    assert "12.85" in ledger and f"nc-xibang-till:{visit.swipe_id}" in ledger
    assert LedgerEntry.objects.get(swipe=visit).amount_fen == 1285
    page.goto(f"{page.base}/honour/figures/")
    assert page.locator("[data-testid=dining-visits]").inner_text().strip() == "1"
    assert page.locator("[data-testid=dining-pool]").get_attribute("data-fen") == "1285"
    assert "餐饮商圈优惠" in page.locator("[data-testid=scenes]").inner_text()
    shot(page, "cards-desk-figures")
