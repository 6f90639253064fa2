"""The one form of a bundle, pure: the union of its items' forms, each field asked once,
without the fields an earlier step provides; each step's part of the answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

from .graph import StepSpec


def merged_schema(schemas: Sequence[tuple[str, dict]]) -> tuple[dict, list[FieldProblem]]:
    """The union of the steps' forms, each field asked once (a field two items share is
    entered once and passed to both); a field two items define differently is a problem."""
    properties: dict[str, dict] = {}
    required: list[str] = []
    order: list[str] = []
    owners: dict[str, str] = {}
    problems: list[FieldProblem] = []
    for key, schema in schemas:
        props = (schema or {}).get("properties", {}) or {}
        names = [n for n in (schema or {}).get("x-order", []) if n in props] + [
            n for n in props if n not in (schema or {}).get("x-order", [])
        ]
        for name in names:
            spec = props[name]
            if name in properties:
                if (properties[name].get("type"), properties[name].get("format")) != (
                    spec.get("type"),
                    spec.get("format"),
                ):
                    problems.append(
                        FieldProblem(
                            f"steps.{key}.form.{name}",
                            "conflict",
                            _("Field %(f)s means different things in step %(a)s and step %(b)s.")
                            % {"f": name, "a": owners[name], "b": key},
                        )
                    )
                continue
            properties[name], owners[name] = spec, key
            order.append(name)
        for name in (schema or {}).get("required", []):
            if name not in required:
                required.append(name)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "x-order": order,
    }, problems


def provided(specs: Mapping[str, StepSpec], key: str) -> set[str]:
    """The fields a step's form gets from the steps it starts after (their outputs)."""
    return {
        str(o.get("name")) for dep in specs[key].after if dep in specs for o in specs[dep].outputs
    }


def asked(schema: dict, given: set[str]) -> dict:
    """An item's form without the fields an earlier step provides."""
    schema = schema or {}
    if not given:
        return schema
    return {
        **schema,
        "properties": {k: v for k, v in (schema.get("properties") or {}).items() if k not in given},
        "required": [n for n in schema.get("required", []) if n not in given],
        "x-order": [n for n in schema.get("x-order", []) if n not in given],
    }


def one_form_parts(
    specs: Mapping[str, StepSpec], schemas: Mapping[str, dict]
) -> list[tuple[str, dict]]:
    """Each step's questions for the one form: its item's form less what is passed to it."""
    return [(key, asked(schemas[key], provided(specs, key))) for key in specs]


def part_of(form: dict, schema: dict) -> dict:
    """The answers of the one form that an item's own form asks for."""
    props = (schema or {}).get("properties", {}) or {}
    return {k: v for k, v in form.items() if k in props}
