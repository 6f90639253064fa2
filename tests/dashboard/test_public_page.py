"""The public figures page: anonymous, its headline equal to the API, a chart per dataset
drawn from embedded JSON with its downloads, the filters checked beside the fields."""

import json
import re

import pytest
from django.utils import timezone

from .conftest import OPEN_DATA

URL = "/figures/"


def headline_on(html):
    """The headline numbers as the page shows them: figure -> text."""
    found = re.findall(
        r'data-figure="([a-z_]+)" data-unit="[^"]*"><strong data-testid="headline-value">([^<]*)<',
        html,
    )
    return dict(found)


def shown(value, unit):
    return "—" if value is None else f"{value}{'%' if unit == '%' else ''}"


def chart(html, key):
    match = re.search(
        rf'<script id="chart-data-{key}" type="application/json">(.*?)</script>', html
    )
    return json.loads(match.group(1)) if match else None


def test_anyone_sees_the_page_and_its_link_in_the_navigation(anonymous):
    answer = anonymous().get(URL)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'<li><a href="{URL}">' in html  # the navigation's link
    assert "vendor/echarts/echarts.min.js" in html and "dashboard/charts.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from another host


def test_the_headline_is_the_api(anonymous):
    html = anonymous().get(URL, {"region": "320211"}).content.decode()
    api = anonymous().get(f"{OPEN_DATA}/headline", {"region": "320211"}).json()["rows"]
    on_page = headline_on(html)
    assert on_page == {r["figure"]: shown(r["value"], r["unit"]) for r in api}
    assert len(on_page) >= 10


@pytest.mark.demo_city
def test_every_chart_has_its_data_and_downloads(anonymous):
    html = anonymous("en").get(URL).content.decode()
    months = anonymous().get(f"{OPEN_DATA}/cases-by-month").json()["rows"]
    drawn = chart(html, "cases-by-month")
    assert drawn["kind"] == "line"
    assert drawn["labels"] == [r["month"] for r in months]
    assert drawn["series"][0]["data"] == [r["cases"] for r in months]
    for key in (
        "cases-by-category",
        "case-rates",
        "crossregion-by-year",
        "bundles",
        "appeals-by-type",
        "cards-by-venue",
        "catalogue",
    ):
        assert chart(html, key) is not None, key
        assert f'href="/figures/data/{key}.csv"' in html
        assert f'href="/figures/data/{key}.xlsx"' in html
    assert chart(html, "cards-by-venue")["kind"] == "pie"
    # where a filter does not apply, the page says so next to the chart
    assert 'data-testid="note-cards-by-venue"' in html
    assert "region filter does not apply" in html


def test_the_download_links_carry_the_filters(anonymous):
    html = anonymous().get(URL, {"date_from": "2025-01-01", "region": "320211"}).content.decode()
    assert 'href="/figures/data/cases-by-month.csv?date_from=2025-01-01&amp;region=320211"' in html


@pytest.mark.demo_city
def test_one_more_case_moves_the_page(anonymous, submit):
    month = timezone.localdate().strftime("%Y-%m")

    def counted():
        html = anonymous().get(URL).content.decode()
        drawn = chart(html, "cases-by-month")
        by_month = dict(zip(drawn["labels"], drawn["series"][0]["data"], strict=True))
        return by_month.get(month, 0), int(headline_on(html)["cases"])

    before = counted()
    submit()
    assert counted() == (before[0] + 1, before[1] + 1)


@pytest.mark.demo_city
def test_a_period_with_no_data_shows_the_message(anonymous):
    answer = anonymous("en").get(URL, {"date_from": "2001-01-01", "date_to": "2001-06-30"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.count("No data for this period") >= 5
    assert chart(html, "cases-by-month") is None and chart(html, "case-rates") is None
    assert chart(html, "cards-by-venue") is None  # the rides of the period: none


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "date_to"),
        ({"region": "999999"}, "region"),
        ({"date_from": "someday"}, "date_from"),
    ],
)
def test_bad_filters_are_422_beside_the_field_with_empty_charts(anonymous, query, field):
    answer = anonymous("en").get(URL, query)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert f'data-field="{field}"' in html
    assert 'data-testid="filters-invalid"' in html
    assert 'data-testid="chart-empty"' in html and "data-chart=" not in html


def test_the_inverted_period_is_explained_in_chinese(anonymous):
    html = anonymous("zh-hans").get(URL, {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert "结束日期早于开始日期" in html.content.decode()
