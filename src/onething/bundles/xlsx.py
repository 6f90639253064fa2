"""Every one-thing's definition as an .xlsx workbook, and back (openpyxl), in the manner of
the catalogue's workbook (``catalog/xlsx.py``, whose cell readers this module reuses).

Layout (the header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped):

* sheet ``bundles``: one row per one-thing (``code``, ``name``, ``audience``,
  ``description``, ``milestone``, ``is_active`` as TRUE/FALSE);
* sheet ``steps``: one row per step, keyed by ``bundle_code``, in the order of the bundle;
  ``after`` and ``concludes_after`` as comma-separated step keys, ``waits_for_milestone``
  as TRUE/FALSE, ``outputs`` and ``checks`` as JSON text (a list of objects);
* sheet ``readme``: what each column means (written on export, ignored on import).

Reading is pure (``parse_workbook``). Every bundle is then checked by the same rules as a
bundle saved anywhere else (``bundle_problems``: the coding rule, the step graph, the one
form), and written by ``bundle_save``; the whole workbook is written in one transaction or
nothing is. Every problem names its sheet and row: ``bundles row 3.code``,
``steps row 7.after``."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from onething.catalog.xlsx import EXPORT_ROLES, MAX_BYTES, boolean, codes, text
from onething.catalog.xlsx import _open as open_workbook
from onething.catalog.xlsx import _sheet_rows as sheet_rows
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import XLSX_TYPE, sheet_append
from onething.core.models import Role
from onething.core.permissions import Actor, require_role

from .models import Bundle, BundleStep
from .services.definitions import bundle_problems, bundle_row, bundle_save

__all__ = [
    "MAX_BYTES",
    "BundleImport",
    "Parsed",
    "bundles_export_xlsx",
    "bundles_import_xlsx",
    "parse_workbook",
    "workbook_bytes",
    "workbook_response",
]

BUNDLES, STEPS, README = "bundles", "steps", "readme"
BUNDLE_COLUMNS = ["code", "name", "audience", "description", "milestone", "is_active"]
STEP_COLUMNS = [
    "bundle_code",
    "key",
    "item_code",
    "after",
    "concludes_after",
    "waits_for_milestone",
    "outputs",
    "checks",
]
LISTS = {"after", "concludes_after"}
JSON_LISTS = {"outputs", "checks"}
BOOLEANS = {"is_active", "waits_for_milestone"}
WIDE = {"name", "description", "outputs", "checks", "meaning"}


def bundle_row_label(n: int) -> str:
    """How a problem names a row of the bundles sheet."""
    return _("bundles row %(n)s") % {"n": n}


def step_row_label(n: int) -> str:
    """How a problem names a row of the steps sheet."""
    return _("steps row %(n)s") % {"n": n}


# --- export -------------------------------------------------------------------------------


def _out(column: str, value: Any) -> Any:
    if column in LISTS:
        return ",".join(value) or None
    if column in JSON_LISTS:
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _readme(sheet) -> None:
    notes = {
        "code": _("YJS-<region code>-<QY or GR>-<3 digits>; the key: an existing code is updated."),
        "audience": "enterprise / person",
        "milestone": _("The event steps may wait for before they conclude; empty: none."),
        "bundle_code": _("The code of a one-thing on the bundles sheet."),
        "key": _("Lower-case letters, digits and hyphens; unique within the one-thing."),
        "item_code": _("The code of a service item in the catalogue."),
        "after": _("Comma-separated keys of the steps this one starts after."),
        "concludes_after": _(
            "Comma-separated keys of the steps this one may run beside but concludes after."
        ),
        "outputs": _(
            'JSON list: [{"name", "label", "from": licence_number | case_number | entered '
            "| form.<field>}]; empty: none."
        ),
        "checks": _(
            'JSON list: [{"rule": equals | present, "left", "right", "message"}] over '
            "form.<field> and steps.<key>.<output>; empty: none."
        ),
    }
    sheet_append(sheet, [_("sheet"), _("column"), _("meaning"), _("note")])
    for name, columns, model in (
        (BUNDLES, BUNDLE_COLUMNS, Bundle),
        (STEPS, STEP_COLUMNS, BundleStep),
    ):
        known = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        for column in columns:
            meaning = known.get(column) or known.get(column.removesuffix("_code"))
            note = "TRUE / FALSE" if column in BOOLEANS else notes.get(column, "")
            label = str(meaning.verbose_name) if meaning else column
            sheet_append(sheet, [name, column, label, note])


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (bundles as ``bundle_row`` gives them). Pure."""
    book = Workbook()
    bundles = book.active
    bundles.title = BUNDLES
    sheet_append(bundles, BUNDLE_COLUMNS)
    steps = book.create_sheet(STEPS)
    sheet_append(steps, STEP_COLUMNS)
    for row in rows:
        sheet_append(bundles, [_out(c, row.get(c)) for c in BUNDLE_COLUMNS])
        for step in row.get("steps") or []:
            values = {**step, "bundle_code": row["code"]}
            sheet_append(steps, [_out(c, values.get(c)) for c in STEP_COLUMNS])
    _readme(book.create_sheet(README))
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for i, cell in enumerate(sheet[1], start=1):
            width = 48 if cell.value in WIDE else 18
            sheet.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bundles_export_xlsx(actor: Actor) -> bytes:
    """Every one-thing, in service or not, for staff."""
    require_role(actor, *EXPORT_ROLES)
    bundles = Bundle.objects.order_by("code")
    return workbook_bytes([bundle_row(b) for b in bundles])


def workbook_response(body: bytes) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="one-things-{stamp}.xlsx"'
    return response


# --- import -------------------------------------------------------------------------------


@dataclass
class Parsed:
    """A workbook read into bundle definitions, with what was wrong in its cells."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the bundles sheet's row of each
    step_rows: dict[int, list[int]] = field(default_factory=dict)  # bundle row → step rows
    problems: list[FieldProblem] = field(default_factory=list)
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # label → (sheet, n)
    faulty: set[int] = field(default_factory=set)  # bundle rows whose cells had problems


def _boolean(value: Any, default: bool, where: str, problems: list[FieldProblem]) -> bool:
    answer = boolean(value, default)
    if answer is None:
        problems.append(FieldProblem(where, "boolean", _("TRUE or FALSE is expected.")))
        return default
    return answer


def _json_list(value: Any, where: str, problems: list[FieldProblem]) -> list[dict[str, Any]]:
    """A JSON list of objects (outputs, checks); empty is an empty list."""
    if value in (None, ""):
        return []
    try:
        found = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError as exc:
        problems.append(FieldProblem(where, "json", _("Not valid JSON: %(e)s") % {"e": exc.msg}))
        return []
    if not isinstance(found, list) or not all(isinstance(x, dict) for x in found):
        problems.append(FieldProblem(where, "json", _("A JSON list of objects is expected.")))
        return []
    return found


def parse_workbook(data: bytes) -> Parsed:
    """Read the bundles and steps sheets. A workbook that is not one of ours (not an .xlsx,
    a sheet or a column missing) raises ValidationFailed at once; problems in cells are
    collected in ``Parsed.problems`` with their sheet row. Pure: no database."""
    book = open_workbook(data)
    try:
        parsed = Parsed()
        first_row: dict[str, int] = {}
        for n, cells in sheet_rows(book, BUNDLES, BUNDLE_COLUMNS):
            where = bundle_row_label(n)
            parsed.places[where] = (0, n)
            before = len(parsed.problems)
            row: dict[str, Any] = {c: text(cells[c]) for c in BUNDLE_COLUMNS if c not in BOOLEANS}
            row["is_active"] = _boolean(
                cells["is_active"], True, f"{where}.is_active", parsed.problems
            )
            row["steps"] = []
            code = row["code"]
            if code in first_row:
                parsed.problems.append(
                    FieldProblem(
                        f"{where}.code",
                        "unique",
                        _("One-thing %(c)s appears twice (also bundles row %(m)s).")
                        % {"c": code, "m": parsed.row_numbers[first_row[code]]},
                    )
                )
            parsed.rows.append(row)
            parsed.row_numbers.append(n)
            parsed.step_rows[n] = []
            first_row.setdefault(code, len(parsed.rows) - 1)
            if len(parsed.problems) > before:
                parsed.faulty.add(n)
        for n, cells in sheet_rows(book, STEPS, STEP_COLUMNS):
            where = step_row_label(n)
            parsed.places[where] = (1, n)
            code = text(cells["bundle_code"])
            if code not in first_row:
                parsed.problems.append(
                    FieldProblem(
                        f"{where}.bundle_code",
                        "unknown",
                        _("No one-thing %(c)s on the bundles sheet.") % {"c": code},
                    )
                )
                continue
            index = first_row[code]
            before = len(parsed.problems)
            step = {
                "key": text(cells["key"]),
                "item_code": text(cells["item_code"]),
                "after": codes(cells["after"]),
                "concludes_after": codes(cells["concludes_after"]),
                "waits_for_milestone": _boolean(
                    cells["waits_for_milestone"],
                    False,
                    f"{where}.waits_for_milestone",
                    parsed.problems,
                ),
                "outputs": _json_list(cells["outputs"], f"{where}.outputs", parsed.problems),
                "checks": _json_list(cells["checks"], f"{where}.checks", parsed.problems),
            }
            parsed.rows[index]["steps"].append(step)
            parsed.step_rows[parsed.row_numbers[index]].append(n)
            if len(parsed.problems) > before:
                parsed.faulty.add(parsed.row_numbers[index])
        return parsed
    finally:
        book.close()


STEP_FIELD = re.compile(r"steps\[(\d+)\]\.(.+)")
FORM_FIELD = re.compile(r"steps\.([a-z0-9-]+)\.(form\..+)")


def _placed(problem: FieldProblem, n: int, row: dict[str, Any], steps: list[int]) -> FieldProblem:
    """A problem of the bundle on bundles row ``n``, named by its sheet row: a step's by
    its own row of the steps sheet, the bundle's own fields by the bundle's row."""
    found = STEP_FIELD.fullmatch(problem.field)
    if found and int(found[1]) < len(steps):
        where = f"{step_row_label(steps[int(found[1])])}.{found[2]}"
        return FieldProblem(where, problem.rule, problem.message)
    found = FORM_FIELD.fullmatch(problem.field)
    if found:
        keys = [s["key"] for s in row["steps"]]
        if found[1] in keys:
            where = f"{step_row_label(steps[keys.index(found[1])])}.{found[2]}"
            return FieldProblem(where, problem.rule, problem.message)
    return FieldProblem(f"{bundle_row_label(n)}.{problem.field}", problem.rule, problem.message)


def _normal(row: dict[str, Any]) -> dict[str, Any]:
    """A definition as ``bundle_row`` shows it once saved (texts stripped, defaults)."""
    return {
        "code": row["code"],
        "name": str(row.get("name") or "").strip(),
        "audience": row["audience"],
        "description": str(row.get("description") or "").strip(),
        "milestone": str(row.get("milestone") or "").strip(),
        "is_active": bool(row.get("is_active", True)),
        "steps": [
            {
                "key": s["key"],
                "item_code": s["item_code"],
                "after": list(s.get("after") or []),
                "concludes_after": list(s.get("concludes_after") or []),
                "waits_for_milestone": bool(s.get("waits_for_milestone")),
                "outputs": list(s.get("outputs") or []),
                "checks": list(s.get("checks") or []),
            }
            for s in row.get("steps") or []
        ],
    }


@dataclass(frozen=True)
class BundleImport:
    created: int
    updated: int
    unchanged: int
    total: int


def bundles_import_xlsx(*, actor: Actor, data: bytes) -> BundleImport:
    """Import a workbook in the export's layout (administrators): every bundle is checked
    first; any problem raises ValidationFailed listing each with its sheet row and field,
    and nothing is written. A bundle the workbook leaves as it is is not saved again."""
    require_role(actor, Role.ADMIN)
    parsed = parse_workbook(data)
    problems = list(parsed.problems)
    existing = {b.code: b for b in Bundle.objects.all()}
    in_use = set(
        Bundle.objects.filter(code__in=[r["code"] for r in parsed.rows], runs__isnull=False)
        .values_list("code", flat=True)
        .distinct()
    )
    for row, n in zip(parsed.rows, parsed.row_numbers, strict=True):
        if n in parsed.faulty:
            continue  # its cells are wrong: the rules would only report what follows from it
        steps = parsed.step_rows[n]
        problems += [_placed(p, n, row, steps) for p in bundle_problems(row)]
        if row["code"] in in_use:
            kept = set(existing[row["code"]].steps.values_list("key", flat=True))
            if kept != {s["key"] for s in row["steps"]}:
                problems.append(
                    FieldProblem(
                        f"{bundle_row_label(n)}.steps",
                        "in_use",
                        _(
                            "This bundle has runs: its steps can be changed but not added "
                            "or removed."
                        ),
                    )
                )
    if problems:
        order = parsed.places
        raise ValidationFailed(
            sorted(problems, key=lambda p: order.get(p.field.split(".", 1)[0], (2, 0)))
        )
    created = updated = unchanged = 0
    with transaction.atomic():
        for row, n in zip(parsed.rows, parsed.row_numbers, strict=True):
            current = existing.get(row["code"])
            if current is not None and bundle_row(current) == _normal(row):
                unchanged += 1
                continue
            try:
                bundle_save(actor=actor, data=row, note="xlsx")
            except ValidationFailed as error:  # changed meanwhile: roll back the whole file
                raise ValidationFailed(
                    [_placed(p, n, row, parsed.step_rows[n]) for p in error.problems]
                ) from None
            created += current is None
            updated += current is not None
    return BundleImport(created, updated, unchanged, Bundle.objects.count())
