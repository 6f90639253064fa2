"""Every one-thing's definition as an .xlsx workbook, and back, in the manner of the
catalogue's workbook (``catalog/xlsx.py``), through core's one writer and reader
(``core/exports.py``, ``core/xlsx.py``) and its cell readers (``core/xlsx_rows.py``).

Layout (the header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped):

* sheet ``bundles``: one row per one-thing (``code``, ``name``, ``audience``,
  ``description``, ``milestone``, ``is_active`` as TRUE/FALSE);
* sheet ``steps``: one row per step, keyed by ``bundle_code``, in the order of the bundle;
  ``after`` and ``concludes_after`` as comma-separated step keys, ``waits_for_milestone``
  as TRUE/FALSE, ``outputs`` and ``checks`` as JSON text (a list of objects);
* sheet ``readme``: what each column means (written on export, ignored on import).

Reading is pure (``parse_workbook``: both sheets' headers are checked before a row is
read). Every bundle is then checked by the same rules as a bundle saved anywhere else
(``bundle_problems``: the coding rule, the step graph, the one form), and written by
``bundle_save``; the whole workbook is written in one transaction or nothing is. Every
problem names its sheet and row: ``bundles row 3.code``, ``steps row 7.after``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import sheets_to_xlsx, xlsx_response
from onething.core.models import Role
from onething.core.permissions import Actor, require_role
from onething.core.xlsx import cell_text, open_tables
from onething.core.xlsx_rows import RowAt, RowProblems, codes

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
MAX_BYTES = 10 * 1024 * 1024
EXPORT_ROLES = (Role.CLERK, Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)  # as the catalogue's
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


def _readme() -> list[list[Any]]:
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
    lines: list[list[Any]] = [[_("sheet"), _("column"), _("meaning"), _("note")]]
    for name, columns, model in (
        (BUNDLES, BUNDLE_COLUMNS, Bundle),
        (STEPS, STEP_COLUMNS, BundleStep),
    ):
        known = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        for column in columns:
            meaning = known.get(column) or known.get(column.removesuffix("_code"))
            note = "TRUE / FALSE" if column in BOOLEANS else notes.get(column, "")
            label = str(meaning.verbose_name) if meaning else column
            lines.append([name, column, label, note])
    return lines


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (bundles as ``bundle_row`` gives them). Pure."""
    bundles: list[list[Any]] = [BUNDLE_COLUMNS]
    steps: list[list[Any]] = [STEP_COLUMNS]
    for row in rows:
        bundles.append([_out(c, row.get(c)) for c in BUNDLE_COLUMNS])
        for step in row.get("steps") or []:
            values = {**step, "bundle_code": row["code"]}
            steps.append([_out(c, values.get(c)) for c in STEP_COLUMNS])
    return sheets_to_xlsx(
        {BUNDLES: bundles, STEPS: steps, README: _readme()},
        width=lambda header: 48 if header in WIDE else 18,
    )


def bundles_export_xlsx(actor: Actor) -> bytes:
    """Every one-thing, in service or not, for staff."""
    require_role(actor, *EXPORT_ROLES)
    bundles = Bundle.objects.order_by("code")
    return workbook_bytes([bundle_row(b) for b in bundles])


def workbook_response(body: bytes) -> HttpResponse:
    return xlsx_response(body, "one-things")


# --- import -------------------------------------------------------------------------------


@dataclass
class Parsed:
    """A workbook read into bundle definitions, with what was wrong in its cells."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the bundles sheet's row of each
    step_rows: dict[int, list[int]] = field(default_factory=dict)  # bundle row → step rows
    found: RowProblems = field(
        default_factory=lambda: RowProblems(bundle_row_label, step_row_label)
    )
    faulty: set[int] = field(default_factory=set)  # bundle rows whose cells had problems

    @property
    def problems(self) -> list[FieldProblem]:
        """The cells' problems, by sheet and row."""
        return self.found.problems


def _json_list(value: Any, at: RowAt, column: str) -> list[dict[str, Any]]:
    """A JSON list of objects (outputs, checks); empty is an empty list."""
    if value in (None, ""):
        return []
    try:
        found = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError as exc:
        at.add(column, "json", _("Not valid JSON: %(e)s") % {"e": exc.msg})
        return []
    if not isinstance(found, list) or not all(isinstance(x, dict) for x in found):
        at.add(column, "json", _("A JSON list of objects is expected."))
        return []
    return found


def parse_workbook(data: bytes) -> Parsed:
    """Read the bundles and steps sheets. A workbook that is not one of ours (not an .xlsx,
    a sheet or a column missing) raises ValidationFailed at once; problems in cells are
    collected in ``Parsed.found`` with their sheet row. Pure: no database."""
    parsed = Parsed()
    with open_tables(data, max_bytes=MAX_BYTES) as tables:
        bundles = tables.sheet(BUNDLES, BUNDLE_COLUMNS, required=BUNDLE_COLUMNS)
        steps = tables.sheet(STEPS, STEP_COLUMNS, required=STEP_COLUMNS)
        first_row: dict[str, int] = {}
        for n, cells in bundles.rows():
            at = parsed.found.row(n)
            before = len(parsed.found)
            row: dict[str, Any] = {
                c: cell_text(cells[c]) for c in BUNDLE_COLUMNS if c not in BOOLEANS
            }
            row["is_active"] = at.boolean("is_active", cells["is_active"], True)
            row["steps"] = []
            code = row["code"]
            if code in first_row:
                at.add(
                    "code",
                    "unique",
                    _("One-thing %(c)s appears twice (also bundles row %(m)s).")
                    % {"c": code, "m": parsed.row_numbers[first_row[code]]},
                )
            parsed.rows.append(row)
            parsed.row_numbers.append(n)
            parsed.step_rows[n] = []
            first_row.setdefault(code, len(parsed.rows) - 1)
            if len(parsed.found) > before:
                parsed.faulty.add(n)
        for n, cells in steps.rows():
            at = parsed.found.row(n, sheet=1)
            code = cell_text(cells["bundle_code"])
            if code not in first_row:
                at.add(
                    "bundle_code",
                    "unknown",
                    _("No one-thing %(c)s on the bundles sheet.") % {"c": code},
                )
                continue
            index = first_row[code]
            before = len(parsed.found)
            step = {
                "key": cell_text(cells["key"]),
                "item_code": cell_text(cells["item_code"]),
                "after": codes(cells["after"]),
                "concludes_after": codes(cells["concludes_after"]),
                "waits_for_milestone": at.boolean(
                    "waits_for_milestone", cells["waits_for_milestone"], False
                ),
                "outputs": _json_list(cells["outputs"], at, "outputs"),
                "checks": _json_list(cells["checks"], at, "checks"),
            }
            parsed.rows[index]["steps"].append(step)
            parsed.step_rows[parsed.row_numbers[index]].append(n)
            if len(parsed.found) > before:
                parsed.faulty.add(parsed.row_numbers[index])
    return parsed


STEP_FIELD = re.compile(r"steps\[(\d+)\]\.(.+)")
FORM_FIELD = re.compile(r"steps\.([a-z0-9-]+)\.(form\..+)")


def _place(
    problems: RowProblems, problem: FieldProblem, n: int, row: dict[str, Any], steps: list[int]
) -> None:
    """A problem of the bundle on bundles row ``n``, named by its sheet row: a step's by
    its own row of the steps sheet, the bundle's own fields by the bundle's row."""
    found = STEP_FIELD.fullmatch(problem.field)
    if found and int(found[1]) < len(steps):
        problems.add(steps[int(found[1])], found[2], problem.rule, problem.message, sheet=1)
        return
    found = FORM_FIELD.fullmatch(problem.field)
    if found:
        keys = [s["key"] for s in row["steps"]]
        if found[1] in keys:
            at = steps[keys.index(found[1])]
            problems.add(at, found[2], problem.rule, problem.message, sheet=1)
            return
    problems.add(n, problem.field, problem.rule, problem.message)


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
    problems = parsed.found
    existing = {b.code: b for b in Bundle.objects.all()}
    in_use = set(
        Bundle.objects.filter(code__in=[r["code"] for r in parsed.rows], runs__isnull=False)
        .values_list("code", flat=True)
        .distinct()
    )
    for row, n in zip(parsed.rows, parsed.row_numbers, strict=True):
        if n in parsed.faulty:
            continue  # its cells are wrong: the rules would only report what follows from it
        for problem in bundle_problems(row):
            _place(problems, problem, n, row, parsed.step_rows[n])
        if row["code"] in in_use:
            kept = set(existing[row["code"]].steps.values_list("key", flat=True))
            if kept != {s["key"] for s in row["steps"]}:
                problems.add(
                    n,
                    "steps",
                    "in_use",
                    _("This bundle has runs: its steps can be changed but not added or removed."),
                )
    problems.raise_any()
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
                for problem in error.problems:
                    _place(problems, problem, n, row, parsed.step_rows[n])
                raise ValidationFailed(problems.problems) from None
            created += current is None
            updated += current is not None
    return BundleImport(created, updated, unchanged, Bundle.objects.count())
