"""An item's application form as a JSON Schema, pure (no database): checking a schema that
staff write, validating what an applicant submits against it (through the ``jsonschema``
library), and listing its fields in order for the pages.

A schema is an object schema whose properties are the fields::

    {"type": "object",
     "properties": {"business_name": {"type": "string", "title": "字号名称", "maxLength": 30},
                    "operator_id": {"type": "string", "title": "经营者身份证号",
                                    "format": "cn-ric"}},
     "required": ["business_name"],
     "x-order": ["business_name", "operator_id"]}

Formats beyond JSON Schema's own: ``cn-ric`` (resident ID number), ``cn-uscc`` (credit
code), ``cn-phone``. Unknown properties are refused (``additionalProperties`` is false)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from onething.core.errors import FieldProblem, ValidationFailed
from onething.core.identity import (
    CREDIT_CODE_HINT,
    DATE_HINT,
    ID_NUMBER_HINT,
    PHONE_HINT,
    credit_code_problem,
    mask_id_number,
    mask_phone,
    phone_problem,
    resident_id_problem,
)

FIELD_TYPES = {"string", "integer", "number", "boolean"}
FORMATS = {"cn-ric", "cn-uscc", "cn-phone", "date", "email"}

checker = FormatChecker(formats=["email"])

# The expected format of each special format: the input's help text, and part of the error.
FORMAT_HINTS = {
    "cn-ric": ID_NUMBER_HINT,
    "cn-uscc": CREDIT_CODE_HINT,
    "cn-phone": PHONE_HINT,
    "date": DATE_HINT,
}


@checker.checks("cn-ric")
def _ric(value: object) -> bool:
    return not isinstance(value, str) or resident_id_problem(value) is None


@checker.checks("cn-uscc")
def _uscc(value: object) -> bool:
    return not isinstance(value, str) or credit_code_problem(value) is None


@checker.checks("cn-phone")
def _phone(value: object) -> bool:
    return not isinstance(value, str) or phone_problem(value) is None


@checker.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    if isinstance(value, str):
        dt.date.fromisoformat(value)
    return True


EMPTY: dict[str, Any] = {"type": "object", "properties": {}, "required": [], "x-order": []}


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str
    required: bool
    spec: dict[str, Any]

    @property
    def format(self) -> str | None:
        return self.spec.get("format")

    @property
    def choices(self) -> list[Any] | None:
        return self.spec.get("enum")

    @property
    def hint(self) -> str:
        """What the input expects: the schema's description, or its format's hint."""
        return self.spec.get("description") or str(FORMAT_HINTS.get(self.format or "", ""))


def fields(schema: dict[str, Any]) -> list[Field]:
    """The form's fields in page order."""
    props = schema.get("properties", {}) or {}
    order = [n for n in schema.get("x-order", []) if n in props]
    order += [n for n in props if n not in order]
    required = set(schema.get("required", []))
    return [
        Field(n, props[n].get("title", n), props[n].get("type", "string"), n in required, props[n])
        for n in order
    ]


def schema_problems(schema: Any, field: str = "form_schema") -> list[FieldProblem]:
    """What is wrong with a form schema written by staff (or imported)."""
    if schema in (None, {}):
        return []
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return [FieldProblem(field, "schema", _("A form is a JSON Schema of type object."))]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [
            FieldProblem(field, "schema", _("Not a valid JSON Schema: %(e)s") % {"e": exc.message})
        ]
    problems = []
    props = schema.get("properties", {})
    for name, spec in props.items():
        if not name.isidentifier():
            problems.append(
                FieldProblem(
                    field, "field_name", _("Field names are identifiers: %(n)s.") % {"n": name}
                )
            )
        if spec.get("type") not in FIELD_TYPES:
            problems.append(
                FieldProblem(
                    field,
                    "field_type",
                    _("Field %(n)s: type is one of string, integer, number, boolean.")
                    % {"n": name},
                )
            )
        if spec.get("format") and spec["format"] not in FORMATS:
            problems.append(
                FieldProblem(
                    field,
                    "field_format",
                    _("Field %(n)s: unknown format %(f)s.") % {"n": name, "f": spec["format"]},
                )
            )
        if not spec.get("title"):
            problems.append(
                FieldProblem(
                    field, "field_title", _("Field %(n)s needs a title (its label).") % {"n": name}
                )
            )
    for name in schema.get("required", []):
        if name not in props:
            problems.append(
                FieldProblem(
                    field,
                    "required_unknown",
                    _("Required field %(n)s is not defined.") % {"n": name},
                )
            )
    for name in schema.get("x-order", []):
        if name not in props:
            problems.append(
                FieldProblem(
                    field, "order_unknown", _("Ordered field %(n)s is not defined.") % {"n": name}
                )
            )
    return problems


def _message(error) -> tuple[str, str]:
    """(rule, message) in the active language for one jsonschema error."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        return "required", _("This field is required.")
    if kind == "type":
        names = {
            "string": _("text"),
            "integer": _("a whole number"),
            "number": _("a number"),
            "boolean": _("yes or no"),
        }
        return "type", _("This should be %(t)s.") % {"t": names.get(value, value)}
    if kind == "maxLength":
        return "max_length", _("At most %(n)s characters.") % {"n": value}
    if kind == "minLength":
        return (
            ("required", _("This field is required."))
            if value == 1
            else ("min_length", _("At least %(n)s characters.") % {"n": value})
        )
    if kind in ("minimum", "exclusiveMinimum"):
        return "min", _("At least %(n)s.") % {"n": value}
    if kind in ("maximum", "exclusiveMaximum"):
        return "max", _("At most %(n)s.") % {"n": value}
    if kind == "enum":
        return "choice", _("Choose one of: %(c)s.") % {"c": "、".join(map(str, value))}
    if kind == "pattern":
        schema = error.schema if isinstance(error.schema, dict) else {}
        described = schema.get("description", "")
        message = _("The value has the wrong format.")
        return "format", f"{message} {described}" if described else message
    if kind == "additionalProperties":
        return "unknown_field", _("This form has no such field.")
    if kind == "format":
        problem = {
            "cn-ric": resident_id_problem,
            "cn-uscc": credit_code_problem,
            "cn-phone": phone_problem,
        }.get(value)
        if problem and isinstance(error.instance, str) and (found := problem(error.instance)):
            return found.rule, found.message
        if value == "date":
            return "date", str(DATE_HINT)
        return "format", _("The value has the wrong format.")
    return kind, error.message


def form_problems(schema: dict[str, Any], data: Any, prefix: str = "form") -> list[FieldProblem]:
    if not schema or not schema.get("properties"):
        return []
    strict = {**schema, "additionalProperties": False}
    strict.pop("x-order", None)
    if not isinstance(data, dict):
        return [FieldProblem(prefix, "type", _("An object is expected."))]
    validator = Draft202012Validator(strict, format_checker=checker)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        if error.validator == "required":
            # one error per missing field, each listing them all: name each field once
            missing = [n for n in error.validator_value if n not in (error.instance or {})]
            for name in missing:
                problem = FieldProblem(f"{prefix}.{name}", "required", _("This field is required."))
                if problem not in problems:
                    problems.append(problem)
            continue
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(schema.get("properties", {})))
            for name in extra:
                problems.append(
                    FieldProblem(
                        f"{prefix}.{name}", "unknown_field", _("This form has no such field.")
                    )
                )
            continue
        path = ".".join(str(p) for p in error.absolute_path)
        rule, message = _message(error)
        problems.append(FieldProblem(f"{prefix}.{path}" if path else prefix, rule, message))
    return problems


def clean_form(schema: dict[str, Any], data: Any, prefix: str = "form") -> dict[str, Any]:
    """The submitted form, validated against the schema (blank optional text dropped), or
    ValidationFailed naming each field (``form.<name>``) and the rule it broke."""
    if isinstance(data, dict):
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
        data = {k: v for k, v in data.items() if v not in ("", None)}  # blank = not given
    problems = form_problems(schema, data, prefix)
    if problems:
        raise ValidationFailed(problems)
    return data or {}


# Answers that are personal data (an ID or phone number in a form): stored encrypted,
# shown masked, like the same numbers on a Person.
PERSONAL_FORMATS = {"cn-ric": mask_id_number, "cn-phone": mask_phone}


def split_personal(schema: dict[str, Any], data: dict[str, Any]) -> tuple[dict, dict]:
    """(the answers with personal numbers masked, the personal numbers in full)."""
    masks = {
        f.name: PERSONAL_FORMATS[f.format] for f in fields(schema) if f.format in PERSONAL_FORMATS
    }
    shown = {k: (masks[k](str(v)) if k in masks else v) for k, v in data.items()}
    personal = {k: v for k, v in data.items() if k in masks}
    return shown, personal
