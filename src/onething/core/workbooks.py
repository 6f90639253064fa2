"""A workbook of parent rows and their child rows, and back: the one layout of every
definition that staff download and administrators import as .xlsx (the catalogue's items
and their materials, the one-things and their steps), written by :func:`.exports.sheets_to_xlsx`
and read by :func:`.xlsx.open_tables`.

A :class:`Book` declares the layout: the parents' sheet and the children's sheet (their
column keys, and the model whose fields' verbose names explain them), how a cell is
written (comma-separated codes, JSON text, TRUE/FALSE), and how a row of each sheet is
read. Its workbook has a third sheet, ``readme``: what each column means (written, never
read). The header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped.

Reading is pure (:meth:`Book.read`): a workbook that is not one of ours (not an .xlsx, a
sheet or a column missing: both sheets' headers are checked before a row is read) raises
ValidationFailed at once; the problems of cells are collected in :attr:`ParsedBook.found`
under their sheet row, for the app's import to add its own checks and raise them all."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .errors import FieldProblem
from .exports import sheets_to_xlsx
from .xlsx import MAX_ROWS, cell_text, open_tables
from .xlsx_rows import RowAt, RowProblems

README = "readme"
MAX_BYTES = 10 * 1024 * 1024

RowReader = Callable[[RowAt, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a book: its title, its columns' keys, and the model whose fields'
    verbose names say what the columns mean (``item_code`` by the field ``item``)."""

    name: str
    columns: Sequence[str]
    model: type[models.Model]
    label: Callable[[int], str]  # how a problem names a row of this sheet


@dataclass
class ParsedBook:
    """A workbook read into parent rows (each with its children), with what was wrong in
    its cells."""

    found: RowProblems
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the parents sheet's row of each
    child_rows: dict[int, list[int]] = field(default_factory=dict)  # parent row → its children's
    faulty: set[int] = field(default_factory=set)  # parent rows whose cells had problems

    @property
    def problems(self) -> list[FieldProblem]:
        """The cells' problems, by sheet and row."""
        return self.found.problems


@dataclass(frozen=True)
class Book:
    """The layout of a workbook of parents and children (see the module's docstring)."""

    parents: Sheet
    children: Sheet
    children_key: str  # a parent row's list of children: "materials", "steps"
    parent_column: str  # the children's column holding the parent's code: "item_code"
    read_parent: RowReader  # a parents sheet's row (its cells by column) as a parent row
    read_child: RowReader  # a children sheet's row as a child row
    unknown_parent: Any  # "No item %(c)s on the items sheet." (lazy: said when read)
    notes: Mapping[str, Any] = field(default_factory=dict)  # the readme's note on a column
    lists: Collection[str] = ()  # comma-separated codes
    json: Collection[str] = ()  # JSON text (an object or a list of objects)
    booleans: Collection[str] = ()  # TRUE / FALSE
    wide: Collection[str] = ()  # the columns that are wide[0] characters wide, not wide[1]
    widths: tuple[int, int] = (40, 16)
    twice: Any = None  # a parent code listed twice is a problem (%(c)s, %(m)s): its words
    key: str = "code"  # a parent row's code

    # --- writing ---------------------------------------------------------------------------

    def cell(self, column: str, value: Any) -> Any:
        """A row's value as the cell of ``column``: empty is no cell."""
        if column in self.lists:
            return ",".join(value) or None
        if column in self.json:
            return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value) or None
        return value

    def readme(self) -> list[list[Any]]:
        """The readme sheet: a line per column of each sheet, with its field's verbose name
        and a note (the book's own, else TRUE / FALSE or the field's choices)."""
        lines: list[list[Any]] = [[_("sheet"), _("column"), _("meaning"), _("note")]]
        for sheet in (self.parents, self.children):
            fields = sheet.model._meta.get_fields()
            known = {f.name: f for f in fields if hasattr(f, "verbose_name")}
            for column in sheet.columns:
                meaning = known.get(column) or known.get(column.removesuffix("_code"))
                choices = getattr(meaning, "choices", None)
                note = str(self.notes.get(column) or "") or (
                    " / ".join(str(v) for v, _label in choices) if choices else ""
                )
                if column in self.booleans:
                    note = "TRUE / FALSE"
                label = str(meaning.verbose_name) if meaning else column
                lines.append([sheet.name, column, label, note])
        return lines

    def write(self, rows: Sequence[Mapping[str, Any]]) -> bytes:
        """The workbook of ``rows`` (each parent with its children under ``children_key``).
        Pure."""
        parents: list[Sequence[Any]] = [self.parents.columns]
        children: list[Sequence[Any]] = [self.children.columns]
        for row in rows:
            parents.append([self.cell(c, row.get(c)) for c in self.parents.columns])
            for child in row.get(self.children_key) or []:
                values = {**child, self.parent_column: row[self.key]}
                children.append([self.cell(c, values.get(c)) for c in self.children.columns])
        wide, narrow = self.widths
        return sheets_to_xlsx(
            {self.parents.name: parents, self.children.name: children, README: self.readme()},
            width=lambda header: wide if header in self.wide else narrow,
        )

    # --- reading ---------------------------------------------------------------------------

    def read(self, data: bytes, *, max_bytes: int = MAX_BYTES) -> ParsedBook:
        """The parents and children of a workbook in this layout, every child under its
        parent in the order of the children's sheet. Pure: no database."""
        parsed = ParsedBook(RowProblems(self.parents.label, self.children.label))
        found = parsed.found
        with open_tables(data, max_bytes=max_bytes) as tables:
            parents, children = (
                tables.sheet(s.name, s.columns, required=s.columns, max_rows=MAX_ROWS)
                for s in (self.parents, self.children)
            )
            first_row: dict[str, int] = {}  # a code → the index of its first parent row
            for n, cells in parents.rows():
                at, before = found.row(n), len(found)
                row = self.read_parent(at, cells)
                row[self.children_key] = []
                code = row[self.key]
                if self.twice and code in first_row:
                    m = parsed.row_numbers[first_row[code]]
                    at.add(self.key, "unique", str(self.twice) % {"c": code, "m": m})
                parsed.rows.append(row)
                parsed.row_numbers.append(n)
                parsed.child_rows[n] = []
                first_row.setdefault(code, len(parsed.rows) - 1)
                if len(found) > before:
                    parsed.faulty.add(n)
            for n, cells in children.rows():
                at, before = found.row(n, sheet=1), len(found)
                code = cell_text(cells[self.parent_column])
                if code not in first_row:
                    message = str(self.unknown_parent) % {"c": code}
                    at.add(self.parent_column, "unknown", message)
                    continue
                index = first_row[code]
                parsed.rows[index][self.children_key].append(self.read_child(at, cells))
                parsed.child_rows[parsed.row_numbers[index]].append(n)
                if len(found) > before:
                    parsed.faulty.add(parsed.row_numbers[index])
        return parsed
