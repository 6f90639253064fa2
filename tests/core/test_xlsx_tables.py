"""The one table reader (core/xlsx.py) and the one collector of row problems
(core/xlsx_rows.py), without the database: a named sheet of a workbook of several, the
header checked before any row is read, CSV as a sheet of one, and every row problem of an
all-or-nothing import raised at once, by sheet and row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import sheets_to_xlsx, xlsx_response
from onething.core.services.calendar import schedule_rows
from onething.core.xlsx import open_tables, read_table
from onething.core.xlsx_rows import RowProblems, boolean, cell_text, codes, header_key


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook(**sheets: list[list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as error:
        call()
    return [(p.field, p.rule) for p in error.value.problems]


# --- the reader ------------------------------------------------------------------------


def test_a_named_sheet_of_several_is_read_by_its_header():
    data = workbook(
        first=[["ignored"], ["x"]],
        items=[
            ["Note", " Item Code ", "名称（全称）"],
            ["n", "A-1", "甲"],
            [None, None],
            ["", "B-2"],
        ],
    )
    columns = {"item code": "code", "名称(全称)": "name"}
    assert read_table(data, columns, required={"code"}, sheet="items") == [
        (2, {"code": "A-1", "name": "甲"}),
        (4, {"code": "B-2", "name": None}),
    ]
    assert read_table(data, {"ignored": "i"}) == [(2, {"i": "x"})]  # the first sheet
    assert refused(lambda: read_table(data, columns, sheet="nowhere")) == [
        ("nowhere", "missing_sheet")
    ]


def test_a_named_sheets_missing_columns_are_each_named_on_the_sheet():
    data = workbook(items=[["code", "other"], ["A-1", "x"]])
    with open_tables(data) as tables, pytest.raises(ValidationFailed) as error:
        tables.sheet("items", ["code", "name", "kind"], required=["code", "name", "kind"])
    assert [(p.field, p.rule, p.message) for p in error.value.problems] == [
        ("items.name", "missing_column", "Sheet items has no column name in its first row."),
        ("items.kind", "missing_column", "Sheet items has no column kind in its first row."),
    ]


def test_the_first_sheets_missing_columns_are_one_problem_on_the_upload():
    data = workbook(Sheet=[["姓名"], ["王"]])
    columns = {"姓名": "name", "身份证号": "id", "授予年份": "year", "工作单位": "unit"}
    with pytest.raises(ValidationFailed) as error:
        read_table(data, columns, required={"name", "id", "year"})
    (problem,) = error.value.problems
    assert (problem.field, problem.rule) == ("file", "missing_column")
    assert problem.message == "The first row lacks the columns: 身份证号、授予年份."


def test_the_header_is_checked_before_any_row_is_read():
    rows = [[f"A-{n}"] for n in range(50)]
    # too many rows under a header that lacks a column: the header is what is said
    data = workbook(items=[["code"], *rows], materials=[["item_code"], ["A-1"]])
    assert refused(lambda: read_table(data, ["code", "name"], required=["name"], max_rows=5)) == [
        ("file", "missing_column")
    ]
    # both sheets' headers are checked before the rows of either
    with open_tables(data) as tables:
        items = tables.sheet("items", ["code"], required=["code"], max_rows=5)
        assert refused(
            lambda: tables.sheet("materials", ["item_code", "copies"], required=["copies"])
        ) == [("materials.copies", "missing_column")]
        assert refused(lambda: list(items.rows())) == [("items", "too_many_rows")]


def test_an_empty_upload_a_sheet_without_rows_and_not_a_workbook():
    assert refused(lambda: read_table(b"", ["a"])) == [("file", "required")]
    assert refused(lambda: read_table(workbook(Sheet=[["a"]]), ["a"])) == [("file", "empty")]
    assert refused(lambda: read_table(b"a,b\n1,2\n", ["a"], field="upload")) == [
        ("upload", "not_xlsx")
    ]
    with open_tables(workbook(items=[["code"]])) as tables:
        assert list(tables.sheet("items", ["code"], required=["code"]).rows()) == []


def test_a_csv_file_is_a_workbook_of_one_sheet():
    text = "导出：二月\n\n流水号 , 金额（分）\ns1,1500\n\ns2,7\n"
    columns = {"流水号": "swipe", "金额(分)": "fen"}
    for encoding in ("utf-8-sig", "gb18030"):
        with open_tables(text.encode(encoding), csv=True) as tables:
            table = tables.sheet(None, columns, required={"swipe"}, search=5)
            assert table.written == {"swipe": "流水号", "fen": "金额（分）"}
            assert list(table.rows()) == [
                (4, {"swipe": "s1", "fen": "1500"}),
                (6, {"swipe": "s2", "fen": "7"}),
            ]
    with open_tables("流水号;金额（分）\ns1;1500\n".encode(), csv=True) as tables:
        rows = list(tables.sheet(None, columns).rows())  # the delimiter guessed
        assert rows == [(2, {"swipe": "s1", "fen": "1500"})]
    with open_tables(text.encode(), csv=True) as tables:
        assert refused(lambda: tables.sheet("items", columns)) == [("items", "missing_sheet")]
        assert refused(
            lambda: tables.sheet(None, columns, required={"swipe"}, search=2, missing_message="!")
        ) == [("file", "missing_column")]
    for data, rule in ((b"a\x00b", "not_csv"), (b"\xff\xfe\xff\xfe\x81", "encoding")):
        with open_tables(data, csv=True, invalid_rule="not_csv") as tables:
            assert refused(lambda tables=tables: tables.sheet(None, columns)) == [("file", rule)]
    with open_tables(b"a\n" + b"1\n" * 4, csv=True) as tables:
        table = tables.sheet(None, ["a"], max_rows=3)
        assert refused(lambda: list(table.rows())) == [("file", "too_many_rows")]


def test_the_cell_readers():
    assert cell_text(None) == "" and cell_text(15.0) == "15" and cell_text(" a ") == "a"
    assert cell_text(dt.datetime(2027, 1, 1, 8)) == "2027-01-01T08:00:00"
    assert cell_text(dt.date(2027, 1, 1)) == "2027-01-01" and cell_text(1.5) == "1.5"
    assert header_key(" 金额 （元） ") == "金额(元)" and header_key(None) == ""
    assert codes("a, b，c;d\ne") == ["a", "b", "c", "d", "e"] and codes(320211102.0) == [
        "320211102"
    ]
    assert [boolean(v, False) for v in ("", "否", "✓", 0, 1.0)] == [False, False, True, False, True]
    assert boolean("maybe") is None


# --- the row problems --------------------------------------------------------------------


def test_row_problems_are_listed_by_sheet_then_row_then_as_found():
    problems = RowProblems(lambda n: f"row {n}", lambda n: f"materials row {n}")
    problems.row(7, sheet=1).add("form", "choice", "m")
    problems.add(9, "name", "required", "m")
    at = problems.row(3)
    assert at.boolean("online", "perhaps") is True and at.boolean("on", "否") is False
    at.add("code", "unique", "m")
    problems.extend(2, [FieldProblem("kind", "choice", "m")])
    problems.place(FieldProblem("somewhere", "other", "m"), None)
    problems.place(FieldProblem("row 5.materials[0].form", "choice", "m"), 5)
    assert [p.field for p in problems] == [
        "row 2.kind",
        "row 3.online",
        "row 3.code",
        "row 5.materials[0].form",
        "row 9.name",
        "materials row 7.form",
        "somewhere",
    ]
    with pytest.raises(ValidationFailed) as error:
        problems.raise_any()
    assert len(error.value.problems) == 7 and error.value.status == 422


def test_row_problems_by_field_and_at_most_a_limit():
    problems = RowProblems(by_field=True)
    problems.add(3, "year", "range", "m")
    problems.add(2, "name", "required", "m")
    problems.add(3, "id_number", "checksum", "m")
    assert [p.field for p in problems] == ["rows.2.name", "rows.3.id_number", "rows.3.year"]
    capped = RowProblems(limit=2)
    for n in range(2, 6):
        capped.add(n, "a", "r", "m")
    assert capped.full and [p.field for p in capped] == ["rows.2.a", "rows.3.a"]
    RowProblems().raise_any()  # nothing found: nothing raised


def test_an_import_names_every_bad_row_at_once_and_returns_nothing():
    good = workbook(Sheet=[["日期", "类型", "节日"], ["2027-01-01", "休", "元旦"]])
    assert schedule_rows(good) == [(dt.date(2027, 1, 1), "holiday", "元旦")]
    bad = workbook(Sheet=[["日期", "类型"], ["2027-13-01", "休"], ["2027-01-02", "?"], ["", "班"]])
    assert refused(lambda: schedule_rows(bad)) == [
        ("rows.2.date", "date"),
        ("rows.3.kind", "choice"),
        ("rows.4.date", "date"),
    ]


# --- written by core/exports.py, read back by the reader ----------------------------------


def test_a_workbook_of_several_sheets_writes_formulas_as_text_and_reads_back():
    body = sheets_to_xlsx(
        {"items": [["code", "name"], ["A-1", "=1+2"]], "readme": [["column"], ["code"]]},
        width=lambda header: 40 if header == "name" else 12,
    )
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["items", "readme"] and book["items"].freeze_panes == "A2"
    assert book["items"]["B2"].data_type == "s" and book["items"]["B2"].quotePrefix
    assert book["items"].column_dimensions["B"].width == 40
    rows = read_table(body, ["code", "name"], required=["code", "name"], sheet="items")
    assert rows == [(2, {"code": "A-1", "name": "=1+2"})]
    response = xlsx_response(body, "holiday-schedule", stamped=False)
    assert response["Content-Disposition"] == 'attachment; filename="holiday-schedule.xlsx"'
