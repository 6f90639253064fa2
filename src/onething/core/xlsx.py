"""Reading uploaded tables (.xlsx workbooks, and CSV files where an import takes them), in
one place for every upload.

A workbook is a zip archive; a small file can unpack to gigabytes of sheet XML, and parsing
XML is what costs (about 4 MB a second). So before openpyxl reads a cell,
:func:`check_archive` looks at the archive's directory only: the upload's size, each
part's unpacked size (a sheet's XML most of all), all parts together, and each large
part's compression ratio (a real sheet packs 8 to 25 times; a zip bomb hundreds of times).
Python's zipfile never unpacks more than a part's declared size (a lying directory fails
its CRC check), so the declared sizes bound the work. Then :func:`sheet_lines` reads a
sheet's rows at most ``max_columns`` wide and stops as soon as there are too many.

:func:`open_tables` opens an upload (a workbook, or a CSV file as a workbook of one sheet);
:meth:`Tables.sheet` finds a sheet's header (the first sheet's or a named one's) and checks
it before any row under it is read; :meth:`Table.rows` then gives one dict per non-blank
row. :func:`read_table` is the usual shape: the first sheet (or a named one), every row at
once. Every problem is a ``ValidationFailed`` in the user's language, never an exception
from the parser: on the upload field (``file``), or, for a named sheet of a workbook of
several, on the sheet (``items``; ``items.code`` for its missing column ``code``). The cell
readers and the collector of row problems for an all-or-nothing import are in
:mod:`.xlsx_rows`."""

from __future__ import annotations

import csv as _csv
import io
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .errors import FieldProblem, ValidationFailed
from .xlsx_rows import cell_text, header_key

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
Line = tuple[int, Sequence[Any]]  # (row number in the sheet or file, its cells)


def _problem(field: str, rule: str, message: str) -> ValidationFailed:
    return ValidationFailed.one(field, rule, message)


def _not_xlsx(field: str, rule: str) -> ValidationFailed:
    return _problem(field, rule, _("The file is not an Excel workbook (.xlsx)."))


def _megabytes(n: int) -> str:
    return f"{n / 2**20:g}"


def _check_size(data: bytes, field: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise _problem(
            field,
            "too_large",
            _("The file is larger than %(n)s MB.") % {"n": _megabytes(max_bytes)},
        )


def check_upload(data: bytes, *, field: str = "file", max_bytes: int = MAX_BYTES) -> None:
    """Refuse an empty upload (rule ``required``) or one over ``max_bytes`` (``too_large``)."""
    if not data:
        raise _problem(field, "required", _("The file is empty."))
    _check_size(data, field, max_bytes)


def is_csv(name: str, data: bytes, *, field: str = "file", refusal: str = "") -> bool:
    """Whether an upload that may be a workbook or a CSV file is the CSV: a workbook by its
    ``.xlsx`` name or its zip signature, a CSV by ``.csv``/``.txt`` or no extension; any
    other extension is refused (rule ``format``, with ``refusal`` as the message)."""
    lower = name.lower()
    if lower.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return False
    if lower.endswith((".csv", ".txt")) or "." not in lower:
        return True
    raise _problem(field, "format", refusal or _("Upload an Excel workbook (.xlsx) or a CSV file."))


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
    _check_size(data, field, max_bytes)
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


def _capped(lines: Iterable[Line], field: str, max_rows: int, above: int = 0) -> Iterator[Line]:
    """``lines`` until more than ``max_rows + above`` non-blank rows under the first, or a
    row numbered past ``max_rows + above + BLANK_ROWS``: then ``too_many_rows``."""
    filled = 0
    for n, line in lines:
        if n > 1 and any(cell_text(v) != "" for v in line):
            filled += 1
        if filled > max_rows + above or n > max_rows + above + BLANK_ROWS:
            raise _problem(field, "too_many_rows", _("At most %(n)s rows.") % {"n": max_rows})
        yield n, line


def _sheet_rows(sheet, field: str, max_columns: int, invalid_rule: str) -> Iterator[Line]:
    try:
        yield from enumerate(sheet.iter_rows(values_only=True, max_col=max_columns), start=1)
    except _BROKEN:
        raise _not_xlsx(field, invalid_rule) from None


def sheet_lines(
    sheet,
    *,
    field: str = "file",
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    invalid_rule: str = "not_xlsx",
) -> Iterator[Line]:
    """(sheet row number, values) of every row of ``sheet``, the first included, blank
    rows too, each at most ``max_columns`` wide. Stops with ``too_many_rows`` at the first
    non-blank row past ``max_rows`` under the first row, or at the first row past
    ``max_rows + BLANK_ROWS``: nothing further is parsed."""
    return _capped(_sheet_rows(sheet, field, max_columns, invalid_rule), field, max_rows)


def _csv_rows(data: bytes, field: str, invalid_rule: str) -> Iterator[Line]:
    """(line number, cells) of a CSV file: UTF-8 (with or without a BOM) or GBK (GB18030),
    its delimiter (comma, tab or semicolon) guessed."""
    if b"\x00" in data:
        raise _problem(
            field, invalid_rule, _("The file is not a CSV text file nor an .xlsx workbook.")
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _problem(
            field, "encoding", _("The CSV file is neither UTF-8 nor GBK (GB18030) text.")
        )
    try:
        dialect = _csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except _csv.Error:
        dialect = _csv.excel
    reader = _csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for line in reader:
            yield reader.line_num, line
    except _csv.Error as error:
        raise _problem(
            field, invalid_rule, _("The CSV file cannot be read: %(e)s.") % {"e": error}
        ) from None


@dataclass
class Table:
    """A sheet whose header was found and checked: ``at`` ({field: column index}) and
    ``written`` ({field: its header as written}); :meth:`rows` reads on from the header."""

    at: dict[str, int]
    written: dict[str, str]
    lines: Iterator[Line]
    field: str
    max_rows: int

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, {field: raw cell}) of every non-blank row under the header, each
        numbered as in the sheet (the header's row is one of them); ``too_many_rows`` at
        the first past ``max_rows``."""
        count = 0
        for n, line in self.lines:
            if all(cell_text(v) == "" for v in line):
                continue
            count += 1
            if count > self.max_rows:
                raise _problem(
                    self.field, "too_many_rows", _("At most %(n)s rows.") % {"n": self.max_rows}
                )
            yield n, {f: (line[i] if i < len(line) else None) for f, i in self.at.items()}


def _header(
    lines: Iterator[Line], columns: Mapping[str, str], required: set[str], search: int
) -> tuple[dict[str, int], dict[str, str]]:
    """The columns found in the header row: the first row, or the first of ``search`` rows
    that names every required field."""
    wanted = {header_key(h): f for h, f in columns.items()}
    at: dict[str, int] = {}
    written: dict[str, str] = {}
    for n, line in lines:
        at, written = {}, {}
        for i, value in enumerate(line):
            found = wanted.get(header_key(value))
            if found is not None and found not in at:
                at[found], written[found] = i, cell_text(value)
        if required <= at.keys() or n >= search:
            break
    return at, written


class Tables:
    """An opened upload's sheets: a workbook's, or the one sheet of a CSV file."""

    def __init__(self, *, field: str, invalid_rule: str, book: Any = None, text: bytes = b""):
        self.field, self.invalid_rule, self.book, self.text = field, invalid_rule, book, text

    def _lines(self, name: str | None, field: str) -> Iterator[Line]:
        if self.book is None:
            if name is not None:
                raise _problem(
                    name, "missing_sheet", _("The workbook has no sheet named %(s)s.") % {"s": name}
                )
            return _csv_rows(self.text, field, self.invalid_rule)
        try:
            if name is None and not self.book.worksheets:
                raise _problem(field, "empty", _("The workbook has no sheet."))
            if name is not None and name not in self.book.sheetnames:
                raise _problem(
                    name, "missing_sheet", _("The workbook has no sheet named %(s)s.") % {"s": name}
                )
            sheet = self.book.worksheets[0] if name is None else self.book[name]
        except _BROKEN:
            raise _not_xlsx(self.field, self.invalid_rule) from None
        return _sheet_rows(sheet, field, MAX_COLUMNS, self.invalid_rule)

    def sheet(
        self,
        name: str | None,
        columns: Mapping[str, str] | Sequence[str],
        *,
        required: Collection[str] = (),
        max_rows: int = MAX_ROWS,
        search: int = 1,
        missing_message: str | None = None,
    ) -> Table:
        """Sheet ``name`` (None: the first, a CSV file's only one), its header checked
        before any row under it is read.

        ``columns`` maps each accepted header (compared by :func:`header_key`) to the field
        it fills; several headers may fill one field (``{"日期": "date", "date": "date"}``);
        a list of headers fills the field of each header's name. The header is the first
        row, or the first of the first ``search`` rows naming every ``required`` field. A
        required field without its column: ``missing_column``, on the upload field for the
        first sheet (with ``missing_message`` if given), for a named sheet on
        ``<sheet>.<column>`` for each column. Problems of the sheet itself (a missing
        sheet, too many rows) name the sheet, or the upload field for the first sheet."""
        field = self.field if name is None else name
        if not isinstance(columns, Mapping):
            columns = {c: c for c in columns}
        lines = _capped(self._lines(name, field), field, max_rows, above=search)
        at, written = _header(lines, columns, set(required), search)
        headers: dict[str, str] = {}
        for header, column in columns.items():
            headers.setdefault(column, header)
        missing = [headers[f] for f in headers if f in required and f not in at]
        if missing and name is not None:
            raise ValidationFailed(
                [
                    FieldProblem(
                        f"{name}.{c}",
                        "missing_column",
                        _("Sheet %(s)s has no column %(c)s in its first row.")
                        % {"s": name, "c": c},
                    )
                    for c in missing
                ]
            )
        if missing:
            message = missing_message or _("The first row lacks the columns: %(c)s.") % {
                "c": "、".join(missing)
            }
            raise _problem(field, "missing_column", message)
        return Table(at, written, lines, field, max_rows)


@contextmanager
def open_tables(
    data: bytes,
    *,
    csv: bool = False,
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_part: int = MAX_PART,
    invalid_rule: str = "not_xlsx",
) -> Iterator[Tables]:
    """The sheets of an uploaded workbook (:func:`open_workbook`, closed after the
    ``with``: read the rows inside it), or with ``csv`` the one sheet of a CSV file."""
    if csv:
        _check_size(data, field, max_bytes)
        yield Tables(field=field, invalid_rule=invalid_rule, text=data)
        return
    book = open_workbook(
        data, field=field, max_bytes=max_bytes, max_part=max_part, invalid_rule=invalid_rule
    )
    try:
        yield Tables(field=field, invalid_rule=invalid_rule, book=book)
    finally:
        book.close()


def read_table(
    data: bytes,
    columns: Mapping[str, str] | Sequence[str],
    *,
    required: Collection[str] = frozenset(),
    sheet: str | None = None,
    field: str = "file",
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_part: int = MAX_PART,
) -> list[tuple[int, dict[str, Any]]]:
    """(sheet row number, {field: raw cell value}) of every non-blank row of the first
    sheet (or of sheet ``sheet``), read through :meth:`Tables.sheet`: ``required`` names
    the fields whose column must be there, checked on the header row before any other row
    is read. An empty upload, or no row under the header: refused."""
    check_upload(data, field=field, max_bytes=max_bytes)
    with open_tables(data, field=field, max_bytes=max_bytes, max_part=max_part) as tables:
        rows = list(tables.sheet(sheet, columns, required=required, max_rows=max_rows).rows())
    if not rows:
        raise _problem(sheet or field, "empty", _("The workbook has no rows under its header."))
    return rows
