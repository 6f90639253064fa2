"""The public figures page in a real browser (zh-hans): every chart is drawn on a canvas,
the headline numbers are those of the open data API, and a download gives the API's rows."""

import csv
import io
import json
import urllib.request

import pytest

from tests.browser import shot
from tests.cases.conftest import FORM, ITEM, Api

pytestmark = pytest.mark.browser


def api_json(base, path):
    with urllib.request.urlopen(f"{base}{path}", timeout=15) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


def test_the_figures_page_draws_its_charts_and_downloads(page, transactional_city):
    # one application through the API, so the case charts have something to draw
    zhang = Api(transactional_city, "zhangwei")
    ids = zhang.uploads("id-card", "application-form", "premises-proof")
    answer = zhang.post("/api/cases", {"item_code": ITEM, "form": FORM, "materials": ids})
    assert answer.status_code == 201, answer.content

    page.goto(f"{page.base}/")
    page.click('.nav-links a[href="/figures/"]')
    page.wait_for_selector("[data-testid=headline]")
    assert page.get_attribute("html", "lang") == "zh-hans"

    charts = page.locator("[data-testid=chart]")
    assert charts.count() >= 4  # cases by month and by category, the rates, the catalogue
    for i in range(charts.count()):
        charts.nth(i).locator("canvas").first.wait_for(state="attached")
    drawn = {
        charts.nth(i).get_attribute("data-chart").removeprefix("chart-data-")
        for i in range(charts.count())
    }
    assert {"cases-by-month", "cases-by-category", "case-rates", "catalogue"} <= drawn
    empty = page.locator("[data-testid=chart-empty]")
    for i in range(empty.count()):  # nothing to draw yet: said so, no broken chart
        assert empty.nth(i).inner_text().strip()
    shot(page, "city-figures")

    headline = api_json(page.base, "/api/open-data/headline")["rows"]
    for row in headline:
        text = page.inner_text(f"[data-figure={row['figure']}] [data-testid=headline-value]")
        if row["value"] is None:
            assert text == "—"
        else:
            # the page shows one decimal (84.7%), the API the value (84.67)
            assert float(text.rstrip("%").replace(",", "")) == pytest.approx(
                row["value"], abs=0.05
            ), row
    assert next(r for r in headline if r["figure"] == "cases")["value"] >= 1

    with page.expect_download() as event:
        page.click("[data-testid=download-cases-by-month-csv]")
    with open(event.value.path(), encoding="utf-8-sig") as body:
        header, *rows = list(csv.reader(io.StringIO(body.read())))
    api = api_json(page.base, "/api/open-data/cases-by-month")
    assert header == [c["key"] for c in api["columns"]]
    assert [r[0] for r in rows] == [r["month"] for r in api["rows"]]
    assert [int(r[1]) for r in rows] == [r["cases"] for r in api["rows"]]
