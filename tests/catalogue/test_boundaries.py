"""The catalogue package imports no web, database or site framework, so both halves can share it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "catalogue"
FORBIDDEN = ("flask", "sqlalchemy", "pelican", "registration", "alembic", "jinja2", "werkzeug")


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module imported anywhere in `source`, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return {name.split(".")[0] for name in found}


def forbidden(names: set[str]) -> set[str]:
    """The names that belong to a forbidden package (flask_babel counts as flask)."""
    return {n for n in names if any(n == f or n.startswith(f + "_") for f in FORBIDDEN)}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(ROOT)) for m in MODULES])
def test_catalogue_modules_import_no_framework(module):
    names = imported_modules(module.read_text(encoding="utf-8"))
    assert not forbidden(names), f"{module.relative_to(ROOT)} imports {sorted(forbidden(names))}"


def test_the_check_finds_imports_hidden_in_functions_and_dynamic_imports():
    source = (
        "import os\n"
        "from . import fields\n"
        "def later():\n"
        "    import sqlalchemy.orm\n"
        "    from flask_babel import gettext\n"
        "    return importlib.import_module('pelican.signals')\n"
    )
    assert forbidden(imported_modules(source)) == {"sqlalchemy", "flask_babel", "pelican"}


def test_importing_the_catalogue_loads_no_framework_at_run_time():
    script = (
        "import sys, catalogue\n"
        "catalogue.load_catalogue('content')\n"
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert not forbidden(set(result.stdout.split()))
