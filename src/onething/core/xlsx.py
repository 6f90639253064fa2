"""Reading uploaded .xlsx workbooks (openpyxl), in one place for every upload.

A workbook is a zip archive; a small file can unpack to gigabytes of sheet XML, and parsing
XML is what costs (about 4 MB a second). So before openpyxl reads a cell,
:func:`check_archive` looks at the archive's directory only: the upload's size, each
part's unpacked size (a sheet's XML most of all), all parts together, and each large
part's compression ratio (a real sheet packs 8 to 25 times; a zip bomb hundreds of times).
Python's zipfile never unpacks more than a part's declared size (a lying directory fails
its CRC check), so the declared sizes bound the work. Then :func:`sheet_lines` reads a
sheet's rows at most ``max_columns`` wide and stops as soon as there are too many.

:func:`read_table` is the usual shape: the first sheet, its first row the header, one dict
per non-blank row after it. Every problem is a ``ValidationFailed`` on the upload field, in
the user's language, never an exception from the parser."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ValidationFailed

MAX_BYTES = 5 * 2**20
MAX_PART = 20 * 2**20  # unpacked size of one part (20,000 rows of 8 columns: ~12 MB)
MAX_RATIO = 100  # unpacked / packed size of a part larger than RATIO_FROM
RATIO_FROM = 2**20
MAX_ROWS = 20_000
MAX_COLUMNS = 200  # cells further right are not read
BLANK_ROWS = 1_000  # blank rows tolerated past max_rows before the read stops
_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    EOFError,
    IndexError,
)


def _problem(field: str, rule: str, message: str) -> ValidationFailed:
    return ValidationFailed.one(field, rule, message)


def _not_xlsx(field: str, rule: str) -> ValidationFailed:
    return _problem(field, rule, _("The file is not an Excel workbook (.xlsx)."))


def _megabytes(n: int) -> str:
    return f"{n / 2**20:g}"


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


def check_archive(
    data: bytes,
    *,
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_part: int = MAX_PART,
    invalid_rule: str = "not_xlsx",
) -> None:
    """Refuse, from the zip directory alone, an upload too large packed or unpacked: a part
    over ``max_part`` (rule ``too_large_unzipped``), all parts over twice that (same rule),
    a part over 1 MB packed more than ``MAX_RATIO`` times (rule ``compression_ratio``)."""
    if len(data) > max_bytes:
        raise _problem(
            field,
            "too_large",
            _("The file is larger than %(n)s MB.") % {"n": _megabytes(max_bytes)},
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except _BROKEN:
        raise _not_xlsx(field, invalid_rule) from None
    too_large = _problem(
        field,
        "too_large_unzipped",
        _("The workbook unpacks to more than %(n)s MB.") % {"n": _megabytes(max_part)},
    )
    if sum(p.file_size for p in parts) > 2 * max_part:
        raise too_large
    for part in parts:
        if part.file_size > max_part:
            raise too_large
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _problem(
                field,
                "compression_ratio",
                _(
                    "The workbook is packed %(n)s times smaller than its content: "
                    "no spreadsheet is, so it is refused."
                )
                % {"n": part.file_size // max(part.compress_size, 1)},
            )


def open_workbook(
    data: bytes,
    *,
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_part: int = MAX_PART,
    invalid_rule: str = "not_xlsx",
):
    """The workbook (openpyxl, read-only, values not formulas) once :func:`check_archive`
    passed; close it after use."""
    check_archive(
        data, field=field, max_bytes=max_bytes, max_part=max_part, invalid_rule=invalid_rule
    )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN:
        raise _not_xlsx(field, invalid_rule) from None


def sheet_lines(
    sheet,
    *,
    field: str = "file",
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    invalid_rule: str = "not_xlsx",
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(sheet row number, values) of every row of ``sheet``, the first included, blank
    rows too, each at most ``max_columns`` wide. Stops with ``too_many_rows`` at the first
    non-blank row past ``max_rows`` under the first row, or at the first row past
    ``max_rows + BLANK_ROWS``: nothing further is parsed."""
    filled = 0
    try:
        rows = sheet.iter_rows(values_only=True, max_col=max_columns)
        for n, line in enumerate(rows, start=1):
            if n > 1 and any(cell_text(v) != "" for v in line):
                filled += 1
            if filled > max_rows or n > max_rows + BLANK_ROWS:
                raise _problem(field, "too_many_rows", _("At most %(n)s rows.") % {"n": max_rows})
            yield n, line
    except ValidationFailed:
        raise
    except _BROKEN:
        raise _not_xlsx(field, invalid_rule) from None


def read_table(
    data: bytes,
    columns: Mapping[str, str],
    *,
    required: set[str] | frozenset[str] = frozenset(),
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_part: int = MAX_PART,
) -> list[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: raw cell value}) of every non-blank row of the first sheet.

    ``columns`` maps each accepted header (compared by :func:`header_key`) to the field it
    fills; several headers may fill one field (``{"日期": "date", "date": "date"}``).
    ``required`` names the fields whose column must be there: checked on the header row,
    before any other row is read. At most ``max_rows`` rows under the header."""
    if not data:
        raise _problem(field, "required", _("The file is empty."))
    wanted = {header_key(h): f for h, f in columns.items()}
    book = open_workbook(data, field=field, max_bytes=max_bytes, max_part=max_part)
    try:
        if not book.worksheets:
            raise _problem(field, "empty", _("The workbook has no sheet."))
        lines = sheet_lines(book.worksheets[0], field=field, max_rows=max_rows)
        _n, first = next(lines, (1, ()))
        where: dict[str, int] = {}
        for i, key in enumerate(header_key(v) for v in first):
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
        for n, line in lines:
            if all(cell_text(v) == "" for v in line):
                continue
            rows.append((n, {f: (line[i] if i < len(line) else None) for f, i in where.items()}))
    except ValidationFailed:
        raise
    except _BROKEN:
        raise _not_xlsx(field, "not_xlsx") from None
    finally:
        book.close()
    if not rows:
        raise _problem(field, "empty", _("The workbook has no rows under its header."))
    return rows
