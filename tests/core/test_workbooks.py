"""Core's workbook of parents and children (core/workbooks.py), the one download document of
the API (core/exports.py), the one inline read as child rows (core/formsets.py) and the one
tuple of staff roles, without the database."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from onething.core.errors import ValidationFailed
from onething.core.exports import XLSX_TYPE, download_doc
from onething.core.formsets import ChildRowsFormSet
from onething.core.models import Role, WorkdayScheduleDay, WorkdayScheduleYear
from onething.core.permissions import STAFF_ROLES
from onething.core.workbooks import Book, Sheet
from onething.core.xlsx import cell_text
from onething.core.xlsx_rows import codes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _year(at, cells: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": cell_text(cells["code"]),
        "source": cell_text(cells["source"]),
        "tags": codes(cells["tags"]),
        "open": at.boolean("open", cells["open"], True),
    }


def _day(at, cells: dict[str, Any]) -> dict[str, Any]:
    return {"date": cell_text(cells["date"]), "kind": cell_text(cells["kind"])}


BOOK = Book(
    parents=Sheet("years", ["code", "source", "tags", "open"], WorkdayScheduleYear, "y{}".format),
    children=Sheet(
        "days", ["year_code", "date", "kind", "extra"], WorkdayScheduleDay, "d{}".format
    ),
    children_key="days",
    parent_column="year_code",
    read_parent=_year,
    read_child=_day,
    unknown_parent="No year %(c)s.",
    twice="%(c)s twice (also %(m)s).",
    notes={"source": "Where from."},
    lists={"tags"},
    json={"extra"},
    booleans={"open"},
    wide={"source"},
    widths=(30, 10),
)


def sheets(body: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    try:
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    finally:
        book.close()


def test_a_cell_is_written_as_its_column_says():
    assert BOOK.cell("tags", ["a", "b"]) == "a,b"
    assert BOOK.cell("tags", []) is None
    assert BOOK.cell("extra", {"b": 1, "a": "甲"}) == '{"a": "甲", "b": 1}'
    assert BOOK.cell("extra", []) is None
    assert BOOK.cell("source", "a\x00b") == "ab"
    assert BOOK.cell("source", "\x01") is None
    assert BOOK.cell("open", False) is False


def test_the_workbook_has_both_sheets_and_a_readme_and_reads_back():
    rows = [
        {"code": "2030", "source": "=notice", "tags": ["x"], "open": True, "days": []},
        {"code": "2031", "source": "n", "tags": [], "open": False, "days": [{"date": "d1"}]},
    ]
    body = BOOK.write(rows)
    book = sheets(body)
    assert list(book) == ["years", "days", "readme"]
    assert book["years"][1] == ("2030", "=notice", "x", True)  # a formula-like text as text
    assert book["days"] == [("year_code", "date", "kind", "extra"), ("2031", "d1", None, None)]
    readme = {(sheet, column): (label, note) for sheet, column, label, note in book["readme"][1:]}
    assert readme["years", "source"] == ("source", "Where from.")
    assert readme["years", "open"] == ("open", "TRUE / FALSE")  # no such field: its key
    assert readme["days", "kind"] == ("kind", "holiday / workday")  # the field's choices
    assert readme["days", "year_code"] == ("year_code", None)
    widths = load_workbook(io.BytesIO(body))["years"].column_dimensions
    assert (widths["A"].width, widths["B"].width) == (10, 30)
    parsed = BOOK.read(body)
    assert parsed.problems == [] and parsed.row_numbers == [2, 3]
    assert parsed.rows[1]["days"] == [{"date": "d1", "kind": ""}]
    assert parsed.child_rows == {2: [], 3: [2]}


def test_cell_problems_are_named_by_sheet_and_row_and_mark_the_parent():
    rows = [
        {"code": "2030", "source": "s", "tags": [], "open": True, "days": [{"date": "d1"}]},
        {"code": "2030", "source": "s", "tags": [], "open": True, "days": []},
    ]
    body = BOOK.write(rows)
    # an unknown parent, and a parent's cell that is not TRUE or FALSE
    book = load_workbook(io.BytesIO(body))
    book["days"].append(["1999", "d2"])
    book["years"]["D2"] = "maybe"
    out = io.BytesIO()
    book.save(out)
    parsed = BOOK.read(out.getvalue())
    assert [(p.field, p.rule) for p in parsed.problems] == [
        ("y2.open", "boolean"),
        ("y3.code", "unique"),
        ("d3.year_code", "unknown"),
    ]
    assert parsed.problems[1].message == "2030 twice (also 2)."
    assert parsed.faulty == {2, 3}
    with pytest.raises(ValidationFailed):
        BOOK.read(b"not a workbook")


def test_an_xlsx_download_is_documented_once():
    assert download_doc("The workbook") == {
        "responses": {
            200: {
                "description": "The workbook",
                "content": {XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }
    both = download_doc("Table", ("csv", "xlsx"))["responses"][200]["content"]
    assert json.dumps(list(both)) == json.dumps(["text/csv", XLSX_TYPE])


def test_the_kept_child_rows_are_the_filled_ones_in_their_order():
    def form(**data):
        return SimpleNamespace(cleaned_data=data)

    rows = ChildRowsFormSet.__new__(ChildRowsFormSet)
    rows.key = "key"
    second, first, third = form(key="b", order=2), form(key="a", order=1), form(key="c")
    rows.forms = [
        second,
        form(key="", order=0),  # an empty extra line
        first,
        form(key="x", order=0, DELETE=True),
        SimpleNamespace(),  # not cleaned
        third,
    ]
    assert rows.kept() == [third, first, second]


def test_staff_are_the_window_the_departments_their_supervisors_and_administrators():
    assert set(STAFF_ROLES) == {Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN}
