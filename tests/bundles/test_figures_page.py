"""The public figures page's 高效办成一件事 section: the one-things each level lists (from
the catalogue), the runs each level took in within the period (a bar chart), and the key
items' total in 万 as the seed writes it — 上半年 for a first half-year — all counted
from the roll-up."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onething.bundles.generate import runs_generate

pytestmark = pytest.mark.django_db

H1 = {"date_from": "2025-01-01", "date_to": "2025-06-30"}


@pytest.fixture
def handled_h1(city):
    """12,345 runs of two key items and 55 of the city's own, in the first half of 2025."""
    runs_generate(
        counts={"YJS-320200-GR-004": 10_000, "YJS-320200-QY-009": 2_345, "YJS-320281-QY-001": 55},
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 6, 30),
        seed=8,
        applicants=40,
    )


def section(html: str) -> str:
    return html.split('data-testid="onething"')[1].split("</section>")[0]


def test_the_first_half_year_in_the_seeds_words(city, handled_h1):
    page = city.client().get("/figures/", H1)
    assert page.status_code == 200
    part = section(page.content.decode())
    assert "高效办成一件事" in part
    sentence = part.split('data-testid="onething-sentence"')[1].split("</p>")[0]
    assert "重点事项29项" in sentence and "上半年累计办理1.2万件" in sentence
    levels = dict(re.findall(r'data-testid="onething-level-(\w+)" data-bundles="(\d+)"', part))
    assert levels == {"national": "21", "provincial": "8", "city": "30"}
    started = dict(
        re.findall(r'onething-level-(\w+)" data-bundles="\d+" data-started="(\d+)"', part)
    )
    assert started == {"national": "10000", "provincial": "2345", "city": "55"}
    assert "共59个“一件事”" in part
    chart = json.loads(part.split('id="chart-data-onething"')[1].split(">", 1)[1].split("<")[0])
    assert chart["kind"] == "bar" and chart["labels"] == ["国家级", "省级", "市级"]
    assert chart["series"][0]["data"] == [10_000, 2_345, 55]
    assert "/api/figures/bundles/handled?date_from=2025-01-01&amp;date_to=2025-06-30" in part


def test_another_period_says_so_and_an_empty_one_draws_nothing(city, handled_h1):
    march = city.client().get("/figures/", {"date_from": "2025-03-01", "date_to": "2025-03-31"})
    part = section(march.content.decode())
    assert "期间累计办理" in part and "上半年" not in part
    before = section(
        city.client()
        .get("/figures/", {"date_from": "2020-01-01", "date_to": "2020-06-30"})
        .content.decode()
    )
    assert "上半年累计办理0.0万件" in before
    assert 'data-testid="onething-chart"' not in before and "该时段暂无数据" in before


def test_bad_filters_show_no_section(city):
    page = city.client().get("/figures/", {"date_from": "2025-07-01", "date_to": "2025-06-30"})
    assert page.status_code == 422 and 'data-testid="onething"' not in page.content.decode()


def test_the_section_reads_in_english_too(city, handled_h1):
    part = section(city.client(None, "en").get("/figures/", H1).content.decode())
    assert "29 key items taken on; 12,345 applications (1.2 ten thousand)" in part


def test_the_list_and_the_figures_read_the_roll_up_not_the_runs(city, handled_h1):
    for url, query in (
        ("/api/figures/bundles/handled", H1),
        ("/one-things/", {}),
        ("/one-things/", {"level": "national"}),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert city.client().get(url, query).status_code == 200
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        assert "bundles_bundlerun" not in tables, url
    with CaptureQueriesContext(connection) as queries:
        city.client().get("/api/figures/bundles/handled", H1)
    assert any("bundles_bundletally" in q["sql"] for q in queries.captured_queries)
