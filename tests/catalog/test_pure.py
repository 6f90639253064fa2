"""Pure rules of the catalogue's pages and workbook, without the database: money, the
form preview, reading cells, and reading a workbook (layout and cell problems)."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from onething.catalog.formschema import fields
from onething.catalog.views.display import channels, fee, field_preview
from onething.catalog.xlsx import ITEM_COLUMNS, MATERIAL_COLUMNS, number, parse_workbook
from onething.core.errors import ValidationFailed
from onething.core.numbers import yuan
from onething.core.xlsx_rows import boolean, codes
from onething.core.xlsx_rows import cell_text as text

from .books import book, cell, demo_rows, edited


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("fen", "shown"),
    [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (2000, "¥20.00"),
        (55000, "¥550.00"),
        (123456789, "¥1,234,567.89"),
    ],
)
def test_yuan_is_exact(fen, shown):
    assert yuan(fen) == shown


def test_fee_and_channels():
    assert fee(0) == "Free"
    assert fee(2000) == "¥20.00"
    assert channels(True, True) == "Online · At a window"
    assert channels(False, True) == "At a window"


def test_field_preview():
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "title": "名称", "maxLength": 30},
            "id": {"type": "string", "title": "身份证号", "format": "cn-ric"},
            "phone": {"type": "string", "title": "电话", "format": "cn-phone"},
            "on": {"type": "string", "title": "日期", "format": "date"},
            "size": {"type": "integer", "title": "人数", "minimum": 1, "maximum": 9},
            "kind": {"type": "string", "title": "类型", "enum": ["甲", "乙"]},
            "agree": {"type": "boolean", "title": "同意"},
        },
        "required": ["name"],
        "x-order": ["name", "id", "phone", "on", "size", "kind", "agree"],
    }
    previews = [field_preview(f) for f in fields(schema)]
    assert [p.input for p in previews] == [
        "text",
        "text",
        "tel",
        "date",
        "number",
        "select",
        "checkbox",
    ]
    assert previews[0].required and not previews[1].required
    assert previews[0].rules == ["at most 30 characters"]
    assert previews[1].kind == "Resident ID number"
    assert previews[4].rules == ["from 1", "up to 9"]
    assert previews[5].choices == ["甲", "乙"]


def test_cells():
    assert text(None) == "" and text(320211102) == "320211102" and text(15.0) == "15"
    assert text("  a ") == "a"
    assert codes("320211102, 320412114，320282107") == ["320211102", "320412114", "320282107"]
    assert codes(320211102) == ["320211102"] and codes(None) == []
    assert [boolean(v) for v in (True, "FALSE", "是", "否", 1, 0, "yes", None, "")] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        True,
        True,
    ]
    assert boolean("maybe") is None
    assert number("") is None and number(" 5 ") == "5" and number(5) == 5


def test_a_workbook_reads_back_as_the_rows_it_was_written_from():
    rows = demo_rows()
    parsed = parse_workbook(book(rows))
    assert parsed.problems == []
    assert parsed.row_numbers == list(range(2, 2 + len(rows)))
    assert len(parsed.rows) == len(rows)
    for original, read in zip(rows, parsed.rows, strict=True):
        assert read == original


def test_text_that_looks_like_a_formula_stays_text():
    rows = demo_rows()[:1]
    rows[0]["legal_basis"] = '=HYPERLINK("http://x")'
    parsed = parse_workbook(book(rows))
    assert parsed.rows[0]["legal_basis"] == rows[0]["legal_basis"]


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers():
    def edit(wb):
        wb["items"].insert_rows(3, amount=2)
        cell(wb, "items", 6, "online").value = "perhaps"
        cell(wb, "items", 6, "form_schema").value = "{not json"
        cell(wb, "materials", 2, "item_code").value = "NO-SUCH-ITEM"
        cell(wb, "materials", 3, "electronic_accepted").value = "sometimes"

    parsed = parse_workbook(edited(book(demo_rows()), edit))
    assert parsed.row_numbers[:3] == [2, 5, 6]
    assert [(p.field, p.rule) for p in parsed.problems] == [
        ("row 6.online", "boolean"),
        ("row 6.form_schema", "json"),
        ("materials row 2.item_code", "unknown"),
        ("materials row 3.electronic_accepted", "boolean"),
    ]


def _workbook(**sheets) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, header in sheets.items():
        wb.create_sheet(name).append(header)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        (b"", "file", "not_xlsx"),
        (b"code,name\n1,2\n", "file", "not_xlsx"),
        (b"PK\x03\x04 not really a zip", "file", "not_xlsx"),
        (_workbook(Sheet1=["code"]), "items", "missing_sheet"),
        (_workbook(items=ITEM_COLUMNS), "materials", "missing_sheet"),
        (
            _workbook(items=ITEM_COLUMNS, materials=MATERIAL_COLUMNS[:-1]),
            "materials.copies",
            "missing_column",
        ),
        (
            _workbook(items=[c for c in ITEM_COLUMNS if c != "kind"], materials=MATERIAL_COLUMNS),
            "items.kind",
            "missing_column",
        ),
    ],
)
def test_a_workbook_not_in_our_layout_is_refused(body, field, rule):
    with pytest.raises(ValidationFailed) as refused:
        parse_workbook(body)
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (field, rule)
    assert refused.value.status == 422


def test_an_empty_workbook_in_our_layout_has_no_rows():
    parsed = parse_workbook(_workbook(items=ITEM_COLUMNS, materials=MATERIAL_COLUMNS))
    assert parsed.rows == [] and parsed.problems == []


def test_each_missing_required_field_is_named_once():
    from onething.catalog.formschema import form_problems

    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "required": ["a", "b"],
    }
    problems = form_problems(schema, {})
    assert [(p.field, p.rule) for p in problems] == [("form.a", "required"), ("form.b", "required")]
