"""Writes of the catalogue. Every change of items goes through ``catalogue_import_rows``:
the demo loader, the .xlsx import and the admin all use it, so a row is checked the same
way wherever it comes from, and a batch is written entirely or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core import refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.models import Department, Region
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from .formschema import schema_problems
from .models import (
    Audience,
    Category,
    Form,
    ItemKind,
    LifeEvent,
    MaterialRequirement,
    MaterialType,
    Requirement,
    ServiceItem,
)

ITEM_FIELDS = [
    "name",
    "audience",
    "kind",
    "statutory_days",
    "promised_days",
    "fee_fen",
    "licence_name",
    "licence_valid_years",
    "online",
    "at_window",
    "form_schema",
    "legal_basis",
    "is_active",
]


# The columns' own limits, checked up front so that no database refuses a row midway.
TEXT_LIMITS = {"code": 40, "name": 100, "licence_name": 60}
NUMBER_LIMITS = {
    "statutory_days": 32767,
    "promised_days": 32767,
    "fee_fen": 2_147_483_647,
    "licence_valid_years": 32767,
}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    total: int


class _Lookups:
    def __init__(self) -> None:
        self.departments = {d.code: d for d in Department.objects.all()}
        self.categories = {c.code: c for c in Category.objects.all()}
        self.events = {e.code: e for e in LifeEvent.objects.all()}
        self.material_types = {m.code: m for m in MaterialType.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError
    number = int(value)
    if number != float(value):
        raise ValueError
    return number


def row_problems(row: dict[str, Any], where: str, lookups: _Lookups) -> list[FieldProblem]:
    """Everything wrong with one catalogue row (``where`` prefixes the field names, e.g.
    ``row 7``)."""
    p: list[FieldProblem] = []

    def bad(field: str, rule: str, message: str) -> None:
        p.append(FieldProblem(f"{where}.{field}", rule, message))

    if not str(row.get("code") or "").strip():
        bad("code", "required", _("The item code is required."))
    if not str(row.get("name") or "").strip():
        bad("name", "required", _("The name is required."))
    if row.get("department_code") not in lookups.departments:
        bad(
            "department_code",
            "unknown",
            _("Unknown department %(c)s.") % {"c": row.get("department_code")},
        )
    if row.get("category") not in lookups.categories:
        bad("category", "unknown", _("Unknown category %(c)s.") % {"c": row.get("category")})
    for event in row.get("life_events") or []:
        if event not in lookups.events:
            bad("life_events", "unknown", _("Unknown life event %(c)s.") % {"c": event})
    for region in row.get("regions") or []:
        if region not in lookups.regions:
            bad("regions", "unknown", _("Unknown region %(c)s.") % {"c": region})
    if row.get("audience", "both") not in Audience.values:
        bad("audience", "choice", _("Audience is person, enterprise or both."))
    if row.get("kind") not in ItemKind.values:
        bad("kind", "choice", _("Kind is instant or promised."))
    for field, limit in TEXT_LIMITS.items():
        if len(str(row.get(field) or "").strip()) > limit:
            bad(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    numbers = {}
    for field, most in NUMBER_LIMITS.items():
        try:
            numbers[field] = _int(row.get(field))
        except (TypeError, ValueError, OverflowError):
            bad(field, "integer", _("A whole number is expected."))
            continue
        if numbers[field] is not None and numbers[field] < 0:
            bad(field, "min", _("At least %(n)s.") % {"n": 0})
        elif numbers[field] is not None and numbers[field] > most:
            bad(field, "max", _("At most %(n)s.") % {"n": most})
    if numbers.get("statutory_days") is None and "statutory_days" not in {
        x.field.split(".")[-1] for x in p
    }:
        bad("statutory_days", "required", _("The statutory limit is required."))
    if numbers.get("promised_days") is None and "promised_days" not in {
        x.field.split(".")[-1] for x in p
    }:
        bad("promised_days", "required", _("The promised limit is required."))
    statutory, promised = numbers.get("statutory_days"), numbers.get("promised_days")
    if statutory is not None and promised is not None and promised > statutory:
        bad(
            "promised_days",
            "within_statutory",
            _("The promised limit (%(p)s) exceeds the statutory limit (%(s)s).")
            % {"p": promised, "s": statutory},
        )
    if row.get("kind") == ItemKind.INSTANT and promised not in (None, 0):
        bad(
            "promised_days",
            "instant",
            _("An instant item is concluded on the spot: 0 promised days."),
        )
    if not row.get("online", True) and not row.get("at_window", True):
        bad("online", "channel", _("An item is offered online, at a window, or both."))
    for problem in schema_problems(row.get("form_schema") or {}, field=f"{where}.form_schema"):
        p.append(problem)
    seen = set()
    for i, material in enumerate(row.get("materials") or []):
        at = f"materials[{i}]"
        code = material.get("material_type")
        if code not in lookups.material_types:
            bad(f"{at}.material_type", "unknown", _("Unknown material type %(c)s.") % {"c": code})
        if code in seen:
            bad(
                f"{at}.material_type",
                "unique",
                _("Material type %(c)s is listed twice.") % {"c": code},
            )
        seen.add(code)
        if material.get("requirement", "required") not in Requirement.values:
            bad(f"{at}.requirement", "choice", _("Requirement is required or conditional."))
        if material.get("form", "copy") not in Form.values:
            bad(f"{at}.form", "choice", _("Form is original, copy or either."))
        if len(str(material.get("condition") or "")) > 200:
            bad(f"{at}.condition", "max_length", _("At most %(n)s characters.") % {"n": 200})
        try:
            copies = _int(material.get("copies"))
        except (TypeError, ValueError, OverflowError):
            bad(f"{at}.copies", "integer", _("A whole number is expected."))
        else:
            if copies is not None and not 1 <= copies <= 32767:
                bad(f"{at}.copies", "range", _("Between 1 and 32767 copies."))
    return p


def item_problems(row: dict[str, Any], where: str = "item") -> list[FieldProblem]:
    """Everything wrong with one row, against the catalogue as it is now (the admin checks
    its form with this before it saves through ``catalogue_import_rows``)."""
    return row_problems(row, where, _Lookups())


@transaction.atomic
def catalogue_import_rows(
    *,
    actor: Actor,
    rows: list[dict[str, Any]],
    only_new: bool = False,
    first_row: int = 0,
    row_numbers: list[int] | None = None,
    note: str = "",
) -> ImportResult:
    """Create or update items from rows (dicts; see ``demo.rows`` and the .xlsx layout).
    Every row is checked first; if any has a problem, nothing is written and every problem
    is reported with its row (``row <n>.<field>``). Rows are numbered from ``first_row``, or
    by ``row_numbers`` (one per row: a sheet's own row numbers, blank rows skipped).
    ``only_new`` leaves existing items as they are (the demo loader); ``note`` goes into
    each audit entry (where the change came from: admin, xlsx …)."""
    require_role(actor, "admin")
    lookups = _Lookups()
    problems: list[FieldProblem] = []
    codes: dict[str, int] = {}
    numbers = row_numbers if row_numbers is not None else range(first_row, first_row + len(rows))
    for n, row in zip(numbers, rows, strict=True):
        where = _("row %(n)s") % {"n": n}
        problems += row_problems(row, where, lookups)
        code = str(row.get("code") or "").strip()
        if code in codes:
            problems.append(
                FieldProblem(
                    f"{where}.code",
                    "unique",
                    _("Item %(c)s appears twice (also row %(m)s).") % {"c": code, "m": codes[code]},
                )
            )
        codes[code] = n
    if problems:
        raise ValidationFailed(problems)
    refdata.bump()
    created = updated = 0
    existing = {i.code: i for i in ServiceItem.objects.filter(code__in=codes)}
    for row in rows:
        code = str(row["code"]).strip()
        item = existing.get(code)
        if item is not None and only_new:
            continue
        values = {
            "name": str(row["name"]).strip(),
            "department": lookups.departments[row["department_code"]],
            "category": lookups.categories[row["category"]],
            "audience": row.get("audience") or Audience.BOTH,
            "kind": row["kind"],
            "statutory_days": _int(row["statutory_days"]),
            "promised_days": _int(row["promised_days"]),
            "fee_fen": _int(row.get("fee_fen")) or 0,
            "licence_name": str(row.get("licence_name") or "").strip(),
            "licence_valid_years": _int(row.get("licence_valid_years")),
            "online": bool(row.get("online", True)),
            "at_window": bool(row.get("at_window", True)),
            "form_schema": row.get("form_schema") or {},
            "legal_basis": str(row.get("legal_basis") or "").strip(),
            "is_active": bool(row.get("is_active", True)),
        }
        before = None
        if item is None:
            item = ServiceItem.objects.create(code=code, **values)
            created += 1
        else:
            before = export_row(item)
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
            updated += 1
        item.regions.set([lookups.regions[c] for c in row.get("regions") or []])
        item.life_events.set([lookups.events[c] for c in row.get("life_events") or []])
        item.materials.all().delete()
        MaterialRequirement.objects.bulk_create(
            MaterialRequirement(
                item=item,
                material_type=lookups.material_types[m["material_type"]],
                requirement=m.get("requirement", Requirement.REQUIRED),
                condition=m.get("condition", "") or "",
                form=m.get("form", Form.COPY),
                electronic_accepted=bool(m.get("electronic_accepted", True)),
                copies=_int(m.get("copies")) or 1,
                order=i,
            )
            for i, m in enumerate(row.get("materials") or [])
        )
        after = export_row(item)
        if after != before:
            audit_record(
                actor=actor,
                action="item.import",
                subject=item,
                before=before,
                after=after,
                note=note,
            )
    return ImportResult(created, updated, ServiceItem.objects.count())


def export_row(item: ServiceItem) -> dict[str, Any]:
    """One item as a row (the inverse of the import)."""
    return {
        "code": item.code,
        "name": item.name,
        "department_code": item.department.code,
        "category": item.category.code,
        "life_events": sorted(e.code for e in item.life_events.all()),
        "audience": item.audience,
        "kind": item.kind,
        "statutory_days": item.statutory_days,
        "promised_days": item.promised_days,
        "fee_fen": item.fee_fen,
        "licence_name": item.licence_name,
        "licence_valid_years": item.licence_valid_years,
        "online": item.online,
        "at_window": item.at_window,
        "form_schema": item.form_schema,
        "materials": [
            {
                "material_type": m.material_type.code,
                "requirement": m.requirement,
                "condition": m.condition,
                "form": m.form,
                "electronic_accepted": m.electronic_accepted,
                "copies": m.copies,
            }
            for m in item.materials.select_related("material_type").order_by("order", "id")
        ],
        "regions": sorted(r.code for r in item.regions.all()),
        "legal_basis": item.legal_basis,
        "is_active": item.is_active,
    }
