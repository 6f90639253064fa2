"""Workbooks for the catalogue's tests: the demo catalogue as rows, a workbook from rows,
and the values of a workbook's sheets."""

from __future__ import annotations

import copy
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from onething.catalog.xlsx import workbook_bytes
from onething.demo.catalog import data


def demo_rows() -> list[dict[str, Any]]:
    """The demo catalogue's rows as ``export_row`` gives them (every key present)."""
    rows = copy.deepcopy(data()["items"])
    for row in rows:
        row.setdefault("is_active", True)
        row["regions"], row["life_events"] = sorted(row["regions"]), sorted(row["life_events"])
        for m in row["materials"]:
            m.setdefault("copies", 1)
    return rows


def book(rows: list[dict[str, Any]]) -> bytes:
    return workbook_bytes(rows)


def sheets(body: bytes) -> dict[str, list[tuple]]:
    """Every sheet's rows of values."""
    wb = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    try:
        return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    finally:
        wb.close()


def edited(body: bytes, edit) -> bytes:
    """The workbook after ``edit(workbook)`` (openpyxl, in memory)."""
    wb = load_workbook(io.BytesIO(body))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell(wb: Workbook, sheet: str, row: int, column: str):
    """The cell of ``column`` (by its header) in sheet row ``row``."""
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    return ws.cell(row=row, column=header.index(column) + 1)


def row_of(body: bytes, code: str, sheet: str = "items") -> int:
    """The sheet row (1 = the header) of the first row about item ``code``."""
    return next(n for n, r in enumerate(sheets(body)[sheet], start=1) if r[0] == code)
