"""Every place in the source that writes rows of a watched model (a case, a rating, an
appeal: the models with roll-ups), found from the AST, no database.

A write is ``.save(``, ``.update(``, ``.delete(``, ``.create(`` / ``get_or_create`` /
``update_or_create``, ``bulk_create`` or ``bulk_update`` called on an expression that holds
such a model's instance, queryset or manager, ``core.bulk.write_rows(Model, …)``, or SQL
text that inserts into, updates or deletes from its table. What holds one is resolved per
function (names bound to it, flowing through assignments, loops and unpacking):

- the model class as imported from its app's ``models`` (so ``django.db.models.Case``, a
  conditional expression, is not a case), its ``objects`` and the query methods on them;
- a parameter or a function's return annotated with the model;
- an attribute that is a relation to the model (``material.case``, ``case.evaluation``,
  ``item.cases`` …: read from the models' metadata, so a new relation is known at once);
- a name spelled as the model (``case``, ``evaluation``, ``appeal``), whatever it came from.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import onething

SRC = Path(onething.__file__).resolve().parent
WRITES = {
    "save",
    "update",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERY = {
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "annotate",
    "alias",
    "order_by",
    "only",
    "defer",
    "using",
    "distinct",
    "get",
    "first",
    "last",
    "latest",
    "earliest",
    "none",
    "iterator",
    "in_bulk",
    "values",
}
PASS_THROUGH = {"visible", "next", "iter", "list", "tuple", "sorted", "reversed"}
RAW_WRITERS = {"write_rows"}  # core.bulk: rows of the model passed first, bypassing save()
DML = ("insert into", "update ", "delete from")


@dataclass(frozen=True)
class Watched:
    """A model whose rows are watched: its name, the module that defines it (an import
    from this package names it), and its relations."""

    name: str
    package: str
    instance_attrs: frozenset[str]  # obj.<attr> is one instance
    managers: frozenset[str]  # obj.<attr> is a manager of them (a reverse foreign key)
    table: str


def watched(model) -> Watched:
    meta = model._meta
    instance = {rel.field.name for rel in meta.related_objects}  # other.<fk> → this model
    instance |= {  # a one-to-one from this model: the other side's accessor
        f.remote_field.get_accessor_name() for f in meta.fields if f.one_to_one
    }
    managers = {
        f.remote_field.get_accessor_name()
        for f in meta.fields
        if f.many_to_one and not f.remote_field.hidden
    }
    return Watched(
        name=model.__name__,
        package=model.__module__.rsplit(".models", 1)[0] + ".models",
        instance_attrs=frozenset(instance),
        managers=frozenset(managers),
        table=meta.db_table,
    )


@dataclass(frozen=True)
class Write:
    path: str  # relative to src/onething
    line: int
    function: str  # the enclosing top-level function ("" at module level)
    model: str
    how: str  # the method, the raw writer, or "SQL"
    update_fields: tuple[str, ...] | None  # save(update_fields=[…literal…]), else None

    def __str__(self) -> str:
        where = f" in {self.function}()" if self.function else ""
        return f"{self.path}:{self.line}{where}: {self.model} .{self.how}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.Module, module: str, is_package: bool, models: list[Watched]):
    """The names under which this module sees the watched classes, and the watched app
    ``models`` modules it imports (``models.Case``)."""
    package = module if is_package else module.rpartition(".")[0]
    classes: dict[str, str] = {}
    modules: dict[str, Watched | list[Watched]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            local = alias.asname or alias.name
            for m in models:
                if (base == m.package or base.startswith(m.package + ".")) and alias.name == m.name:
                    classes[local] = m.name
                if f"{base}.{alias.name}" == m.package:
                    modules.setdefault(local, []).append(m)
    return classes, modules


def _annotation_model(node: ast.AST | None, classes: dict[str, str]) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval")
        except SyntaxError:
            return None
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in classes:
            return classes[sub.id]
    return None


class _Scope:
    """One top-level function (nested functions and lambdas included) or the module's own
    statements: which expressions hold a watched model."""

    def __init__(self, nodes, classes, modules, models, returns):
        self.classes, self.modules, self.returns = classes, modules, returns
        self.by_attr = {a: m.name for m in models for a in m.instance_attrs}
        self.by_manager = {a: m.name for m in models for a in m.managers}
        self.names: dict[str, str] = {m.name.lower(): m.name for m in models}
        self.aliases = dict(classes)  # names bound to the class itself
        self.nodes = nodes
        for node in nodes:
            if isinstance(node, ast.arg):
                found = _annotation_model(node.annotation, classes)
                if found and node.arg not in self.names:
                    self.names[node.arg] = found
        changed = True
        while changed:  # flow-insensitive: until nothing more is bound
            changed = False
            for target, value, position in self._bindings():
                if isinstance(target, ast.Name) and target.id not in self.names:
                    found = self._position(value, position)
                    if found:
                        self.names[target.id] = found
                        changed = True
                    elif (
                        position is None
                        and self.model_class(value)
                        and target.id not in self.aliases
                    ):
                        self.aliases[target.id] = self.model_class(value)
                        changed = True

    def _bindings(self):
        for node in self.nodes:
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is None:
                    continue
                for target in targets:
                    yield from _unpack(target, node.value, None)
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                yield from _unpack(node.target, node.iter, "item")
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                yield from _unpack(node.optional_vars, node.context_expr, None)

    def _position(self, value: ast.AST, position) -> str | None:
        if position is None or position == "item":
            return self.model_of(value)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            returned = self.returns.get(value.func.id)  # annotated tuple[Case, str]
            if isinstance(returned, tuple) and position < len(returned):
                return returned[position]
        if isinstance(value, ast.Tuple | ast.List) and position < len(value.elts):
            return self.model_of(value.elts[position])
        return None

    def model_class(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            for m in self.modules.get(node.value.id, []):
                if node.attr == m.name:
                    return m.name
        return None

    def model_of(self, node: ast.AST) -> str | None:
        """The watched model an expression holds (instance, queryset or manager)."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS and self.model_class(node.value):
                return self.model_class(node.value)
            if node.attr in self.by_attr:
                return self.by_attr[node.attr]
            if node.attr in self.by_manager:
                return self.by_manager[node.attr]
            return None
        if isinstance(node, ast.Call):
            func = node.func
            if self.model_class(func):
                return self.model_class(func)  # Case(...)
            if isinstance(func, ast.Attribute) and func.attr in QUERY:
                return self.model_of(func.value)
            if isinstance(func, ast.Name) and func.id in PASS_THROUGH:
                return next(filter(None, map(self.model_of, node.args)), None)
            if isinstance(func, ast.Name):  # a function annotated to return one
                returned = self.returns.get(func.id)
                return returned if isinstance(returned, str) else None
            return None
        if isinstance(node, ast.Subscript | ast.Starred | ast.Await):
            return self.model_of(node.value)
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self.model_of(node.elt)
        if isinstance(node, ast.IfExp):
            return self.model_of(node.body) or self.model_of(node.orelse)
        if isinstance(node, ast.BoolOp):
            return next(filter(None, map(self.model_of, node.values)), None)
        return None


def _unpack(target, value, position):
    if isinstance(target, ast.Tuple | ast.List):
        for k, elt in enumerate(target.elts):
            yield from _unpack(elt, value, k if position is None else position)
    else:
        yield target, value, position


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_fields(call: ast.Call) -> tuple[str, ...] | None:
    for kw in call.keywords:
        if kw.arg == "update_fields":
            try:
                value = ast.literal_eval(kw.value)
            except ValueError:
                return None
            return tuple(value) if isinstance(value, list | tuple) else None
    return None


def _returns(trees, models: list[Watched]) -> dict[str, str | tuple]:
    """Functions whose return annotation names a watched model, by name (a tuple
    annotation by position)."""
    out: dict[str, str | tuple] = {}
    for tree, classes in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            ann = node.returns
            if (
                isinstance(ann, ast.Subscript)
                and isinstance(ann.slice, ast.Tuple)
                and isinstance(ann.value, ast.Name)
                and ann.value.id == "tuple"
            ):
                kinds = tuple(_annotation_model(e, classes) for e in ann.slice.elts)
                if any(kinds):
                    out[node.name] = kinds
                continue
            found = _annotation_model(ann, classes)
            if found:
                out[node.name] = found
    return out


def _scopes(tree: ast.Module):
    """(name, nodes) for each top-level function and method, and the module's own code."""
    inside: set[int] = set()
    for node in tree.body:
        defs = [node] if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else []
        if isinstance(node, ast.ClassDef):
            defs = [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for d in defs:
            nodes = list(ast.walk(d))
            inside |= {id(n) for n in nodes}
            name = d.name if d in tree.body else f"{node.name}.{d.name}"
            yield name, nodes
    yield "", [n for n in ast.walk(tree) if id(n) not in inside]


def source_files(exclude=("migrations",)) -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if not set(exclude) & set(p.parts))


def writes(models: list[Watched], files: list[Path] | None = None) -> list[Write]:
    """Every write of a watched model's rows in ``files`` (default: src/onething but its
    migrations, which work on historical models)."""
    sources = [
        (str(p.relative_to(SRC)), _module_name(p), p.read_text(encoding="utf-8"))
        for p in files or source_files()
    ]
    return scan(models, sources)


def scan(models: list[Watched], sources: list[tuple[str, str, str]]) -> list[Write]:
    """The writes in ``sources``: (path under src/onething, module name, text) each."""
    parsed = []
    for rel, module, text in sources:
        tree = ast.parse(text, filename=rel)
        classes, modules = _imported(tree, module, rel.endswith("__init__.py"), models)
        parsed.append((rel, tree, classes, modules))
    returns = _returns([(t, c) for _p, t, c, _m in parsed], models)
    tables = {m.table: m.name for m in models}
    found = []
    for rel, tree, classes, modules in parsed:
        for function, nodes in _scopes(tree):
            scope = _Scope(nodes, classes, modules, models, returns)
            for node in nodes:
                hit = _write(scope, node, tables)
                if hit:
                    model, how, fields = hit
                    found.append(Write(rel, node.lineno, function, model, how, fields))
    return found


def _write(scope: _Scope, node: ast.AST, tables: dict[str, str]):
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            model = scope.model_of(func.value)
            if model:
                return model, func.attr, _literal_fields(node)
        if _called_name(node) in RAW_WRITERS and node.args:
            model = scope.model_class(node.args[0])
            if model:
                return model, _called_name(node), None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.lower()
        for table, model in tables.items():
            if table in text and any(verb in text for verb in DML):
                return model, "SQL", None
    return None


def calls_after(path: Path, function: str, line: int) -> set[str]:
    """The names a top-level function ("" the module's own code) calls after ``line``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name, nodes in _scopes(tree):
        if name == function:
            return {
                _called_name(n) for n in nodes if isinstance(n, ast.Call) and n.lineno > line
            } - {None}
    raise LookupError(function)


def module_calls(path: Path) -> set[str]:
    """The names called anywhere in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {_called_name(n) for n in ast.walk(tree) if isinstance(n, ast.Call)} - {None}
