"""Exports never become formulas (OWASP "CSV injection"): a text starting with = + - @, a
tab or a carriage return is shown as the text it is, in CSV (behind a single quote) and in
.xlsx (a string cell with the quote prefix), through the one helper in core/exports.py that
every writer uses; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from onething.appeals.services.intake import appeal_submit
from onething.bundles.xlsx import workbook_bytes as bundles_workbook
from onething.catalog.models import ServiceItem
from onething.catalog.xlsx import workbook_bytes as catalogue_workbook
from onething.core.exports import (
    csv_value,
    formula_like,
    rows_to_csv,
    rows_to_xlsx,
    sheet_append,
)
from onething.core.permissions import SYSTEM

HYPERLINK = '=HYPERLINK("http://x","y")'
FORMULAS = [HYPERLINK, "=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
PLAIN = ["", "text", "路灯不亮", "-5", "+3.2%", "-1,234.56", "a=b", "1+1"]


def csv_cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def cells(body: bytes, sheet: str | None = None):
    book = load_workbook(io.BytesIO(body))
    return book[sheet] if sheet else book.active


# --- the helper, pure ------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_like_text_is_recognised(text):
    assert formula_like(text)
    assert csv_value(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_other_texts_and_signed_numbers_are_left_alone(text):
    assert not formula_like(text)
    assert csv_value(text) == text


def test_numbers_stay_numbers_in_csv():
    assert csv_value(-5) == -5 and csv_value(Decimal("-1.5")) == Decimal("-1.5")
    rows = csv_cells(rows_to_csv(["a", "b", "c"], [[-5, Decimal("-1.50"), HYPERLINK]]))
    assert rows[1] == ["-5", "-1.50", "'" + HYPERLINK]


def test_the_csv_quotes_every_formula_like_cell_headers_too():
    rows = csv_cells(rows_to_csv(["=head"], [[text] for text in FORMULAS + PLAIN]))
    assert rows[0] == ["'=head"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in FORMULAS] + PLAIN


def test_the_xlsx_writes_formula_like_texts_as_literal_strings():
    body = rows_to_xlsx(["=head", "n"], [[text, -5] for text in FORMULAS + PLAIN], "t")
    sheet = cells(body)
    assert sheet["A1"].value == "=head" and sheet["A1"].data_type == "s"
    column = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in column] == FORMULAS + [t or None for t in PLAIN]
    for row in column:
        assert row[0].data_type != "f"
        assert row[1].value == -5 and row[1].data_type == "n"
    for row in column[: len(FORMULAS)]:
        assert row[0].data_type == "s" and row[0].quotePrefix  # stays text when edited


def test_the_helper_serves_ordinary_sheets_and_drops_characters_xml_cannot_hold():
    book = Workbook()
    sheet_append(book.active, [HYPERLINK, "bell\x07", 7])
    out = io.BytesIO()
    book.save(out)
    row = next(cells(out.getvalue()).iter_rows())
    assert [c.value for c in row] == [HYPERLINK, "bell", 7]
    assert row[0].data_type == "s" and row[2].data_type == "n"


# --- through the pages ------------------------------------------------------------------


@pytest.fixture
def hyperlinked(city):
    return appeal_submit(
        actor=SYSTEM,
        channel="hotline",
        type="demand",
        category_code="other",
        title=HYPERLINK,
        text="=cmd|' /C calc'!A0 标题和正文都像公式。",
        region_code="320213006",
        contact_name="李娜",
        contact_phone="13912345678",
    )


def test_the_dispatchers_export_shows_a_formula_title_as_text(city, hyperlinked):
    dispatcher = city.client("dispatcher")
    answer = dispatcher.get("/appeals/dispatch/", {"export": "csv", "q": hyperlinked.number})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = csv_cells(answer.content)
    row = next(r for r in rows[1:] if r[0] == hyperlinked.number)
    assert row[1] == "'" + HYPERLINK

    answer = dispatcher.get("/appeals/dispatch/", {"export": "xlsx", "q": hyperlinked.number})
    assert answer.status_code == 200
    sheet = cells(answer.content)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == hyperlinked.number)
    assert row[1].value == HYPERLINK and row[1].data_type == "s" and row[1].quotePrefix
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_the_catalogue_export_shows_a_formula_name_as_text(city):
    item = ServiceItem.objects.order_by("code").first()
    ServiceItem.objects.filter(pk=item.pk).update(name=HYPERLINK, legal_basis="@SUM(1)")
    answer = city.client("admin", "en").get("/api/catalog/export")
    assert answer.status_code == 200
    sheet = cells(answer.content, "items")
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == item.code)
    name, basis = row[header.index("name")], row[header.index("legal_basis")]
    assert (name.value, name.data_type) == (HYPERLINK, "s")
    assert (basis.value, basis.data_type) == ("@SUM(1)", "s")
    assert all(
        c.data_type != "f"
        for s in ("items", "materials", "readme")
        for r in cells(answer.content, s).iter_rows()
        for c in r
    )


def test_the_catalogue_and_bundle_workbooks_use_the_same_helper():
    body = catalogue_workbook(
        [{"code": "X-1", "name": "=1+2", "life_events": [], "regions": [], "materials": []}]
    )
    row = cells(body, "items")[2]
    assert (row[1].value, row[1].data_type) == ("=1+2", "s")
    body = bundles_workbook([{"code": "YJS-1", "name": "-2+3", "steps": []}])
    row = cells(body, "bundles")[2]
    assert (row[1].value, row[1].data_type, row[1].quotePrefix) == ("-2+3", "s", True)


def test_every_writer_goes_through_the_one_helper():
    """CSV is written only in core/exports.py; every module making a workbook appends its
    rows through ``sheet_append`` or ``rows_to_xlsx`` (the demo's generated uploads aside:
    they are the importer's input, not an export)."""
    import pathlib

    import onething

    root = pathlib.Path(onething.__file__).parent
    sources = {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in root.rglob("*.py")
        if not str(p.relative_to(root)).startswith("demo/")
    }
    assert [name for name, text in sources.items() if "csv.writer" in text] == ["core/exports.py"]
    for name, text in sources.items():
        if "Workbook(" in text:
            assert "sheet_append" in text, name
            assert name == "core/exports.py" or not re.search(r"\bsheet\.append\(", text), name
