"""Saving a bundle's definition: every rule checked first (the coding rule, the step graph,
the one form), then written whole, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.catalog.models import ServiceItem
from onething.core import refdata
from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.permissions import Actor, require_role
from onething.core.services.audit import audit_record

from ..models import Audience, Bundle, BundleStep, Level
from ..rules import (
    StepSpec,
    bundle_code_problems,
    graph_problems,
    merged_schema,
    one_form_parts,
)

LISTED_IN_MAX = 100
STEP_FIELDS = (
    "key",
    "item_code",
    "after",
    "concludes_after",
    "waits_for_milestone",
    "outputs",
    "checks",
)


def _spec(row: dict[str, Any]) -> StepSpec:
    return StepSpec(
        key=str(row.get("key") or ""),
        item_code=str(row.get("item_code") or ""),
        after=tuple(row.get("after") or ()),
        concludes_after=tuple(row.get("concludes_after") or ()),
        outputs=tuple(row.get("outputs") or ()),
        checks=tuple(row.get("checks") or ()),
        waits_for_milestone=bool(row.get("waits_for_milestone")),
    )


def _shape_problems(rows: Any) -> list[FieldProblem]:
    """Steps that are not shaped as a definition (before any rule can read them)."""
    if not isinstance(rows, list):
        return [FieldProblem("steps", "type", _("The steps are a list."))]
    problems = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(FieldProblem(f"steps[{i}]", "type", _("A step is an object.")))
            continue
        for name in ("after", "concludes_after"):
            value = row.get(name) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(
                    FieldProblem(
                        f"steps[{i}].{name}", "type", _("A list of step keys is expected.")
                    )
                )
        for name in ("outputs", "checks"):
            value = row.get(name) or []
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                problems.append(
                    FieldProblem(f"steps[{i}].{name}", "type", _("A list of objects is expected."))
                )
    return problems


def bundle_problems(data: dict[str, Any]) -> list[FieldProblem]:
    """Everything wrong with a bundle definition (a dict as saved, imported or posted)."""
    problems: list[FieldProblem] = []
    audience = data.get("audience")
    if audience not in Audience.values:
        problems.append(
            FieldProblem("audience", "choice", _("The audience is enterprise or person."))
        )
    if not str(data.get("name") or "").strip():
        problems.append(FieldProblem("name", "required", _("The name is required.")))
    if (data.get("level") or Level.CITY) not in Level.values:
        problems.append(
            FieldProblem("level", "choice", _("The level is national, provincial or city."))
        )
    if len(str(data.get("listed_in") or "").strip()) > LISTED_IN_MAX:
        problems.append(
            FieldProblem(
                "listed_in", "max_length", _("At most %(n)s characters.") % {"n": LISTED_IN_MAX}
            )
        )
    problems += bundle_code_problems(str(data.get("code") or ""), audience)
    rows = data.get("steps") or []
    shape = _shape_problems(rows)
    if shape:
        return problems + shape
    specs = [_spec(r) for r in rows]
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=[s.item_code for s in specs])}
    problems += graph_problems(specs, set(items))
    if not problems:
        by_key = {s.key: s for s in specs}
        schemas = {s.key: items[s.item_code].form_schema for s in specs}
        _schema, conflicts = merged_schema(one_form_parts(by_key, schemas))
        problems += conflicts
    if not str(data.get("milestone") or "").strip() and any(s.waits_for_milestone for s in specs):
        problems.append(
            FieldProblem("milestone", "required", _("Name the milestone the steps wait for."))
        )
    return problems


@transaction.atomic
def bundle_save(*, actor: Actor, data: dict[str, Any], note: str = "") -> Bundle:
    """Create or replace a bundle and its steps (``note``: where from, e.g. admin, xlsx)."""
    require_role(actor, "admin")
    problems = bundle_problems(data)
    if problems:
        raise ValidationFailed(problems)
    items = {
        i.code: i
        for i in ServiceItem.objects.filter(code__in=[r["item_code"] for r in data["steps"]])
    }
    bundle, created = Bundle.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"].strip(),
            "audience": data["audience"],
            "description": (data.get("description") or "").strip(),
            "milestone": (data.get("milestone") or "").strip(),
            "level": data.get("level") or Level.CITY,
            "listed_in": (data.get("listed_in") or "").strip(),
            "is_active": bool(data.get("is_active", True)),
        },
    )
    if not created and bundle.runs.exists():
        kept = {s.key for s in bundle.steps.all()}
        if kept != {r["key"] for r in data["steps"]}:
            raise ValidationFailed.one(
                "steps",
                "in_use",
                _("This bundle has runs: its steps can be changed but not added or removed."),
            )
    existing = {s.key: s for s in bundle.steps.all()}
    for order, row in enumerate(data["steps"]):
        step = existing.get(row["key"]) or BundleStep(bundle=bundle, key=row["key"])
        step.item = items[row["item_code"]]
        step.order = order
        step.after = list(row.get("after") or [])
        step.concludes_after = list(row.get("concludes_after") or [])
        step.waits_for_milestone = bool(row.get("waits_for_milestone"))
        step.outputs = list(row.get("outputs") or [])
        step.checks = list(row.get("checks") or [])
        step.save()
    BundleStep.objects.filter(bundle=bundle).exclude(
        key__in=[r["key"] for r in data["steps"]]
    ).delete()
    refdata.bump()
    audit_record(
        actor=actor, action="bundle.save", subject=bundle, after=bundle_row(bundle), note=note
    )
    return bundle


def bundle_row(bundle: Bundle) -> dict[str, Any]:
    """A bundle as data (the inverse of bundle_save; the .xlsx layout)."""
    return {
        "code": bundle.code,
        "name": bundle.name,
        "audience": bundle.audience,
        "description": bundle.description,
        "milestone": bundle.milestone,
        "level": bundle.level,
        "listed_in": bundle.listed_in,
        "is_active": bundle.is_active,
        "steps": [
            {
                "key": s.key,
                "item_code": s.item.code,
                "after": list(s.after),
                "concludes_after": list(s.concludes_after),
                "waits_for_milestone": s.waits_for_milestone,
                "outputs": list(s.outputs),
                "checks": list(s.checks),
            }
            for s in bundle.steps.select_related("item").order_by("order", "id")
        ],
    }
