"""The open data downloads: every dataset as CSV and .xlsx, equal to the API's JSON, with
the same filters; no personal data in them or on the page."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from onething.dashboard.selectors.datasets import DATASETS

from .conftest import OPEN_DATA

FILTERS = {"date_from": "2024-01-01", "date_to": "2026-12-31", "region": "320200"}
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def as_text(value):
    return "" if value is None else str(value)


def csv_rows(body):
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("key", list(DATASETS))
def test_csv_and_xlsx_equal_the_api(anonymous, key):
    client = anonymous("en")
    api = client.get(f"{OPEN_DATA}/{key}", FILTERS).json()
    keys = [c["key"] for c in api["columns"]]
    expected = [[row[k] for k in keys] for row in api["rows"]]

    answer = client.get(f"/figures/data/{key}.csv", FILTERS)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert f'filename="open-data-{key}-' in answer["Content-Disposition"]
    header, *rows = csv_rows(answer.content)
    assert header == keys
    assert rows == [[as_text(v) for v in row] for row in expected]

    answer = client.get(f"/figures/data/{key}.xlsx", FILTERS)
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == keys
    assert rows == [[None if v == "" else v for v in row] for row in expected]
    numbers = [v for row in rows for v in row if not isinstance(v, str) and v is not None]
    assert all(isinstance(v, int | float) for v in numbers)  # rates stay numbers in Excel


def test_bad_download_requests(anonymous):
    client = anonymous("en")
    assert client.get("/figures/data/cases-by-colour.csv").status_code == 404
    assert client.get("/figures/data/cases-by-month.pdf").status_code == 404
    inverted = client.get(
        "/figures/data/cases-by-month.csv", {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert inverted.status_code == 422
    assert "date_to" in inverted.content.decode()
    assert client.get("/figures/data/bundles.xlsx", {"region": "9"}).status_code == 422


def test_no_personal_data_on_the_page_or_in_the_downloads(anonymous, submit):
    case = submit()  # 张伟's application, his identity number in its form
    form_id = "11010519491231002X"
    client = anonymous()
    texts = [client.get("/figures/").content.decode()]
    for key in DATASETS:
        texts.append(client.get(f"/figures/data/{key}.csv").content.decode("utf-8-sig"))
        texts.append(client.get(f"{OPEN_DATA}/{key}").content.decode())
    for text in texts:
        assert form_id not in text and case["number"] not in text
        assert "张伟" not in text and "zhangwei" not in text
        assert not ID_NUMBER.search(text), ID_NUMBER.search(text).group(0)
        assert not PHONE.search(text), PHONE.search(text).group(0)
