"""The figures pages read as one format and say what each column holds: the batches'
column of dates is their deadline (not 时限状态); the public figures' tables show names and
counts with thousands separators, never the datasets' codes (those stay in the downloads)."""

from __future__ import annotations

import datetime as dt
import re

from onething.appeals.services.supervision import batch_create
from onething.dashboard.views import public
from tests.dashboard.test_operations import pool_page


def test_the_batches_date_column_is_headed_as_their_deadline(city):
    deadline = dt.date(2026, 12, 31)
    batch_create(actor=city.actor("supervisor"), number=77, title="第77批", deadline=deadline)
    text = city.client("supervisor").get("/figures/operations/").content.decode()
    table = text.split('data-testid="batches"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", table)
    assert headers[1] == "批次截止日期" and "时限状态" not in headers
    row = table.split("第77批", 1)[1].split("</tr>", 1)[0]
    assert f"<td>{deadline.isoformat()}</td>" in row


def test_the_pool_and_the_counts_read_in_one_format(city, monkeypatch):
    text = pool_page(city, monkeypatch, warning=False, language="zh-hans")
    assert 'data-testid="pool-available">¥1,234,567.89<' in text
    assert 'data-testid="pool-threshold">¥2,000,000.00<' in text


def test_a_figure_cell_has_separators_and_a_period_none():
    assert public._cell(12345, "") == "12,345"
    assert public._cell(87.5, "%") == "87.5%"
    assert public._cell(2025, "", "year") == "2025"
    assert public._cell("2025-01", "", "month") == "2025-01"
    assert public._cell(None, "") == "—"


def test_the_public_figures_tables_show_no_codes(city):
    text = city.client().get("/figures/").content.decode()
    tables = re.findall(r'<table class="striped city-table".*?</table>', text, re.S)
    assert tables
    for table in tables:
        assert '<th scope="col">编码</th>' not in table
    # the codes are in the downloads
    rows = city.client().get("/figures/data/catalogue.csv").content.decode("utf-8-sig")
    assert "category_code" in rows.splitlines()[0]
