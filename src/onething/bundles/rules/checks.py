"""Data passing between steps and the checks on it, pure: what a step produced, whether its
checks hold over the one form and the outputs of the steps before it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .graph import refs

MISSING = object()


def resolve(ref: str, form: Mapping[str, Any], outputs: Mapping[str, Mapping[str, Any]]) -> Any:
    parts = ref.split(".")
    if parts[0] == "form":
        return form.get(parts[1], MISSING)
    return outputs.get(parts[1], {}).get(parts[2], MISSING)


def form_only(check: dict) -> bool:
    return all(ref.startswith("form.") for ref in refs(check))


def failed_checks(
    checks: Sequence[dict], form: Mapping[str, Any], outputs: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """The messages of the checks that do not hold (the check's own message, else a default
    one naming what disagreed or is missing)."""
    failed = []
    for check in checks:
        if check["rule"] == "present":
            if resolve(check["left"], form, outputs) in (MISSING, None, ""):
                failed.append(
                    check.get("message") or _("%(r)s is not there yet.") % {"r": check["left"]}
                )
        elif check["rule"] == "equals":
            left, right = (resolve(check[k], form, outputs) for k in ("left", "right"))
            if left is MISSING or right is MISSING or _norm(left) != _norm(right):
                failed.append(
                    check.get("message")
                    or _("%(l)s (%(lv)s) does not agree with %(r)s (%(rv)s).")
                    % {
                        "l": check["left"],
                        "lv": _show(left),
                        "r": check["right"],
                        "rv": _show(right),
                    }
                )
    return failed


def _norm(value: Any) -> Any:
    """Numbers compare as decimals (12000 agrees with "12000.00"), text stripped."""
    if isinstance(value, bool):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return str(value).strip()


def _show(value: Any) -> str:
    return "—" if value is MISSING else str(value)


def output_values(
    specs: Sequence[dict],
    *,
    licence_number: str,
    case_number: str,
    form: Mapping[str, Any],
    entered: Mapping[str, Any],
) -> dict[str, Any]:
    """What a concluded step produced, from its declared outputs."""
    values: dict[str, Any] = {}
    for spec in specs:
        source = spec["from"]
        if source == "licence_number":
            values[spec["name"]] = licence_number
        elif source == "case_number":
            values[spec["name"]] = case_number
        elif source == "entered":
            values[spec["name"]] = entered.get(spec["name"], "")
        else:
            values[spec["name"]] = form.get(source.split(".", 1)[1], "")
    return values
