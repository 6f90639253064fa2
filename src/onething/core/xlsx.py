"""Reading a table from an uploaded .xlsx workbook (openpyxl): the first sheet, its first
row the header, one dict per non-blank row after it. Capped by file size, by unzipped size
(a small file can unzip to gigabytes) and by rows; every problem is a ``ValidationFailed``
on the upload field, in the user's language, never an exception from the parser."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ValidationFailed

MAX_BYTES = 5 * 2**20
MAX_UNZIPPED = 50 * 2**20
MAX_ROWS = 20_000
_BROKEN = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError)


def _problem(field: str, rule: str, message: str) -> ValidationFailed:
    return ValidationFailed.one(field, rule, message)


def header_key(value: Any) -> str:
    """A header cell compared loosely: no spaces, lower case, full-width brackets as ASCII."""
    text = re.sub(r"\s+", "", str(value if value is not None else "")).lower()
    return text.replace("（", "(").replace("）", ")")


def cell_text(value: Any) -> str:
    """A cell as text: a whole float without its ``.0``, stripped; empty for a blank cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(
    data: bytes,
    columns: Mapping[str, str],
    *,
    required: set[str] | frozenset[str] = frozenset(),
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> list[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: raw cell value}) of every non-blank row of the first sheet.

    ``columns`` maps each accepted header (compared by :func:`header_key`) to the field it
    fills; several headers may fill one field (``{"日期": "date", "date": "date"}``).
    ``required`` names the fields whose column must be there."""
    if not data:
        raise _problem(field, "required", _("The file is empty."))
    if len(data) > max_bytes:
        raise _problem(
            field, "too_large", _("The file is larger than %(n)s MB.") % {"n": max_bytes // 2**20}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except _BROKEN:
        raise _problem(field, "not_xlsx", _("The file is not an Excel workbook (.xlsx).")) from None
    if unzipped > MAX_UNZIPPED:
        raise _problem(
            field,
            "too_large_unzipped",
            _("The workbook unpacks to more than %(n)s MB.") % {"n": MAX_UNZIPPED // 2**20},
        )
    wanted = {header_key(h): f for h, f in columns.items()}
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not book.worksheets:
            raise _problem(field, "empty", _("The workbook has no sheet."))
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [header_key(v) for v in next(lines, ())]
        where: dict[str, int] = {}
        for i, key in enumerate(header):
            if key in wanted and wanted[key] not in where:
                where[wanted[key]] = i
        missing = sorted(required - set(where))
        if missing:
            names = [next(h for h, f in columns.items() if f == m) for m in missing]
            raise _problem(
                field,
                "missing_column",
                _("The first row lacks the columns: %(c)s.") % {"c": "、".join(names)},
            )
        rows: list[tuple[int, dict[str, Any]]] = []
        for n, line in enumerate(lines, start=2):
            if all(cell_text(v) == "" for v in line):
                continue
            if len(rows) >= max_rows:
                raise _problem(field, "too_many_rows", _("At most %(n)s rows.") % {"n": max_rows})
            rows.append((n, {f: (line[i] if i < len(line) else None) for f, i in where.items()}))
    except ValidationFailed:
        raise
    except _BROKEN:
        raise _problem(field, "not_xlsx", _("The file is not an Excel workbook (.xlsx).")) from None
    if not rows:
        raise _problem(field, "empty", _("The workbook has no rows under its header."))
    return rows
