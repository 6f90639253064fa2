"""Every list exports: the same rows as CSV (UTF-8 with BOM, so Excel opens Chinese text
right) or as .xlsx (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in (_cell(v) for v in row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "export")
    sheet.append(list(headers))
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=False)]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body, ctype, ext = rows_to_xlsx(headers, rows, filename), XLSX_TYPE, "xlsx"
    else:
        body, ctype, ext = rows_to_csv(headers, rows), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{ext}"'
    return response
