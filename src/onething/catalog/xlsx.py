"""The whole catalogue as an .xlsx workbook, and back, through core's one writer and reader
(``core/exports.py``, ``core/xlsx.py``).

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
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import sheets_to_xlsx
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.xlsx import cell_text, open_tables
from onething.core.xlsx_rows import RowAt, RowProblems, codes

from .models import MaterialRequirement, ServiceItem
from .selectors import items_list
from .services import ImportResult, catalogue_import_rows, export_row

ITEMS, MATERIALS, README = "items", "materials", "readme"
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
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
EXPORT_ROLES = (Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
WIDE = ("name", "legal_basis", "form_schema", "meaning")


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


def _out(column: str, value: Any) -> Any:
    if column in LISTS:
        return ",".join(value)
    if column == "form_schema":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _readme() -> list[list[Any]]:
    notes = {
        "life_events": _("Comma-separated codes."),
        "regions": _("Comma-separated region codes; empty: the department's own region."),
        "form_schema": _("The application form as JSON Schema text; empty: no form."),
        "item_code": _("The code of an item on the items sheet."),
    }
    lines: list[list[Any]] = [[_("sheet"), _("column"), _("meaning"), _("note")]]
    for name, columns, model in (
        (ITEMS, ITEM_COLUMNS, ServiceItem),
        (MATERIALS, MATERIAL_COLUMNS, MaterialRequirement),
    ):
        known = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        for column in columns:
            base = column.removesuffix("_code")
            meaning = known.get(column) or known.get(base)
            choices = getattr(meaning, "choices", None)
            note = notes.get(column) or (
                " / ".join(str(v) for v, _label in choices) if choices else ""
            )
            if column in BOOLEANS:
                note = "TRUE / FALSE"
            label = str(meaning.verbose_name) if meaning else column
            lines.append([name, column, label, note])
    return lines


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (as ``export_row`` gives them). Pure."""
    items: list[list[Any]] = [ITEM_COLUMNS]
    materials: list[list[Any]] = [MATERIAL_COLUMNS]
    for row in rows:
        items.append([_out(c, row.get(c)) for c in ITEM_COLUMNS])
        for m in row.get("materials") or []:
            values = {**m, "item_code": row["code"]}
            materials.append([_out(c, values.get(c)) for c in MATERIAL_COLUMNS])
    return sheets_to_xlsx(
        {ITEMS: items, MATERIALS: materials, README: _readme()},
        width=lambda header: 40 if header in WIDE else 16,
    )


def catalogue_export_xlsx(actor: Actor) -> bytes:
    """Every item, in service or not, for staff."""
    require_role(actor, *EXPORT_ROLES)
    items = items_list(actor, include_inactive=True).prefetch_related("regions", "life_events")
    return workbook_bytes([export_row(item) for item in items])


@dataclass
class Parsed:
    """A workbook read into catalogue rows, with what was wrong in its cells."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the items sheet's row of each
    material_rows: dict[int, list[int]] = field(default_factory=dict)  # item row → sheet rows
    found: RowProblems = field(
        default_factory=lambda: RowProblems(item_row_label, material_row_label)
    )

    @property
    def problems(self) -> list[FieldProblem]:
        """The cells' problems, by sheet and row."""
        return self.found.problems


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


def parse_workbook(data: bytes) -> Parsed:
    """Read the items and materials sheets. A workbook that is not one of ours (not an
    .xlsx, a sheet or a column missing: both sheets' headers are checked before a row is
    read) raises ValidationFailed at once; problems in cells are collected in
    ``Parsed.found`` with their sheet row. Pure: no database."""
    parsed = Parsed()
    with open_tables(data, max_bytes=MAX_BYTES) as tables:
        items = tables.sheet(ITEMS, ITEM_COLUMNS, required=ITEM_COLUMNS, max_rows=MAX_ROWS)
        materials = tables.sheet(
            MATERIALS, MATERIAL_COLUMNS, required=MATERIAL_COLUMNS, max_rows=MAX_ROWS
        )
        first_row: dict[str, int] = {}
        for n, cells in items.rows():
            row = _item(parsed.found.row(n), cells)
            row["materials"] = []
            parsed.rows.append(row)
            parsed.row_numbers.append(n)
            parsed.material_rows[n] = []
            first_row.setdefault(row["code"], len(parsed.rows) - 1)
        for n, cells in materials.rows():
            at = parsed.found.row(n, sheet=1)
            code = cell_text(cells["item_code"])
            if code not in first_row:
                at.add("item_code", "unknown", _("No item %(c)s on the items sheet.") % {"c": code})
                continue
            index = first_row[code]
            material = {
                "material_type": cell_text(cells["material_type"]),
                "requirement": cell_text(cells["requirement"]) or "required",
                "condition": cell_text(cells["condition"]),
                "form": cell_text(cells["form"]) or "copy",
                "electronic_accepted": at.boolean(
                    "electronic_accepted", cells["electronic_accepted"], True
                ),
                "copies": number(cells["copies"]),
            }
            parsed.rows[index]["materials"].append(material)
            parsed.material_rows[parsed.row_numbers[index]].append(n)
    return parsed


def _place(problems: list[FieldProblem], parsed: Parsed) -> None:
    """The service names a row by its item's row on the items sheet, and a material by its
    item's row and index (``row 7.materials[1].form``): name a material by its own row of
    the materials sheet instead, and list each at its row."""
    item_rows = {item_row_label(n): n for n in parsed.row_numbers}
    for p in problems:
        found = re.fullmatch(r"(.*)\.materials\[(\d+)\]\.(\w+)", p.field)
        if found and found[1] in item_rows:
            rows = parsed.material_rows[item_rows[found[1]]]
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
