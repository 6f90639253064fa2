"""Apps meet only through their public faces (docs/architecture.md), checked on the source
(no database): the import-linter contracts in pyproject.toml keep the direction of the
dependencies; this keeps what one app may take from another.

- An app imports another app's modules only among its public faces: ``models`` (to read
  and to refer to, never to write), ``selectors``, ``services``, ``hooks``, ``rules``
  (pure), ``schemas`` (API shapes), ``forms`` (page forms made to be extended).
- Never a private name (``_name``) or a private module of another app.
- ``config`` (which wires every app) and ``demo`` (which builds the demo city from every
  app) are above the apps and exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "onething"
APPS = {
    "core",
    "catalog",
    "cases",
    "crossregion",
    "bundles",
    "appeals",
    "cards",
    "cityops",
    "dashboard",
    "opendata",
    "web",
}
SHELL = {"core", "web"}  # shared by every app: anything public in them may be used
EXEMPT = {"config", "demo"}
PUBLIC = {"models", "selectors", "services", "hooks", "rules", "schemas", "forms"}
# Public faces an app declares beyond the common ones, each with what it is for.
DECLARED = {
    # the catalogue's form-schema language (pure): the forms of cases and bundles read it
    "catalog.formschema",
    # the catalogue's item preview, shown on the one-thing bundle's public page
    "catalog.views.display",
    # the case lists' columns and marks, shown by the one-thing and cross-region lists, and
    # an application page's POST (its files stored, then the service), used by their pages
    "cases.views.common",
    # who sees which cases, for the records that hang on a case (hand-offs, runs)
    "cases.scopes",
    # the case page, rendered again by another app's panel action with its refusal
    "cases.pages",
    # where a licence is verified, printed on a one-thing run's page
    "cases.licence_pdf",
    # the generators' applicant pool (people registered in bulk, sealed and audited), which
    # the one-things' generator of figures' data shares
    "cases.generate.world",
}


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every absolute ``onething`` import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("onething."):
                found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("onething."):
                    found.append((node.lineno, alias.name, []))
    return found


def refusals(app: str, module: str, names: list[str]) -> list[str]:
    """Why importing ``names`` from ``module`` breaks the rule for ``app`` (pure)."""
    parts = module.split(".")
    other = parts[1] if len(parts) > 1 else ""
    if other == app or other not in APPS or app in EXEMPT:
        return []
    found = [f"the private module {module}" for p in parts if p.startswith("_")]
    found += [f"the private name {n} of {other}" for n in names if n.startswith("_")]
    if other not in SHELL:
        face = parts[2] if len(parts) > 2 else ""
        short = module.removeprefix("onething.")
        declared = any(
            m == d or m.startswith(d + ".")
            for d in DECLARED
            for m in [short, *(f"{short}.{n}" for n in names)]
        )
        if face not in PUBLIC and not declared and not (face == "" and _public_modules(names)):
            found.append(f"{module}, not a public face of {other}")
    return found


def _public_modules(names: list[str]) -> bool:
    return all(n in PUBLIC for n in names)


def test_the_rule_itself():
    assert refusals("bundles", "onething.cases.services.intake", ["case_submit"]) == []
    assert refusals("bundles", "onething.cases.selectors", ["case_get"]) == []
    assert refusals("bundles", "onething.cases", ["hooks"]) == []
    assert refusals("bundles", "onething.cases.forms", ["_answer_field"])
    assert refusals("bundles", "onething.catalog.xlsx", ["open_workbook"])
    assert refusals("bundles", "onething.cases.views.detail", ["case_detail"])
    assert refusals("cases", "onething.cases.views._private", ["x"]) == []  # its own
    assert refusals("demo", "onething.cases.views.detail", ["x"]) == []  # exempt
    assert refusals("bundles", "onething.core.xlsx", ["read_table"]) == []  # the shell
    assert refusals("bundles", "onething.core.xlsx", ["_problem"])


def test_apps_meet_only_through_public_faces():
    broken = [
        f"{path.relative_to(SRC)}, line {line}: {why}"
        for path in sorted(SRC.rglob("*.py"))
        for line, module, names in imports_of(path)
        for why in refusals(path.relative_to(SRC).parts[0], module, names)
    ]
    assert not broken, "An app reaches into another app:\n" + "\n".join(broken)
