"""The whole catalogue as an .xlsx workbook, and back: a ``Book`` of core's workbooks of
parents and children (``core/workbooks.py``), written and read by core's one writer and
reader.

Layout (the header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped):

* sheet ``items``: one row per item, a column for every field of ``services.export_row``;
  lists (``life_events``, ``regions``) as comma-separated codes, ``form_schema`` as JSON
  text, booleans as TRUE/FALSE (是/否, yes/no, 1/0 are read too);
* sheet ``materials``: one row per material requirement, keyed by ``item_code``, in the
  order the item asks for them;
* sheet ``readme``: what each column means (written on export, ignored on import).

Reading a workbook is pure (``parse_workbook``: both sheets' headers are checked before a
row is read); the import then goes through
``catalogue_import_rows``, so a row is checked exactly like a row from anywhere else, and
the whole workbook is written or nothing is. Every problem names its sheet row:
``row 7.promised_days`` on the items sheet, ``materials row 12.material_type`` on the
materials sheet."""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Role
from onething.core.permissions import STAFF_ROLES, Actor, require_role
from onething.core.workbooks import MAX_BYTES, Book, ParsedBook, Sheet
from onething.core.xlsx import cell_text
from onething.core.xlsx_rows import RowAt, codes

from .models import MaterialRequirement, ServiceItem
from .selectors import items_list
from .services import ImportResult, catalogue_import_rows, export_row

__all__ = [
    "ITEM_COLUMNS",
    "MATERIAL_COLUMNS",
    "MAX_BYTES",
    "catalogue_export_xlsx",
    "catalogue_import_xlsx",
    "number",
    "parse_workbook",
    "workbook_bytes",
]

ITEM_COLUMNS = [
    "code",
    "name",
    "department_code",
    "category",
    "life_events",
    "audience",
    "kind",
    "statutory_days",
    "promised_days",
    "fee_fen",
    "licence_name",
    "licence_valid_years",
    "online",
    "at_window",
    "regions",
    "legal_basis",
    "is_active",
    "form_schema",
]
MATERIAL_COLUMNS = [
    "item_code",
    "material_type",
    "requirement",
    "condition",
    "form",
    "electronic_accepted",
    "copies",
]
LISTS = {"life_events", "regions"}
BOOLEANS = {"online", "at_window", "is_active", "electronic_accepted"}
NUMBERS = {"statutory_days", "promised_days", "fee_fen", "licence_valid_years", "copies"}


def item_row_label(n: int) -> str:
    """How a problem names a row of the items sheet (the same words as the service)."""
    return _("row %(n)s") % {"n": n}


def material_row_label(n: int) -> str:
    return _("materials row %(n)s") % {"n": n}


def number(value: Any) -> Any:
    """Numbers go to the service as they are (it checks them); empty is None."""
    if isinstance(value, str):
        value = value.strip()
    return None if value in (None, "") else value


def _item(at: RowAt, cells: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, value in cells.items():
        if column in LISTS:
            row[column] = codes(value)
        elif column in NUMBERS:
            row[column] = number(value)
        elif column in BOOLEANS:
            row[column] = at.boolean(column, value, True)
        elif column == "form_schema":
            row[column] = _schema(value, at, column)
        else:
            row[column] = cell_text(value)
    if not row["audience"]:
        del row["audience"]  # the service's default: both
    return row


def _schema(value: Any, at: RowAt, column: str) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    try:
        schema = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError as exc:
        at.add(column, "json", _("Not valid JSON: %(e)s") % {"e": exc.msg})
        return {}
    if not isinstance(schema, dict):
        at.add(column, "json", _("A JSON object is expected."))
        return {}
    return schema


def _material(at: RowAt, cells: dict[str, Any]) -> dict[str, Any]:
    return {
        "material_type": cell_text(cells["material_type"]),
        "requirement": cell_text(cells["requirement"]) or "required",
        "condition": cell_text(cells["condition"]),
        "form": cell_text(cells["form"]) or "copy",
        "electronic_accepted": at.boolean(
            "electronic_accepted", cells["electronic_accepted"], True
        ),
        "copies": number(cells["copies"]),
    }


BOOK = Book(
    parents=Sheet("items", ITEM_COLUMNS, ServiceItem, item_row_label),
    children=Sheet("materials", MATERIAL_COLUMNS, MaterialRequirement, material_row_label),
    children_key="materials",
    parent_column="item_code",
    read_parent=_item,
    read_child=_material,
    unknown_parent=gettext_lazy("No item %(c)s on the items sheet."),
    notes={
        "life_events": gettext_lazy("Comma-separated codes."),
        "regions": gettext_lazy(
            "Comma-separated region codes; empty: the department's own region."
        ),
        "form_schema": gettext_lazy("The application form as JSON Schema text; empty: no form."),
        "item_code": gettext_lazy("The code of an item on the items sheet."),
    },
    lists=LISTS,
    json={"form_schema"},
    booleans=BOOLEANS,
    wide={"name", "legal_basis", "form_schema", "meaning"},
    widths=(40, 16),
)


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (as ``export_row`` gives them). Pure."""
    return BOOK.write(rows)


def catalogue_export_xlsx(actor: Actor) -> bytes:
    """Every item, in service or not, for staff."""
    require_role(actor, *STAFF_ROLES)
    items = items_list(actor, include_inactive=True).prefetch_related("regions", "life_events")
    return workbook_bytes([export_row(item) for item in items])


def parse_workbook(data: bytes) -> ParsedBook:
    """Read the items and materials sheets (``Book.read``): a workbook that is not one of
    ours raises ValidationFailed at once; problems in cells are collected in
    ``ParsedBook.found`` with their sheet row. Pure: no database."""
    return BOOK.read(data)


def _place(problems: list[FieldProblem], parsed: ParsedBook) -> None:
    """The service names a row by its item's row on the items sheet, and a material by its
    item's row and index (``row 7.materials[1].form``): name a material by its own row of
    the materials sheet instead, and list each at its row."""
    item_rows = {item_row_label(n): n for n in parsed.row_numbers}
    for p in problems:
        found = re.fullmatch(r"(.*)\.materials\[(\d+)\]\.(\w+)", p.field)
        if found and found[1] in item_rows:
            rows = parsed.child_rows[item_rows[found[1]]]
            if int(found[2]) < len(rows):
                parsed.found.add(rows[int(found[2])], found[3], p.rule, p.message, sheet=1)
                continue
        parsed.found.place(p, item_rows.get(p.field.split(".", 1)[0]))


class _Refused(Exception):
    """Rolls back a check run of the service when the cells themselves had problems."""


def catalogue_import_xlsx(*, actor: Actor, data: bytes) -> ImportResult:
    """Import a workbook in the export's layout: all of it, or nothing (ValidationFailed
    lists every problem with its sheet row and field)."""
    require_role(actor, Role.ADMIN)
    parsed = parse_workbook(data)
    try:
        with transaction.atomic():
            result = catalogue_import_rows(
                actor=actor, rows=parsed.rows, row_numbers=parsed.row_numbers, note="xlsx"
            )
            if parsed.found:
                raise _Refused  # the service's checks ran too; undo what it wrote
    except _Refused:
        pass
    except ValidationFailed as error:
        _place(error.problems, parsed)
    parsed.found.raise_any()
    return result
