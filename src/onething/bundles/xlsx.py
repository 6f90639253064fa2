"""Every one-thing's definition as an .xlsx workbook, and back: a ``Book`` of core's
workbooks of parents and children (``core/workbooks.py``, as the catalogue's), written and
read by core's one writer and reader, its cells by core's cell readers
(``core/xlsx_rows.py``).

Layout (the header row holds the column keys; the order of columns does not matter, other
columns and sheets are ignored, blank rows are skipped):

* sheet ``bundles``: one row per one-thing (``code``, ``name``, ``audience``, ``level``
  national / provincial / city, ``listed_in``, ``description``, ``milestone``,
  ``is_active`` as TRUE/FALSE);
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
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.exports import xlsx_response
from onething.core.models import Role
from onething.core.permissions import STAFF_ROLES, Actor, require_role
from onething.core.workbooks import MAX_BYTES, Book, ParsedBook, Sheet
from onething.core.xlsx import cell_text
from onething.core.xlsx_rows import RowAt, RowProblems, codes

from .models import Bundle, BundleStep
from .services.definitions import STEP_FIELDS, bundle_problems, bundle_row, bundle_save

__all__ = [
    "MAX_BYTES",
    "BundleImport",
    "bundles_export_xlsx",
    "bundles_import_xlsx",
    "parse_workbook",
    "workbook_bytes",
    "workbook_response",
]

BUNDLE_COLUMNS = [
    "code",
    "name",
    "audience",
    "level",
    "listed_in",
    "description",
    "milestone",
    "is_active",
]
STEP_COLUMNS = ["bundle_code", *STEP_FIELDS]
BOOLEANS = {"is_active", "waits_for_milestone"}


def bundle_row_label(n: int) -> str:
    """How a problem names a row of the bundles sheet."""
    return _("bundles row %(n)s") % {"n": n}


def step_row_label(n: int) -> str:
    """How a problem names a row of the steps sheet."""
    return _("steps row %(n)s") % {"n": n}


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


def _bundle(at: RowAt, cells: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {c: cell_text(cells[c]) for c in BUNDLE_COLUMNS if c not in BOOLEANS}
    row["is_active"] = at.boolean("is_active", cells["is_active"], True)
    return row


def _step(at: RowAt, cells: dict[str, Any]) -> dict[str, Any]:
    return {
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


BOOK = Book(
    parents=Sheet("bundles", BUNDLE_COLUMNS, Bundle, bundle_row_label),
    children=Sheet("steps", STEP_COLUMNS, BundleStep, step_row_label),
    children_key="steps",
    parent_column="bundle_code",
    read_parent=_bundle,
    read_child=_step,
    unknown_parent=gettext_lazy("No one-thing %(c)s on the bundles sheet."),
    twice=gettext_lazy("One-thing %(c)s appears twice (also bundles row %(m)s)."),
    notes={
        "code": gettext_lazy(
            "YJS-<region code>-<QY or GR>-<3 digits>; the key: an existing code is updated."
        ),
        "audience": "enterprise / person",
        "level": gettext_lazy(
            "national / provincial (the key items) / city (the city's own); empty: city."
        ),
        "listed_in": gettext_lazy("The list that names a key item; empty for the city's own."),
        "milestone": gettext_lazy(
            "The event steps may wait for before they conclude; empty: none."
        ),
        "bundle_code": gettext_lazy("The code of a one-thing on the bundles sheet."),
        "key": gettext_lazy("Lower-case letters, digits and hyphens; unique within the one-thing."),
        "item_code": gettext_lazy("The code of a service item in the catalogue."),
        "after": gettext_lazy("Comma-separated keys of the steps this one starts after."),
        "concludes_after": gettext_lazy(
            "Comma-separated keys of the steps this one may run beside but concludes after."
        ),
        "outputs": gettext_lazy(
            'JSON list: [{"name", "label", "from": licence_number | case_number | entered '
            "| form.<field>}]; empty: none."
        ),
        "checks": gettext_lazy(
            'JSON list: [{"rule": equals | present, "left", "right", "message"}] over '
            "form.<field> and steps.<key>.<output>; empty: none."
        ),
    },
    lists={"after", "concludes_after"},
    json={"outputs", "checks"},
    booleans=BOOLEANS,
    wide={"name", "listed_in", "description", "outputs", "checks", "meaning"},
    widths=(48, 18),
)


# --- export -------------------------------------------------------------------------------


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The workbook of ``rows`` (bundles as ``bundle_row`` gives them). Pure."""
    return BOOK.write(rows)


def bundles_export_xlsx(actor: Actor) -> bytes:
    """Every one-thing, in service or not, for staff."""
    require_role(actor, *STAFF_ROLES)
    bundles = Bundle.objects.order_by("code")
    return workbook_bytes([bundle_row(b) for b in bundles])


def workbook_response(body: bytes) -> HttpResponse:
    return xlsx_response(body, "one-things")


# --- import -------------------------------------------------------------------------------


def parse_workbook(data: bytes) -> ParsedBook:
    """Read the bundles and steps sheets (``Book.read``): a workbook that is not one of
    ours raises ValidationFailed at once; problems in cells are collected in
    ``ParsedBook.found`` with their sheet row (a code listed twice is one). Pure: no
    database."""
    return BOOK.read(data)


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
        "level": row.get("level") or "city",
        "listed_in": str(row.get("listed_in") or "").strip(),
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
            _place(problems, problem, n, row, parsed.child_rows[n])
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
                    _place(problems, problem, n, row, parsed.child_rows[n])
                raise ValidationFailed(problems.problems) from None
            created += current is None
            updated += current is not None
    return BundleImport(created, updated, unchanged, Bundle.objects.count())
