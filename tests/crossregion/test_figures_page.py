"""The public figures page of the cross-region service: it shows the seed's figures as the
cases give them, exports each table, and answers bad filters with 422 and the reason."""

import csv
import datetime as dt
import io
import json
import random
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onething.cases.services.materials import material_upload
from onething.core import clock
from onething.core.generate import chinese_name, resident_id
from onething.crossregion.selectors import figures
from onething.crossregion.services.intake import arrival_start, cross_region_intake
from onething.demo.runner import scan

from .conftest import XUEYAN

pytestmark = pytest.mark.demo_city

URL = "/cross-region/figures/"
SEED_VIEW = {"period": "half", "year": "2025", "as_of": "2025-06-30"}


def get(city, language="en", **query):
    return city.client(language=language).get(URL, query)


def table(response, key):
    return next(t for t in response.context["tables"] if t.key == key)


def test_the_url_is_named():
    assert reverse("crossregion-figures") == URL


def test_the_page_shows_the_seed_figures(city):
    page = get(city, **SEED_VIEW)
    assert page.status_code == 200
    html = page.content.decode()
    halves = {row[0]: row[1:] for row in table(page, "periods").rows}
    assert halves["2025, first half"][0] == 113
    assert halves["2021, first half"][1] + halves["2021, second half"][1] == 17
    projection = page.context["projection"]
    assert projection.projected >= 240 and projection.method == "seasonal"
    assert re.search(rf'data-testid="projected">{projection.projected}<', html)
    assert 'data-method="seasonal"' in html and "Seasonal:" in html
    assert ">113<" in html
    years = get(city)
    assert {row[0]: row[2] for row in table(years, "periods").rows}["2021"] == 17
    assert ">17<" in years.content.decode()


def test_the_page_renders_in_chinese_and_english(city):
    zh = get(city, language="zh-hans")
    en = get(city, language="en")
    assert zh.status_code == en.status_code == 200
    assert 'lang="zh-hans"' in zh.content.decode() and 'lang="en"' in en.content.decode()
    assert "办件" in zh.content.decode() and "商事登记" in zh.content.decode()
    assert "Cross-region service in figures" in en.content.decode()


def test_the_chart_is_drawn_from_embedded_json_with_the_local_echarts(city):
    page = get(city, period="half")
    html = page.content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in html and "//cdn" not in html
    data = json.loads(re.search(r'id="xr-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["labels"][0] == "2021, first half"
    assert data["series"][0]["data"] == [r[1] for r in table(page, "periods").rows]


def test_filters_by_the_day_of_submission(city):
    page = get(city, date_from="2025-01-01", date_to="2025-06-30")
    assert page.status_code == 200
    assert page.context["headline"]["cases"] == 113
    assert sum(row[2] for row in table(page, "pairs").rows) == 113
    assert sum(row[1] for row in table(page, "categories").rows) == 113


@pytest.mark.parametrize("key", ["periods", "pairs", "categories", "modes", "start-times"])
def test_each_table_exports_as_csv_and_xlsx(city, key):
    shown = table(get(city, **SEED_VIEW), key)
    answer = get(city, **SEED_VIEW, table=key, export="csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert f"cross-region-{key}" in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == [str(h) for h in shown.headers]
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in shown.rows]
    book = get(city, **SEED_VIEW, table=key, export="xlsx")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet.max_row == len(shown.rows) + 1


def test_the_projection_exports_with_its_method(city):
    answer = get(city, **SEED_VIEW, table="projection", export="csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    year, as_of, so_far, projected, method = rows[1]
    assert (year, as_of, so_far) == ("2025", "2025-06-30", "113")
    assert int(projected) >= 240 and method.startswith("Seasonal")


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"period": "week"}, "period", "Select a valid choice"),
        ({"date_from": "2025-07-01", "date_to": "2025-01-01"}, "date_to", "end is before"),
        ({"date_from": "2025-02-30"}, "date_from", "valid date"),
        ({"as_of": "yesterday"}, "as_of", "valid date"),
        ({"year": "1999"}, "year", "greater than or equal to 2000"),
        ({"year": "twenty"}, "year", "whole number"),
        ({"year": "2025", "as_of": "2024-12-31"}, "as_of", "as of a day in 2025 or later"),
        ({"year": "2099"}, "year", "as of a day in 2099 or later"),
    ],
)
def test_bad_filters_are_422_with_the_reason(city, query, field, message):
    page = get(city, **query)
    assert page.status_code == 422
    html = page.content.decode()
    shown = re.search(rf'data-field="{field}">([^<]*)<', html)
    assert shown and message in shown.group(1)


@pytest.mark.parametrize(
    "query", [{"table": "nope", "export": "csv"}, {"table": "pairs", "export": "pdf"}]
)
def test_a_bad_export_is_422(city, query):
    page = get(city, **query)
    assert page.status_code == 422
    assert "Export one of the tables" in page.content.decode()


def test_one_more_case_through_the_services_moves_the_figures_by_one(city):
    before_half = {p["period"]: p["cases"] for p in figures.by_period("half")}["2025-H1"]
    before = figures.projection(2025, dt.date(2025, 6, 30))
    clerk = city.actor("clerk.hudai")
    rng = random.Random(99)
    with clock.frozen(dt.datetime(2025, 6, 20, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai"))):
        arrival = arrival_start(actor=clerk, ticket_number="A099")
        upload = material_upload(
            actor=clerk, material_type_code="id-card", name="id.pdf", data=scan()
        )
        cross_region_intake(
            actor=clerk,
            mode="proxy",
            handling_region_code=XUEYAN,
            id_number=resident_id(rng),
            name=chinese_name(rng),
            item_code="320200-SB-002",
            form={"phone": "13900001111", "start_month": "2025-07"},
            material_ids=[upload.pk],
            arrival_id=arrival.pk,
        )
    after_half = {p["period"]: p["cases"] for p in figures.by_period("half")}["2025-H1"]
    assert after_half == before_half + 1 == 114
    assert figures.projection(2025, dt.date(2025, 6, 30)).so_far == before.so_far + 1
    page = get(city, **SEED_VIEW)
    halves = {row[0]: row[1] for row in table(page, "periods").rows}
    assert halves["2025, first half"] == 114


def test_the_modes_carry_the_seeds_five_names(city):
    """Every mode with the seed's terms, 收办分离 and 代收代办 shown as the one routing they
    are, 高效协同 counted in its own row; its data checks in their own table."""
    page = get(city, language="zh-hans", date_from="2025-01-01", date_to="2025-06-30")
    rows = table(page, "modes").rows
    assert [row[0] for row in rows] == ["收办分离、代收代办", "全程网办", "高效协同", "两地联办"]
    assert "两种叫法、同一种流转" in rows[0][1]
    assert rows[2][2] > 0 and sum(row[2] for row in rows) == 113
    html = page.content.decode()
    assert "高效协同" in html and 'data-testid="table-checks"' in html
    checks = table(page, "checks").rows
    assert checks and all(row[1] >= row[2] >= row[3] for row in checks)
