"""收办分离 / 代收代办 in a real browser: a walk-in at 胡埭镇's cross-region window applies for
雪堰镇's food business licence for 常州雪堰湖鲜餐饮店. The 胡埭 clerk presses start, takes
the application and posts the paper original; the 雪堰 officer accepts, checks the
originals in and approves; the 胡埭 clerk hands the licence over; the figures count it."""

import json
import random

import pytest

from onething.cases.models import Case
from onething.core import clock
from onething.core.generate import resident_id
from onething.core.models import Enterprise
from onething.crossregion.models import CrossRegionCase, Handoff
from tests import files
from tests.browser import shot, sign_in

from .conftest import FOOD, FOOD_FORM, FOOD_MATERIALS, HUDAI, XUEYAN

pytestmark = pytest.mark.browser


def open_case(tab, number):
    tab.goto(f"{tab.base}/cases/{number}/")
    tab.wait_for_selector("[data-testid=case-number]")


def status(tab):
    return tab.get_attribute("[data-testid=case-status]", "data-status")


def this_year(tab):
    """This year's row of the public figures (cases, concluded), read in the browser."""
    tab.goto(f"{tab.base}/api/crossregion/figures/periods?period=year")
    rows = json.loads(tab.inner_text("body"))
    year = str(clock.today().year)
    return next(((r["cases"], r["concluded"]) for r in rows if r["period"] == year), (0, 0))


def test_a_walk_in_at_hudai_for_a_xueyan_licence(page):
    restaurant = Enterprise.objects.get(name="常州雪堰湖鲜餐饮店")
    before = this_year(page)

    # the applicant looks up where the licence can be applied for
    page.goto(f"{page.base}/services/{FOOD}/where/?home={HUDAI}")
    page.wait_for_selector("[data-testid=options]")
    assert page.locator(f"[data-testid=option][data-town='{XUEYAN}'] [data-mode=proxy]").count()
    shot(page, "crossregion-1-where")

    # 胡埭's clerk: the walk-in reaches the window, start
    sign_in(page, "clerk.hudai")
    page.goto(f"{page.base}/workbench/cross-region/")
    shot(page, "crossregion-2-intake-start")
    page.click("[data-testid=start]")
    page.wait_for_selector("[data-testid=arrival]")
    page.select_option("select[name=town]", XUEYAN)
    page.check("input[name=mode][value=proxy]")
    page.select_option("select[name=item]", FOOD)
    page.click("[data-testid=choose-item]")
    page.wait_for_selector("[data-testid=crossregion-intake-form]")
    page.fill("[name=id_number]", resident_id(random.Random(2026)))
    page.fill("[name=name]", "吴国强")
    page.fill("[name=phone]", "13912345678")
    page.fill("[name=enterprise_credit_code]", restaurant.credit_code)
    page.fill('[name="form.business_name"]', FOOD_FORM["business_name"])
    page.fill('[name="form.address"]', FOOD_FORM["address"])
    page.select_option('[name="form.category"]', FOOD_FORM["category"])
    for code in FOOD_MATERIALS:
        page.set_input_files(
            f'[name="materials.{code}"]',
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
        )
    page.check('[name=delivery][value="window"]')
    shot(page, "crossregion-3-intake-form")
    page.click("[data-testid=submit-crossregion-intake]")
    page.wait_for_selector("[data-testid=cross-region-panel]")
    number = page.inner_text("[data-testid=case-number]")
    record = CrossRegionCase.objects.get(case__number=number)
    assert record.mode == "proxy" and record.arrival is not None and record.needs_originals
    assert status(page) == "submitted"
    assert page.locator("[data-testid=waiting-for-originals]").is_visible()
    shot(page, "crossregion-4-forwarded")

    # the clerk prepares the paper original and posts it (first without the tracking number)
    page.click("[data-testid=do-handoff-prepare]")
    page.wait_for_selector("[data-testid=handoff-send]")
    page.fill('[name="send-tracking_number"]', "")
    page.click("[data-testid=do-handoff-send]")
    page.wait_for_selector("[data-testid=crossregion-refusal][data-status='422']")
    assert page.locator("[data-field=tracking_number]").is_visible()
    shot(page, "crossregion-5-send-refused")
    page.fill('[name="send-tracking_number"]', "EMS9876543210")
    page.click("[data-testid=do-handoff-send]")
    page.wait_for_selector("[data-testid=handoffs] li[data-status=sent]")
    shot(page, "crossregion-6-sent")

    # 雪堰's officer: the case in the inbox, accepted, the original checked in, approved
    sign_in(page, "officer.xueyan")
    page.goto(f"{page.base}/inbox/")
    page.wait_for_selector("[data-testid=list]")
    shot(page, "crossregion-7-inbox")
    open_case(page, number)
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("[data-testid=case-status][data-status=accepted]")
    page.check('[name="receive-outcome"][value="received"]')
    page.click("[data-testid=do-handoff-receive]")
    page.wait_for_selector("[data-testid=handoffs] li[data-status=received]")
    assert page.locator("[data-testid=waiting-for-originals]").count() == 0
    shot(page, "crossregion-8-received")
    page.check('[name="conclude-outcome"][value="approved"]')
    page.check('[name="conclude-confirm"]')
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=licence]")
    assert page.get_attribute("[data-testid=case-outcome]", "data-outcome") == "approved"
    shot(page, "crossregion-9-approved")

    # 胡埭's clerk hands the licence over at the window
    sign_in(page, "clerk.hudai")
    open_case(page, number)
    page.click("[data-testid=do-hand_over]")
    page.wait_for_selector("[data-testid=case-number]")
    case = Case.objects.get(number=number)
    assert case.handed_over_at is not None
    assert Handoff.objects.get(case=case).status == "received"
    shot(page, "crossregion-10-handed-over")
    page.set_viewport_size({"width": 390, "height": 844})  # the panel on a phone
    open_case(page, number)
    shot(page, "crossregion-10b-mobile")
    page.set_viewport_size({"width": 1280, "height": 860})

    # the figures count it: one more case this year, one more concluded
    after = this_year(page)
    assert after == (before[0] + 1, before[1] + 1), (before, after)
    figures = page.goto(f"{page.base}/cross-region/figures/")
    if figures is not None and figures.status == 200:
        shot(page, "crossregion-11-figures")
