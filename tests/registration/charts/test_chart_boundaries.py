"""The chart package is pure Python: no web framework, no database, so the CLI can draw too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHARTS = Path(__file__).resolve().parents[3] / "registration" / "charts"
FORBIDDEN = ("flask", "flask_babel", "flask_wtf", "werkzeug", "sqlalchemy", "jinja2")
FORBIDDEN_INSIDE = ("models", "queries", "workflow", "blueprints", "db", "clock", "i18n", "auth")
MODULES = sorted(CHARTS.glob("*.py"))


def imports(path: Path) -> set[str]:
    """Absolute names of what `path` imports; relative ones as 'registration.<name>'."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.add(f"registration.charts.{node.module or ''}")
            elif node.level == 2:
                found.add(f"registration.{node.module or ''}")
            else:
                found.add(node.module or "")
    return found


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_chart_modules_import_no_web_framework_and_no_database(module):
    bad = {name for name in imports(module)
           if name.split(".")[0] in FORBIDDEN
           or (name.startswith("registration.") and name.split(".")[1] in FORBIDDEN_INSIDE)}
    assert not bad, f"{module.name} imports {sorted(bad)}"


def test_the_check_sees_the_modules():
    assert {"svg.py", "pdf.py", "scene.py"} <= {m.name for m in MODULES}
