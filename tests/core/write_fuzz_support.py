"""What the write-endpoint fuzz test (``test_write_fuzz.py``) is made of: the write
operations found in the API's OpenAPI document, the account that may call each, and the
hostile requests built from each operation's request schema.

Nothing here lists the endpoints: they are read from the document, and an operation found
there without an entry in ``CALLERS`` fails the test (so a new endpoint is fuzzed too)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

WRITES = ("post", "put", "patch", "delete")
SURROGATE = "\ud800"  # a lone UTF-16 surrogate: only JSON's escape can carry it
NUL = "\x00"
MEGABYTE = "字" * (1024 * 1024 // 3)  # 1 MB of UTF-8
DEEP = 100_000  # nesting of the deep array / object bodies


@dataclass(frozen=True)
class Caller:
    """Who calls an operation: an account (session) or a bearer token; with ``path``, how
    to fill path parameters with something that exists (a function of the test's world),
    else a nonsense value is used (the operation must then answer 404 or 422)."""

    username: str | None = None
    token: str | None = None
    path: dict[str, Callable[[], Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    content_type: str | None  # None: the operation takes no body
    schema: dict[str, Any] | None  # the request body's schema, $refs resolved
    headers: tuple[str, ...] = ()  # the header parameters (Idempotency-Key)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def path_params(self) -> list[str]:
        return [p.split("}")[0] for p in self.path.split("{")[1:]]

    @property
    def fields(self) -> dict[str, dict[str, Any]]:
        return (self.schema or {}).get("properties", {})

    @property
    def required(self) -> set[str]:
        return set((self.schema or {}).get("required", []))


def _resolve(node: Any, components: dict[str, Any], depth: int = 0) -> Any:
    if depth > 20:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            target = components[node["$ref"].rsplit("/", 1)[-1]]
            return _resolve(target, components, depth + 1)
        return {k: _resolve(v, components, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, components, depth + 1) for v in node]
    return node


def write_operations(document: dict[str, Any]) -> list[Operation]:
    """Every POST, PUT, PATCH and DELETE of the OpenAPI ``document``."""
    components = document.get("components", {}).get("schemas", {})
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in WRITES:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            content_type, schema = None, None
            for kind, body in content.items():
                content_type, schema = kind, _resolve(body["schema"], components)
            headers = tuple(
                p["name"] for p in operation.get("parameters", []) if p["in"] == "header"
            )
            found.append(
                Operation(method, path, operation["operationId"], content_type, schema, headers)
            )
    return found


# --- the types of a schema node ------------------------------------------------------------


def kinds(node: dict[str, Any]) -> tuple[set[str], bool, dict[str, Any]]:
    """(the JSON types a node takes, whether null is one, the non-null branch)."""
    branches = node.get("anyOf") or node.get("oneOf") or [node]
    types, nullable, main = set(), False, {}
    for branch in branches:
        kind = branch.get("type")
        if kind == "null":
            nullable = True
        elif kind:
            types.add(kind)
            main = main or branch
        elif "enum" in branch:
            types.add("string")
            main = main or branch
    return types, nullable, main or node


def plausible(node: dict[str, Any], name: str, samples: dict[str, Any]) -> Any:
    """A value of the node's type (from ``samples`` by field name where one is given)."""
    if name in samples:
        return samples[name]
    types, nullable, main = kinds(node)
    if "enum" in main:
        return main["enum"][0]
    if "default" in node and node["default"] is not None:
        return node["default"]
    kind = next(iter(sorted(types)), None)
    if kind == "string":
        fmt = main.get("format")
        if fmt == "date":
            return "2026-03-02"
        if fmt == "date-time":
            return "2026-03-02T10:00:00+08:00"
        if main.get("pattern") == r"^\d{4}-\d{2}$":
            return "2026-03"
        return "测试内容"
    if kind in ("integer", "number"):
        return max(1, main.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "array":
        items = main.get("items", {})
        if main.get("minItems"):
            return [plausible(items, name, samples)]
        return []
    if kind == "object":
        return {
            key: plausible(sub, key, samples)
            for key, sub in main.get("properties", {}).items()
            if key in main.get("required", [])
        }
    return None if nullable else "测试内容"


def base_body(operation: Operation, samples: dict[str, Any]) -> dict[str, Any]:
    """A body of the right shape: every required field with a plausible value, and each
    optional one that ``samples`` gives."""
    return {
        name: plausible(node, name, samples)
        for name, node in operation.fields.items()
        if name in operation.required or name in samples
    }


def wrong_values(node: dict[str, Any]) -> list[Any]:
    """Values of the wrong JSON type for a node (none for a node that takes anything)."""
    types, nullable, main = kinds(node)
    if not types:
        return []
    wrong: list[Any] = []
    if "string" not in types:
        wrong.append("不是这个类型")
    if not types & {"integer", "number"} and main.get("format") not in ("date", "date-time"):
        wrong.append(12345)  # an int is no text (a date would take it as a timestamp)
    if "integer" in types and "number" not in types:
        wrong += [1.5, 10**30, -(10**30)]  # no column holds 30 digits
    if "number" in types:
        wrong += [float("nan"), float("inf"), 1e308]
    if "object" not in types:
        wrong.append({"a": 1})
    if "array" not in types:
        wrong.append(["x"])
    if "boolean" not in types:
        wrong.append(True)
    if not nullable:
        wrong.append(None)
    if "array" in types:
        item_wrong = wrong_values(main.get("items", {}))
        if item_wrong:
            wrong.append([item_wrong[0]])
    return wrong


def takes_text(node: dict[str, Any]) -> bool:
    types, _, main = kinds(node)
    return "string" in types and main.get("format") not in ("binary",)


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One hostile request: its label, its raw body, and the field a 422 must name (None:
    any 4xx will do)."""

    label: str
    body: str
    field: str | None = None
    may_pass: bool = False  # a body that is valid after all (an empty body, all defaults)


def raw(value: Any) -> str:
    """JSON text of ``value``; a lone surrogate is written as its escape ``\\ud800``."""
    return json.dumps(value, ensure_ascii=True)


def whole_body_probes(operation: Operation) -> Iterator[Probe]:
    no_required = not operation.required
    yield Probe("a list", "[]")
    yield Probe("a text", '"text"')
    yield Probe("a number", "1")
    yield Probe("null", "null")
    yield Probe("an empty body", "", may_pass=no_required)
    yield Probe("invalid JSON", '{"a": ')
    yield Probe("a deep array", "[" * DEEP + "]" * DEEP)
    yield Probe("a deep object", '{"a":' * DEEP + "1" + "}" * DEEP)
    yield Probe("5 MB", raw({"padding": "x" * (5 * 1024 * 1024)}))


def field_probes(operation: Operation, samples: dict[str, Any]) -> Iterator[Probe]:
    """Per field: a lone surrogate, a NUL and a megabyte in each text, and each value of the
    wrong type; inside a list of objects, the same for the first object's fields."""
    body = base_body(operation, samples)
    for name, node in operation.fields.items():
        types, _, main = kinds(node)
        if takes_text(node) or not types:
            for label, text in (("a lone surrogate", SURROGATE), ("a NUL", NUL)):
                yield Probe(f"{name}: {label}", raw({**body, name: f"a{text}b"}), name)
            yield Probe(f"{name}: 1 MB", raw({**body, name: MEGABYTE}), name)
        for value in wrong_values(node):
            yield Probe(f"{name}: {json.dumps(value)[:20]}", raw({**body, name: value}), name)
        if types & {"object"} and not main.get("properties"):  # a free mapping
            for label, text in (("a lone surrogate", SURROGATE), ("a NUL", NUL)):
                inner = {"k": f"a{text}", "n": {"deeper": [f"b{text}"]}}
                yield Probe(f"{name}.*: {label}", raw({**body, name: inner}), name)
            yield Probe(f"{name}.*: 1 MB", raw({**body, name: {"k": MEGABYTE}}), name)
            yield Probe(f"{name}.*: odd types", raw({**body, name: {"k": [{}], "n": True}}))
        items = main.get("items", {}) if "array" in types else {}
        if items.get("properties"):
            item = plausible(items, name, samples)
            for sub, subnode in items["properties"].items():
                for value in [*wrong_values(subnode)[:2], *([SURROGATE] * takes_text(subnode))]:
                    yield Probe(
                        f"{name}.0.{sub}: {json.dumps(value)[:20]}",
                        raw({**body, name: [{**item, sub: value}]}),
                        f"{name}.0.{sub}",
                    )
        elif "array" in types and takes_text(items):
            for label, text in (("a lone surrogate", SURROGATE), ("a NUL", NUL)):
                yield Probe(f"{name}.0: {label}", raw({**body, name: [f"a{text}"]}), name)
            yield Probe(f"{name}.0: 1 MB", raw({**body, name: [MEGABYTE]}), name)


def named_fields(answer) -> list[str]:
    """The fields a validation error names (an empty list for any other answer)."""
    try:
        error = answer.json()["error"]
    except (ValueError, KeyError, TypeError):
        return []
    return [f.get("field", "") for f in (error.get("details") or {}).get("fields", [])]


def names(answer, field_name: str) -> bool:
    """Whether a 422 names ``field_name`` (or a field inside it: ``a.0.b`` or ``a[0].b``)."""
    return any(
        n == field_name or n.startswith(field_name + ".") or field_name.startswith(n + ".")
        for n in (m.replace("[", ".").replace("]", "") for m in named_fields(answer))
    )
