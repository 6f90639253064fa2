"""Bundle rules, pure (no database): the coding rule, the step graph (a DAG), the one form,
data passing between steps and the checks on it, what may start and what may conclude,
elapsed and relay times."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

# 一件事赋码: YJS-<issuing region code, 6 digits>-<QY enterprise | GR citizen>-<3-digit sequence>
CODE = re.compile(r"^YJS-(\d{6})-(QY|GR)-(\d{3})$")
AUDIENCE_LETTERS = {"enterprise": "QY", "person": "GR"}
OUTPUT_SOURCES = re.compile(r"^(licence_number|case_number|entered|form\.[A-Za-z_][A-Za-z0-9_]*)$")
REF = re.compile(r"^(form\.[A-Za-z_][A-Za-z0-9_]*|steps\.[a-z0-9-]+\.[A-Za-z_][A-Za-z0-9_]*)$")
MISSING = object()


def bundle_code_problems(code: str, audience: str) -> list[FieldProblem]:
    match = CODE.match(code or "")
    if match is None:
        return [
            FieldProblem(
                "code",
                "format",
                _(
                    "A one-thing code reads YJS-<region code>-<QY or GR>-<3 digits>, "
                    "e.g. YJS-320200-QY-001."
                ),
            )
        ]
    if AUDIENCE_LETTERS.get(audience) != match.group(2):
        return [
            FieldProblem(
                "code",
                "audience",
                _("The code's audience letters must be %(l)s for this audience.")
                % {"l": AUDIENCE_LETTERS.get(audience, "?")},
            )
        ]
    return []


@dataclass(frozen=True)
class StepSpec:
    key: str
    item_code: str
    after: tuple[str, ...] = ()
    concludes_after: tuple[str, ...] = ()
    outputs: tuple[dict, ...] = ()
    checks: tuple[dict, ...] = ()
    waits_for_milestone: bool = False

    @property
    def depends_on(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.after + self.concludes_after))


def _refs(check: dict) -> list[str]:
    return [check[k] for k in ("left", "right") if isinstance(check.get(k), str)]


def ancestors(steps: Mapping[str, StepSpec], key: str) -> set[str]:
    seen: set[str] = set()
    todo = list(steps[key].depends_on)
    while todo:
        k = todo.pop()
        if k in seen or k not in steps:
            continue
        seen.add(k)
        todo.extend(steps[k].depends_on)
    return seen


def graph_problems(specs: Sequence[StepSpec], known_items: set[str]) -> list[FieldProblem]:
    """Everything wrong with a bundle's steps: unknown items, unknown or duplicate keys, a
    step depending on itself, a cycle, outputs badly declared, checks reading what the step
    does not depend on."""
    problems: list[FieldProblem] = []
    steps: dict[str, StepSpec] = {}
    for i, spec in enumerate(specs):
        where = f"steps[{i}]"
        if not re.fullmatch(r"[a-z0-9-]{1,40}", spec.key or ""):
            problems.append(
                FieldProblem(
                    f"{where}.key",
                    "format",
                    _("A step key is lower-case letters, digits and hyphens."),
                )
            )
        if spec.key in steps:
            problems.append(
                FieldProblem(
                    f"{where}.key", "unique", _("Step %(k)s appears twice.") % {"k": spec.key}
                )
            )
        if spec.item_code not in known_items:
            problems.append(
                FieldProblem(
                    f"{where}.item_code",
                    "unknown",
                    _("There is no service item %(c)s.") % {"c": spec.item_code},
                )
            )
        steps[spec.key] = spec
    if not specs:
        problems.append(FieldProblem("steps", "required", _("A bundle has at least one step.")))
    for i, spec in enumerate(specs):
        where = f"steps[{i}]"
        for dep in spec.depends_on:
            if dep == spec.key:
                problems.append(
                    FieldProblem(
                        f"{where}.after",
                        "self",
                        _("Step %(k)s depends on itself.") % {"k": spec.key},
                    )
                )
            elif dep not in steps:
                problems.append(
                    FieldProblem(
                        f"{where}.after",
                        "unknown_step",
                        _("Step %(k)s depends on an unknown step %(d)s.")
                        % {"k": spec.key, "d": dep},
                    )
                )
        for j, output in enumerate(spec.outputs):
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(output.get("name", ""))):
                problems.append(
                    FieldProblem(
                        f"{where}.outputs[{j}]", "name", _("An output has a name (an identifier).")
                    )
                )
            if not OUTPUT_SOURCES.match(str(output.get("from", ""))):
                problems.append(
                    FieldProblem(
                        f"{where}.outputs[{j}]",
                        "from",
                        _(
                            "An output comes from licence_number, case_number, entered "
                            "or form.<field>."
                        ),
                    )
                )
    cycle = find_cycle(steps)
    if cycle:
        problems.append(
            FieldProblem(
                "steps",
                "cycle",
                _("The steps depend on each other in a circle: %(c)s.") % {"c": " → ".join(cycle)},
            )
        )
        return problems
    for i, spec in enumerate(specs):
        where = f"steps[{i}]"
        upstream = ancestors(steps, spec.key) if spec.key in steps else set()
        for j, check in enumerate(spec.checks):
            if check.get("rule") not in ("equals", "present"):
                problems.append(
                    FieldProblem(
                        f"{where}.checks[{j}]", "rule", _("A check's rule is equals or present.")
                    )
                )
                continue
            refs = _refs(check)
            if not refs or (check["rule"] == "equals" and len(refs) != 2):
                problems.append(
                    FieldProblem(
                        f"{where}.checks[{j}]", "refs", _("A check names what it compares.")
                    )
                )
            for ref in refs:
                if not REF.match(ref):
                    problems.append(
                        FieldProblem(
                            f"{where}.checks[{j}]",
                            "ref",
                            _("%(r)s is not form.<field> or steps.<key>.<output>.") % {"r": ref},
                        )
                    )
                    continue
                if ref.startswith("steps."):
                    producer, name = ref.split(".")[1:3]
                    if producer not in upstream:
                        problems.append(
                            FieldProblem(
                                f"{where}.checks[{j}]",
                                "not_upstream",
                                _("Step %(k)s reads %(r)s but does not depend on step %(p)s.")
                                % {"k": spec.key, "r": ref, "p": producer},
                            )
                        )
                    elif name not in {o.get("name") for o in steps[producer].outputs}:
                        problems.append(
                            FieldProblem(
                                f"{where}.checks[{j}]",
                                "unknown_output",
                                _("Step %(p)s has no output %(n)s.") % {"p": producer, "n": name},
                            )
                        )
    return problems


def find_cycle(steps: Mapping[str, StepSpec]) -> list[str] | None:
    """One cycle of the dependency graph (as a path), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(key: str) -> list[str] | None:
        state[key] = 1
        path.append(key)
        for dep in steps[key].depends_on:
            if dep not in steps:
                continue
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if state.get(dep) is None and (found := visit(dep)):
                return found
        state[key] = 2
        path.pop()
        return None

    for key in steps:
        if state.get(key) is None and (found := visit(key)):
            return found
    return None


# --- the one form ---------------------------------------------------------------------


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


# --- data passing and checks -------------------------------------------------------------


def resolve(ref: str, form: Mapping[str, Any], outputs: Mapping[str, Mapping[str, Any]]) -> Any:
    parts = ref.split(".")
    if parts[0] == "form":
        return form.get(parts[1], MISSING)
    return outputs.get(parts[1], {}).get(parts[2], MISSING)


def form_only(check: dict) -> bool:
    return all(ref.startswith("form.") for ref in _refs(check))


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


# --- progress ----------------------------------------------------------------------------


def ready_to_start(spec: StepSpec, approved: set[str]) -> bool:
    return all(dep in approved for dep in spec.after)


def concluding_blocked_by(
    spec: StepSpec, approved: set[str], milestone_reached: bool, milestone: str
) -> list[str]:
    """Why the step may not conclude yet (empty when it may)."""
    reasons = [
        _("Step %(d)s has not been approved yet.") % {"d": dep}
        for dep in spec.concludes_after
        if dep not in approved
    ]
    if spec.waits_for_milestone and not milestone_reached:
        reasons.append(
            _("This step concludes after “%(m)s”.") % {"m": milestone or _("the milestone")}
        )
    return reasons


@dataclass(frozen=True)
class Timing:
    elapsed: dt.timedelta | None
    relay: dt.timedelta
    saving: dt.timedelta | None


def timing(
    started: dt.datetime,
    ended: dt.datetime | None,
    handled: Sequence[tuple[dt.datetime, dt.datetime]],
) -> Timing:
    """Elapsed time of the run, next to the relay time: the sum of its steps' handling times
    (submission to conclusion), as if they had run one after the other (接力跑)."""
    relay = sum((end - start for start, end in handled), dt.timedelta())
    elapsed = (ended - started) if ended else None
    return Timing(elapsed, relay, (relay - elapsed) if elapsed is not None else None)


@dataclass
class Plan:
    """What to do with a run after a step changed (computed, then applied by services)."""

    start: list[str] = field(default_factory=list)
    stop: list[str] = field(default_factory=list)
    concluded: bool = False
    stopped: bool = False


def progress(specs: Mapping[str, StepSpec], statuses: Mapping[str, str]) -> Plan:
    """Given each step's status, which waiting steps start now, which waiting or started
    steps stop (they depend, directly or not, on a denied step; steps that do not depend on
    it go on), and whether the run is concluded or stopped."""
    plan = Plan()
    approved = {k for k, s in statuses.items() if s == "approved"}
    denied = {k for k, s in statuses.items() if s == "denied"}
    for key, spec in specs.items():
        status = statuses.get(key)
        if status in ("waiting", "started") and ancestors(specs, key) & denied:
            plan.stop.append(key)
        elif status == "waiting" and ready_to_start(spec, approved):
            plan.start.append(key)
    plan.stopped = bool(denied)
    plan.concluded = not denied and all(statuses.get(k) == "approved" for k in specs)
    return plan
