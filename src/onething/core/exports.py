"""Every list exports: the same rows as CSV (UTF-8 with BOM, so Excel opens Chinese text
right) or as .xlsx (openpyxl).

Every export and every workbook the platform writes goes through :func:`csv_value` or
:func:`sheet_append` (:func:`rows_to_csv` and :func:`rows_to_xlsx` for a list,
:func:`sheets_to_xlsx` for a workbook of several sheets), so a text that a spreadsheet
would take for a formula (OWASP "CSV injection": one starting with ``= + - @``, a tab or
a carriage return, such as an appeal titled ``=HYPERLINK(...)``) is only ever shown as the
text it is. In CSV it is prefixed with a single quote; in .xlsx it is written as a string
cell with Excel's quote prefix (shown literally, and still text when edited). Numbers stay
numbers, and a text that is just a signed number (``-5``, ``+3.2%``) is left as it is: no
spreadsheet runs it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)*%?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula (or start one from it)."""
    return text.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(text)


def csv_value(value: Any) -> Any:
    """A cell for CSV: a formula-like text behind a single quote, anything else as is."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def xlsx_value(sheet: Any, value: Any) -> Any:
    """A cell for an openpyxl sheet (write-only or not): a text without the characters
    XML cannot hold, and a formula-like text as a string cell with a quote prefix."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl took a leading "=" for a formula
    cell.quotePrefix = True
    return cell


def sheet_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl sheet with every text kept as text."""
    sheet.append([xlsx_value(sheet, v) for v in values])


def _cell(value: Any) -> Any:
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, (str, int, bool, Decimal)) or hasattr(value, "isoformat"):
        return value  # a Decimal stays a number in .xlsx (exact text in CSV)
    return str(value)


def rows_to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(_cell(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "export")
    sheet_append(sheet, headers)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet_append(sheet, values)
        widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=False)]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheets_to_xlsx(
    sheets: Mapping[str, Iterable[Sequence[Any]]], width: Callable[[Any], int]
) -> bytes:
    """A workbook of several sheets (``{title: rows}``, each sheet's header row first),
    every row written by :func:`sheet_append`, the header row frozen, each column
    ``width(its header)`` characters wide."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet_append(sheet, row)
        sheet.freeze_panes = "A2"
        for i, cell in enumerate(sheet[1], start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width(cell.value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _download(body: bytes, content_type: str, name: str, ext: str, stamped: bool) -> HttpResponse:
    stamp = "-" + timezone.localtime().strftime("%Y%m%d-%H%M") if stamped else ""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}{stamp}.{ext}"'
    return response


def xlsx_response(body: bytes, filename: str, *, stamped: bool = True) -> HttpResponse:
    """A workbook as a download: ``<filename>-<YYYYmmdd-HHMM>.xlsx`` (or without the time)."""
    return _download(body, XLSX_TYPE, filename, "xlsx", stamped)


def download_doc(description: str, formats: Sequence[str] = ("xlsx",)) -> dict[str, Any]:
    """The ``openapi_extra`` of an API operation that answers with a file in one of
    ``formats`` (of :data:`EXPORT_FORMATS`): its 200 answer, described, as binary .xlsx
    or CSV text."""
    schemas = {
        "csv": ("text/csv", {"type": "string"}),
        "xlsx": (XLSX_TYPE, {"type": "string", "format": "binary"}),
    }
    content = {schemas[f][0]: {"schema": schemas[f][1]} for f in formats}
    return {"responses": {200: {"description": description, "content": content}}}


def export_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """The rows as a CSV (``fmt`` csv) or .xlsx download named ``<filename>-<time>``."""
    if fmt == "xlsx":
        return xlsx_response(rows_to_xlsx(headers, rows, filename), filename)
    return _download(rows_to_csv(headers, rows), "text/csv; charset=utf-8", filename, "csv", True)
