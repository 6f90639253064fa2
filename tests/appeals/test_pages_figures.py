"""The public figures page: anyone reads the demo city's figures (the counts of the two
programmes come from the records), filters them (a bad filter is a 422 beside the field, a
period with nothing a message) and downloads them as CSV and .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from onething.appeals.selectors import appeal_figures, figures_rows


@pytest.mark.demo_city
def test_anyone_reads_the_figures_of_both_programmes(city):
    page = city.client().get("/appeals/figures/")
    assert page.status_code == 200
    figures = appeal_figures(None)
    total = figures["overall"]["total"]
    assert f'data-testid="total" data-value="{total}">{total:,}<'.encode() in page.content
    by_programme = {r["key"]: r["total"] for r in figures["by_programme"]}
    assert by_programme["wunanshi"] >= 307 and by_programme["weixingfu"] >= 1291
    for code, count in by_programme.items():
        cell = f'data-testid="count-programme-{code}" data-value="{count}">{count:,}<'
        assert cell.encode() in page.content
    for table in ("type", "channel", "programme", "department"):
        assert f'data-testid="table-{table}"'.encode() in page.content
    assert b"vendor/echarts/echarts.min.js" in page.content
    # every script and stylesheet from our own static files, none from another host
    assert not re.search(rb'(src|href)="(https?:)?//', page.content)


@pytest.mark.demo_city
def test_one_programme_filtered(city):
    query = "/appeals/figures/?programme=wunanshi&date_to=2025-06-30"  # as of the seed
    page = city.client("zhangwei", "en").get(query)
    assert page.status_code == 200
    overall = appeal_figures(None, programme="wunanshi", date_to=dt.date(2025, 6, 30))["overall"]
    assert overall["total"] == 307
    assert b'data-testid="total" data-value="307">307<' in page.content
    assert f'data-testid="on-time-rate">{overall["on_time_rate"]}%<'.encode() in page.content
    assert f'data-testid="completion-rate">{overall["completion_rate"]}%<'.encode() in page.content
    weixingfu = appeal_figures(None, programme="weixingfu")["overall"]
    page = city.client().get("/appeals/figures/?programme=weixingfu")
    total = weixingfu["total"]
    assert f'data-value="{total}">{total:,}<'.encode() in page.content  # 1,291 in the demo
    assert f'data-testid="satisfaction-rate">{weixingfu["satisfaction_rate"]}%<'.encode() in (
        page.content
    )


def test_bad_filters_are_named_never_a_500(city):
    client = city.client(language="en")
    reversed_range = client.get("/appeals/figures/?date_from=2025-06-01&date_to=2025-01-01")
    assert reversed_range.status_code == 422
    assert b'data-field="date_to"' in reversed_range.content
    for query, field in (
        ("date_from=2025-13-45", "date_from"),
        ("programme=nothing", "programme"),
        ("type=rumour", "type"),
        ("region=999999", "region"),
    ):
        answer = client.get(f"/appeals/figures/?{query}")
        assert answer.status_code == 422, query
        assert f'data-field="{field}"'.encode() in answer.content
    # no export of a refused filter
    bad_export = client.get("/appeals/figures/?date_from=2025-06-01&date_to=2025-01-01&export=csv")
    assert bad_export.status_code == 422


def test_a_period_with_no_appeals_says_so(city):
    answer = city.client(language="en").get(
        "/appeals/figures/?date_from=2001-01-01&date_to=2001-12-31"
    )
    assert answer.status_code == 200
    assert b'data-testid="no-data"' in answer.content
    assert b"No appeals in this period." in answer.content


def test_the_figures_download_as_csv_and_xlsx(city):
    client = city.client()
    headers, rows = figures_rows(appeal_figures(None, programme="weixingfu"))
    answer = client.get("/appeals/figures/?programme=weixingfu&export=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert table[0] == headers and len(table) == len(rows) + 1
    overall = dict(zip(table[0], table[1], strict=True))
    assert overall["dimension"] == "overall" and int(overall["total"]) == rows[0][3]

    book = load_workbook(
        io.BytesIO(client.get("/appeals/figures/?programme=weixingfu&export=xlsx").content)
    )
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == headers and len(values) == len(rows) + 1
    assert values[1][3] == rows[0][3]
