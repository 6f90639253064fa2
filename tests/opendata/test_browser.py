"""The platform in a real browser (zh-hans): from the portal to the catalogue, shown as cards
on a phone; a figure dataset's page draws its chart on a canvas; a download counts on the
dataset's page; no serious accessibility violation."""

from __future__ import annotations

import pytest

from onething.opendata.services.demo import demo_catalogue
from tests.browser import axe, shot

pytestmark = pytest.mark.browser


def test_the_catalogue_the_chart_and_a_counted_download(page, transactional_city):
    demo_catalogue(lambda _line: None)
    page.goto(f"{page.base}/")
    page.click("[data-testid=link-opendata]")
    page.wait_for_selector("[data-testid=datasets]")
    assert page.inner_text("[data-testid=opendata-title]") == "公共数据开放平台"
    assert axe(page) == []

    page.fill("input[name=q]", "公厕")
    page.click("[data-testid=opendata-filters] button[type=submit]")
    page.wait_for_selector("tr[data-dataset=public-toilets]")
    assert page.locator("tbody tr[data-dataset]").count() == 1

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: one card a dataset
    row = page.locator("tr[data-dataset=public-toilets]")
    assert row.evaluate("r => getComputedStyle(r).display") == "flex"
    assert row.locator("td").first.get_attribute("data-label") == "发布部门"
    shot(page, "opendata-catalogue-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.goto(f"{page.base}/opendata/figures-catalogue/")
    page.locator("[data-testid=chart] canvas").first.wait_for(state="attached")
    assert axe(page) == []
    shot(page, "opendata-figure-dataset")

    page.goto(f"{page.base}/opendata/public-toilets/")
    with page.expect_download() as download:
        page.click("[data-testid=download-csv]")
    assert download.value.suggested_filename.startswith("open-data-public-toilets-")
    page.reload()
    assert "已下载 1 次" in page.inner_text("[data-testid=download-csv]")
    assert "南长街公厕" in page.inner_text("[data-testid=preview]")
