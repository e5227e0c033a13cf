"""The shared browser fixtures themselves: a served folder opens in Chromium, axe finds real problems."""
from __future__ import annotations

import urllib.request

import pytest

GOOD_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head>
<body><main><h1>Kurser</h1><p>Alla kurser.</p><img src="x.png" alt="Logotyp"></main></body></html>
"""
# An image without alt text and a page without a language: two WCAG A failures.
BAD_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Prov</title></head>
<body><main><h1>Kurser</h1><img src="x.png"></main></body></html>
"""


@pytest.fixture
def pages_folder(tmp_path):
    (tmp_path / "good.html").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    return tmp_path


def test_served_folder_answers_on_loopback_with_the_files_content(pages_folder, serve_folder):
    base = serve_folder(pages_folder)
    assert base.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(f"{base}/good.html", timeout=5) as response:
        assert "Alla kurser." in response.read().decode("utf-8")


@pytest.mark.browser
def test_accessible_page_has_no_axe_violations(pages_folder, serve_folder, page, axe):
    page.goto(f"{serve_folder(pages_folder)}/good.html")
    assert page.locator("h1").inner_text() == "Kurser"
    assert axe(page) == []


@pytest.mark.browser
def test_axe_reports_missing_alt_text_and_language_readably(pages_folder, serve_folder, page, axe):
    page.goto(f"{serve_folder(pages_folder)}/bad.html")
    violations = axe(page)
    rules = {line.split(" ", 1)[0] for line in violations}
    assert rules == {"image-alt", "html-has-lang"}
    assert any("img" in line and "alt" in line for line in violations)


@pytest.mark.browser
def test_page_without_javascript_ignores_scripts(pages_folder, serve_folder, new_page):
    (pages_folder / "script.html").write_text(
        GOOD_PAGE.replace("</main>", "<script>document.querySelector('h1').textContent='JS'</script></main>"),
        encoding="utf-8",
    )
    base = serve_folder(pages_folder)
    page = new_page(java_script_enabled=False)
    page.goto(f"{base}/script.html")
    assert page.locator("h1").inner_text() == "Kurser"


@pytest.mark.browser
def test_axe_refuses_a_page_without_javascript_instead_of_hanging(pages_folder, serve_folder, new_page, axe):
    page = new_page(java_script_enabled=False)
    page.goto(f"{serve_folder(pages_folder)}/good.html")
    with pytest.raises(ValueError, match="JavaScript"):
        axe(page)


@pytest.mark.browser
def test_page_errors_collects_uncaught_exceptions(pages_folder, serve_folder, page, page_errors):
    (pages_folder / "broken.html").write_text(
        GOOD_PAGE.replace("</main>", "<script>undefinedFunction()</script></main>"), encoding="utf-8"
    )
    errors = page_errors(page)
    page.goto(f"{serve_folder(pages_folder)}/broken.html")
    page.wait_for_load_state("load")
    assert any("undefinedFunction" in error for error in errors)
