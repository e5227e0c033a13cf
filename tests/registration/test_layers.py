"""The service's layers: workflow/, queries/ and maintenance/ are plain functions over the database, no web framework.

Their settings (time zone, completion rule) come in as arguments, so the rules
do not change with whichever Flask app happens to be running. Reads may ask the
workflow's read-only checks; the workflow never imports the read models.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "registration"
# Web-facing modules: Flask itself and the parts of the service that read Flask's app or request.
WEB = ("flask", "flask_babel", "flask_wtf", "werkzeug", "registration.blueprints", "registration.auth",
       "registration.cli", "registration.clock", "registration.i18n", "registration.forms",
       "registration.mail")
FORBIDDEN = {
    "workflow": WEB + ("registration.queries",),
    "queries": WEB,
    "maintenance": WEB + ("registration.queries", "registration.workflow"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    return module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]


def imported_modules(source: str, package: str) -> set[str]:
    """Full names of every module `source` imports anywhere (inside functions too), relative to `package`."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return found


def violations(names: set[str], forbidden: tuple[str, ...]) -> set[str]:
    return {n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden)}


MODULES = [(layer, path) for layer in FORBIDDEN for path in sorted((PACKAGE / layer).rglob("*.py"))]


@pytest.mark.parametrize("layer, module", MODULES, ids=[str(m.relative_to(ROOT)) for _, m in MODULES])
def test_domain_layers_import_no_web_framework_and_no_higher_layer(layer, module):
    bad = violations(imported_modules(module.read_text(encoding="utf-8"), package_of(module)),
                     FORBIDDEN[layer])
    assert not bad, f"{module.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_check_resolves_relative_imports_and_finds_hidden_ones():
    source = ("from ..blueprints.refusals import workflow_change\n"
              "from .. import clock\n"
              "from .seats import lock_session\n"
              "def later():\n"
              "    from flask import current_app\n"
              "    return importlib.import_module('registration.queries.waiting')\n")
    found = imported_modules(source, "registration.workflow")
    assert violations(found, FORBIDDEN["workflow"]) == {
        "registration.blueprints.refusals", "registration.blueprints.refusals.workflow_change",
        "registration.clock", "flask", "flask.current_app", "registration.queries.waiting"}
