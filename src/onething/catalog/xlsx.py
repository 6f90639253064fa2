"""The whole catalogue as an .xlsx workbook, and back (openpyxl).

Layout (the header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped):

* sheet ``items``: one row per item, a column for every field of ``services.export_row``;
  lists (``life_events``, ``regions``) as comma-separated codes, ``form_schema`` as JSON
  text, booleans as TRUE/FALSE (是/否, yes/no, 1/0 are read too);
* sheet ``materials``: one row per material requirement, keyed by ``item_code``, in the
  order the item asks for them;
* sheet ``readme``: what each column means (written on export, ignored on import).

Reading a workbook is pure (``parse_workbook``); the import then goes through
``catalogue_import_rows``, so a row is checked exactly like a row from anywhere else, and
the whole workbook is written or nothing is. Every problem names its sheet row:
``row 7.promised_days`` on the items sheet, ``materials row 12.material_type`` on the
materials sheet."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import sheet_append
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.xlsx import open_workbook, sheet_lines

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
TRUE = {"true", "yes", "y", "1", "是", "√", "✓"}
FALSE = {"false", "no", "n", "0", "否", "×", "✗"}
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
EXPORT_ROLES = (Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def item_row_label(n: int) -> str:
    """How a problem names a row of the items sheet (the same words as the service)."""
    return _("row %(n)s") % {"n": n}


def material_row_label(n: int) -> str:
    return _("materials row %(n)s") % {"n": n}


def text(value: Any) -> str:
    """A cell as text: numbers typed into Excel (a region code, say) come back as digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def codes(value: Any) -> list[str]:
    """Comma-separated codes (also ， ; ； or line breaks between them)."""
    return [c for c in re.split(r"[,，;；\s]+", text(value)) if c]


def boolean(value: Any, default: bool = True) -> bool | None:
    """TRUE/FALSE, 是/否, yes/no, 1/0; empty is ``default``; None when it is none of these."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = text(value).lower()
    if not word:
        return default
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    return None


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


def _readme(sheet) -> None:
    notes = {
        "life_events": _("Comma-separated codes."),
        "regions": _("Comma-separated region codes; empty: the department's own region."),
        "form_schema": _("The application form as JSON Schema text; empty: no form."),
        "item_code": _("The code of an item on the items sheet."),
    }
    sheet_append(sheet, [_("sheet"), _("column"), _("meaning"), _("note")])
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
            sheet_append(sheet, [name, column, label, note])


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (as ``export_row`` gives them). Pure."""
    book = Workbook()
    items = book.active
    items.title = ITEMS
    sheet_append(items, ITEM_COLUMNS)
    materials = book.create_sheet(MATERIALS)
    sheet_append(materials, MATERIAL_COLUMNS)
    for row in rows:
        sheet_append(items, [_out(c, row.get(c)) for c in ITEM_COLUMNS])
        for m in row.get("materials") or []:
            values = {**m, "item_code": row["code"]}
            sheet_append(materials, [_out(c, values.get(c)) for c in MATERIAL_COLUMNS])
    _readme(book.create_sheet(README))
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for i, cell in enumerate(sheet[1], start=1):
            width = 40 if cell.value in ("name", "legal_basis", "form_schema", "meaning") else 16
            sheet.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


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
    problems: list[FieldProblem] = field(default_factory=list)
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # row label → (sheet, n)


def _open(data: bytes):
    return open_workbook(data, max_bytes=MAX_BYTES)


def _sheet_rows(book, name: str, columns: list[str]):
    """(sheet row number, {column: value}) of the non-blank rows of one sheet."""
    if name not in book.sheetnames:
        raise ValidationFailed.one(
            name, "missing_sheet", _("The workbook has no sheet named %(s)s.") % {"s": name}
        )
    lines = sheet_lines(book[name], field=name, max_rows=MAX_ROWS)
    header = [text(v).lower() for v in next(lines, (1, ()))[1]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValidationFailed(
            [
                FieldProblem(
                    f"{name}.{c}",
                    "missing_column",
                    _("Sheet %(s)s has no column %(c)s in its first row.") % {"s": name, "c": c},
                )
                for c in missing
            ]
        )
    where = {c: header.index(c) for c in columns}
    for n, line in lines:
        if all(text(v) == "" for v in line):
            continue
        yield n, {c: (line[i] if i < len(line) else None) for c, i in where.items()}


def _item(n: int, cells: dict[str, Any], problems: list[FieldProblem]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, value in cells.items():
        if column in LISTS:
            row[column] = codes(value)
        elif column in NUMBERS:
            row[column] = number(value)
        elif column in BOOLEANS:
            row[column] = _boolean(value, f"{item_row_label(n)}.{column}", problems)
        elif column == "form_schema":
            row[column] = _schema(value, f"{item_row_label(n)}.{column}", problems)
        else:
            row[column] = text(value)
    if not row["audience"]:
        del row["audience"]  # the service's default: both
    return row


def _boolean(value: Any, where: str, problems: list[FieldProblem]) -> bool:
    answer = boolean(value)
    if answer is None:
        problems.append(FieldProblem(where, "boolean", _("TRUE or FALSE is expected.")))
        return True
    return answer


def _schema(value: Any, where: str, problems: list[FieldProblem]) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    try:
        schema = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError as exc:
        problems.append(FieldProblem(where, "json", _("Not valid JSON: %(e)s") % {"e": exc.msg}))
        return {}
    if not isinstance(schema, dict):
        problems.append(FieldProblem(where, "json", _("A JSON object is expected.")))
        return {}
    return schema


def parse_workbook(data: bytes) -> Parsed:
    """Read the items and materials sheets. A workbook that is not one of ours (not an
    .xlsx, a sheet or a column missing) raises ValidationFailed at once; problems in cells
    are collected in ``Parsed.problems`` with their sheet row. Pure: no database."""
    book = _open(data)
    try:
        parsed = Parsed()
        first_row: dict[str, int] = {}
        for n, cells in _sheet_rows(book, ITEMS, ITEM_COLUMNS):
            row = _item(n, cells, parsed.problems)
            row["materials"] = []
            parsed.rows.append(row)
            parsed.row_numbers.append(n)
            parsed.material_rows[n] = []
            parsed.places[item_row_label(n)] = (0, n)
            first_row.setdefault(row["code"], len(parsed.rows) - 1)
        for n, cells in _sheet_rows(book, MATERIALS, MATERIAL_COLUMNS):
            parsed.places[material_row_label(n)] = (1, n)
            code = text(cells["item_code"])
            if code not in first_row:
                parsed.problems.append(
                    FieldProblem(
                        f"{material_row_label(n)}.item_code",
                        "unknown",
                        _("No item %(c)s on the items sheet.") % {"c": code},
                    )
                )
                continue
            index = first_row[code]
            where = material_row_label(n)
            material = {
                "material_type": text(cells["material_type"]),
                "requirement": text(cells["requirement"]) or "required",
                "condition": text(cells["condition"]),
                "form": text(cells["form"]) or "copy",
                "electronic_accepted": _boolean(
                    cells["electronic_accepted"], f"{where}.electronic_accepted", parsed.problems
                ),
                "copies": number(cells["copies"]),
            }
            parsed.rows[index]["materials"].append(material)
            parsed.material_rows[parsed.row_numbers[index]].append(n)
        return parsed
    finally:
        book.close()


def _placed(problems: list[FieldProblem], parsed: Parsed) -> list[FieldProblem]:
    """The service names a material by its item's row and index (``row 7.materials[1].form``);
    name its own row of the materials sheet instead. Then order by sheet and row."""
    item_rows = {item_row_label(n): n for n in parsed.row_numbers}
    placed = []
    for p in problems:
        found = re.fullmatch(r"(.*)\.materials\[(\d+)\]\.(\w+)", p.field)
        if found and found[1] in item_rows:
            rows = parsed.material_rows[item_rows[found[1]]]
            if int(found[2]) < len(rows):
                p = FieldProblem(
                    f"{material_row_label(rows[int(found[2])])}.{found[3]}", p.rule, p.message
                )
        placed.append(p)

    return sorted(placed, key=lambda p: parsed.places.get(p.field.split(".", 1)[0], (2, 0)))


class _Refused(Exception):
    """Rolls back a check run of the service when the cells themselves had problems."""


def catalogue_import_xlsx(*, actor: Actor, data: bytes) -> ImportResult:
    """Import a workbook in the export's layout: all of it, or nothing (ValidationFailed
    lists every problem with its sheet row and field)."""
    require_role(actor, Role.ADMIN)
    parsed = parse_workbook(data)
    found: list[FieldProblem] = []
    try:
        with transaction.atomic():
            result = catalogue_import_rows(
                actor=actor, rows=parsed.rows, row_numbers=parsed.row_numbers, note="xlsx"
            )
            if parsed.problems:
                raise _Refused  # the service's checks ran too; undo what it wrote
    except _Refused:
        pass
    except ValidationFailed as error:
        found = error.problems
    problems = _placed(parsed.problems + found, parsed)
    if problems:
        raise ValidationFailed(problems)
    return result
