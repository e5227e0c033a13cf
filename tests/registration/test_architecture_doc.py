"""docs/architecture.md names every module of the service, so a newcomer finds any rule from it."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "registration"
DOC = ROOT / "docs" / "architecture.md"


def service_modules() -> list[str]:
    """Every module under registration/ as the doc names it (relative path), migrations' versions aside."""
    return sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                  if "versions" not in path.relative_to(PACKAGE).parts)


def service_section() -> str:
    """The doc's part about registration/ (the site and the tests have their own sections)."""
    text = DOC.read_text("utf-8")
    return text[text.index("## The registration service"):text.index("## Tests")]


def named_in(text: str) -> set[str]:
    """Module paths the doc names in backticks: `workflow/seats.py` or `exports/csv_writer.py`."""
    return set(re.findall(r"`([\w/]+\.py)`", text))


def test_every_service_module_is_named_in_the_architecture_doc():
    missing = [module for module in service_modules() if module not in named_in(service_section())]
    assert not missing, f"docs/architecture.md does not name: {missing}"


def test_the_doc_names_no_module_that_does_not_exist():
    gone = sorted(name for name in named_in(service_section())
                  if not name.startswith("tests/") and not (PACKAGE / name).is_file())
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"


def test_the_check_sees_a_missing_module():
    assert "cli/core.py" in named_in("| `cli/core.py` | commands |")
    assert "cli/core.py" not in named_in("| `cli/` | commands |")
