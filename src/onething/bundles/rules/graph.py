"""The step graph of a bundle (a DAG), pure: what each step depends on, and what is wrong
with a definition — unknown items or steps, a cycle, badly declared outputs, checks reading
steps the step does not depend on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

OUTPUT_SOURCES = re.compile(r"^(licence_number|case_number|entered|form\.[A-Za-z_][A-Za-z0-9_]*)$")
REF = re.compile(r"^(form\.[A-Za-z_][A-Za-z0-9_]*|steps\.[a-z0-9-]+\.[A-Za-z_][A-Za-z0-9_]*)$")
KEY = re.compile(r"[a-z0-9-]{1,40}")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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


def refs(check: dict) -> list[str]:
    """What a check reads (``form.<field>``, ``steps.<key>.<output>``)."""
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
        problems += _identity_problems(f"steps[{i}]", spec, steps, known_items)
        steps[spec.key] = spec
    if not specs:
        problems.append(FieldProblem("steps", "required", _("A bundle has at least one step.")))
    for i, spec in enumerate(specs):
        problems += _dependency_problems(f"steps[{i}]", spec, steps)
        problems += _output_problems(f"steps[{i}]", spec)
    cycle = find_cycle(steps)
    if cycle:
        message = _("The steps depend on each other in a circle: %(c)s.")
        return [*problems, FieldProblem("steps", "cycle", message % {"c": " → ".join(cycle)})]
    for i, spec in enumerate(specs):
        upstream = ancestors(steps, spec.key) if spec.key in steps else set()
        for j, check in enumerate(spec.checks):
            problems += _check_problems(f"steps[{i}].checks[{j}]", spec, check, steps, upstream)
    return problems


def _identity_problems(where, spec, steps, known_items) -> list[FieldProblem]:
    problems = []
    if not KEY.fullmatch(spec.key or ""):
        message = _("A step key is lower-case letters, digits and hyphens.")
        problems.append(FieldProblem(f"{where}.key", "format", message))
    if spec.key in steps:
        message = _("Step %(k)s appears twice.") % {"k": spec.key}
        problems.append(FieldProblem(f"{where}.key", "unique", message))
    if spec.item_code not in known_items:
        message = _("There is no service item %(c)s.") % {"c": spec.item_code}
        problems.append(FieldProblem(f"{where}.item_code", "unknown", message))
    return problems


def _dependency_problems(where, spec, steps) -> list[FieldProblem]:
    problems = []
    for dep in spec.depends_on:
        if dep == spec.key:
            message = _("Step %(k)s depends on itself.") % {"k": spec.key}
            problems.append(FieldProblem(f"{where}.after", "self", message))
        elif dep not in steps:
            message = _("Step %(k)s depends on an unknown step %(d)s.") % {
                "k": spec.key,
                "d": dep,
            }
            problems.append(FieldProblem(f"{where}.after", "unknown_step", message))
    return problems


def _output_problems(where, spec) -> list[FieldProblem]:
    problems = []
    for j, output in enumerate(spec.outputs):
        if not NAME.fullmatch(str(output.get("name", ""))):
            message = _("An output has a name (an identifier).")
            problems.append(FieldProblem(f"{where}.outputs[{j}]", "name", message))
        if not OUTPUT_SOURCES.match(str(output.get("from", ""))):
            message = _(
                "An output comes from licence_number, case_number, entered or form.<field>."
            )
            problems.append(FieldProblem(f"{where}.outputs[{j}]", "from", message))
    return problems


def _check_problems(where, spec, check, steps, upstream) -> list[FieldProblem]:
    if check.get("rule") not in ("equals", "present"):
        return [FieldProblem(where, "rule", _("A check's rule is equals or present."))]
    problems = []
    read = refs(check)
    if not read or (check["rule"] == "equals" and len(read) != 2):
        problems.append(FieldProblem(where, "refs", _("A check names what it compares.")))
    for ref in read:
        if not REF.match(ref):
            message = _("%(r)s is not form.<field> or steps.<key>.<output>.") % {"r": ref}
            problems.append(FieldProblem(where, "ref", message))
        elif ref.startswith("steps."):
            producer, name = ref.split(".")[1:3]
            if producer not in upstream:
                message = _("Step %(k)s reads %(r)s but does not depend on step %(p)s.") % {
                    "k": spec.key,
                    "r": ref,
                    "p": producer,
                }
                problems.append(FieldProblem(where, "not_upstream", message))
            elif name not in {o.get("name") for o in steps[producer].outputs}:
                message = _("Step %(p)s has no output %(n)s.") % {"p": producer, "n": name}
                problems.append(FieldProblem(where, "unknown_output", message))
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
