"""Downloads: every dataset as CSV, .xlsx and JSON, the same rows as the API's, no cell a
formula, each download counted per format and day (on the page, in the catalogue, in the
API), a department's release and a figure dataset alike."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from onething.core import clock
from onething.opendata.models import DownloadTally

from .conftest import API, KEY

FORMATS = ("csv", "xlsx", "json")


def download(client, key, fmt):
    answer = client.get(f"/opendata/{key}/download.{fmt}")
    assert answer.status_code == 200, answer.content[:300]
    assert f'filename="open-data-{key}-' in answer["Content-Disposition"]
    return answer


def table(answer, fmt):
    """(header, rows) of a CSV or .xlsx download."""
    if fmt == "csv":
        header, *rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        return header, rows
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return header, rows


@pytest.fixture
def released(publish):
    assert publish().status_code == 201


def test_a_release_downloads_in_every_format(city, released):
    client = city.client()
    keys = ["code", "name", "longitude", "stalls", "accessible", "opened"]
    header, rows = table(download(client, KEY, "csv"), "csv")
    assert header == keys
    assert rows[0] == ["GC-001", "南长街公厕", "120.3079", "18", "是", "2020-05-01"]
    assert rows[2][1] == '\'=HYPERLINK("http://x")'  # never a formula
    header, rows = table(download(client, KEY, "xlsx"), "xlsx")
    assert header == keys and rows[0][2] == 120.3079 and rows[0][3] == 18
    assert rows[0][5] == dt.datetime(2020, 5, 1)
    sheet = load_workbook(io.BytesIO(download(client, KEY, "xlsx").content)).active
    assert sheet["B4"].data_type == "s" and sheet["B4"].value.startswith("=HYPERLINK")
    body = json.loads(download(client, KEY, "json").content)
    assert body["dataset"] == KEY and body["publisher"]["code"] == "WX-CG"
    assert body["release"]["number"] == 1 and body["release"]["row_count"] == 3
    assert [f["key"] for f in body["fields"]] == keys
    api_rows = client.get(f"{API}/datasets/{KEY}/rows").json()["rows"]
    assert body["rows"] == api_rows


def test_every_download_is_counted_per_format(city, released):
    client = city.client()
    for fmt, times in (("csv", 2), ("xlsx", 1), ("json", 3)):
        for _ in range(times):
            download(client, KEY, fmt)
    counts = client.get(f"{API}/datasets/{KEY}/downloads").json()
    assert counts["totals"] == {"total": 6, "by_format": {"csv": 2, "xlsx": 1, "json": 3}}
    today = clock.today().isoformat()
    assert counts["days"] == [
        {"day": today, "total": 6, "by_format": {"csv": 2, "xlsx": 1, "json": 3}}
    ]
    assert DownloadTally.objects.filter(dataset__key=KEY).count() == 3  # one row a format
    entry = client.get(f"{API}/datasets/{KEY}").json()
    assert entry["downloads"]["total"] == 6
    page = client.get(f"/opendata/{KEY}/").content.decode()
    assert 'data-testid="download-json"' in page and "已下载 3 次" in page
    assert "累计下载 6 次" in page


def test_counts_are_kept_per_day(city, released):
    client = city.client()
    with clock.frozen(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        download(client, KEY, "csv")
    download(client, KEY, "csv")
    days = client.get(f"{API}/datasets/{KEY}/downloads").json()["days"]
    assert [d["day"] for d in days] == [clock.today().isoformat(), "2026-03-01"]
    window = client.get(
        f"{API}/datasets/{KEY}/downloads", {"date_from": "2026-03-01", "date_to": "2026-03-01"}
    ).json()
    one = {"day": "2026-03-01", "total": 1, "by_format": {"csv": 1, "xlsx": 0, "json": 0}}
    assert window["days"] == [one]
    assert window["totals"]["total"] == 2
    inverted = client.get(
        f"{API}/datasets/{KEY}/downloads", {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert inverted.status_code == 422 and "date_to" in inverted.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_figure_dataset_downloads_its_live_rows(city, opendata, fmt):
    client = city.client("admin", "en")
    key = "figures-catalogue"
    api = client.get(f"{API}/datasets/{key}/rows").json()
    answer = download(client, key, fmt)
    if fmt == "json":
        assert json.loads(answer.content)["rows"] == api["rows"]
    else:
        header, rows = table(answer, fmt)
        assert header == api["fields"]
        assert len(rows) == len(api["rows"]) > 0
        assert [r[0] for r in rows] == [r["category_code"] for r in api["rows"]]
    assert DownloadTally.objects.get(dataset__key=key, format=fmt).count == 1


def test_an_unknown_format_or_dataset_is_not_found_and_not_counted(city, released):
    client = city.client()
    assert client.get(f"/opendata/{KEY}/download.pdf").status_code == 404
    assert client.get("/opendata/no-such-thing/download.csv").status_code == 404
    assert not DownloadTally.objects.filter(dataset__key=KEY).exists()


def test_the_empty_template_is_headed_by_the_labels(city, opendata):
    answer = city.client().get(f"/opendata/{KEY}/template.xlsx")
    assert answer.status_code == 200
    header, rows = table(answer, "xlsx")
    assert header == ["编号", "名称", "经度", "厕位数", "无障碍设施", "启用日期"] and rows == []
    assert city.client().get("/opendata/figures-catalogue/template.xlsx").status_code == 409
