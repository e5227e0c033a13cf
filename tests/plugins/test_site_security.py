"""Raw HTML in descriptions is sanitised, every page carries a CSP, and plain `pelican` reports broken content cleanly."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugins.catalogue_site.security import content_security_policy, sanitise_html

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = """\
Inledning med **fetstil** och [en länk](https://kommun.example/kurs).

<script>document.title = "hacked"</script>
<iframe src="https://evil.example/"></iframe>
<p onclick="steal()" style="color:red">Klicka <a href="javascript:alert(1)">här</a></p>
<img src="x" onerror="alert(2)" alt="bild">
<a href="JaVaScRiPt:alert(3)">versaler</a> <a href="data:text/html,<script>alert(4)</script>">data</a>
<object data="x.swf"></object><embed src="y.swf"><form action="https://evil.example/"><input name="pw"></form>
<svg onload="alert(5)"><circle r="1"/></svg>
<div id="main" class="button">klotter</div>
"""

MARKDOWN_FEATURES = """\
## Innehåll

- punkt ett
- punkt *två*

Sedan:

1. första
2. andra

| Vecka | Tema |
|:------|-----:|
| 1     | Lag  |

> Ett citat med `kod`.

Text med fotnot[^1] och <abbr title="Socialtjänstlagen">SoL</abbr>.

[^1]: Källa: [Socialstyrelsen](https://www.socialstyrelsen.se/).
"""


def test_sanitiser_drops_scripts_frames_handlers_and_script_urls():
    import markdown

    html = sanitise_html(markdown.markdown(HOSTILE, extensions=["markdown.extensions.extra"], output_format="html5"))
    lowered = html.lower()
    for gone in ("<script", "hacked", "<iframe", "evil.example", "onclick", "onerror", "onload", "javascript:",
                 "data:", "<object", "<embed", "<form", "<input", "<svg", "style=", 'id="main"', 'class="button"'):
        assert gone not in lowered, f"{gone!r} survived: {html}"
    # Text and harmless markup stay.
    assert "<strong>fetstil</strong>" in html
    assert '<a href="https://kommun.example/kurs">en länk</a>' in html
    assert "Klicka <a>här</a>" in html
    assert '<img src="x" alt="bild">' in html
    assert "klotter" in html


def test_sanitiser_keeps_ordinary_markdown_output():
    import markdown

    rendered = markdown.markdown(MARKDOWN_FEATURES, extensions=["markdown.extensions.extra"], output_format="html5")
    html = sanitise_html(rendered)
    for kept in ("<h2>Innehåll</h2>", "<li>punkt <em>två</em></li>", "<ol>", "<blockquote>", "<code>kod</code>",
                 '<abbr title="Socialtjänstlagen">SoL</abbr>', '<th class="align-left">Vecka</th>',
                 '<td class="align-right">Lag</td>', '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
                 '<li id="fn:1">', '<a href="https://www.socialstyrelsen.se/">Socialstyrelsen</a>', '<div class="footnote">'):
        assert kept in html, f"{kept!r} lost: {html}"
    # Only the alignment style became a class; nothing else of the Markdown output changed.
    restored = html.replace('class="align-left"', 'style="text-align: left;"').replace(
        'class="align-right"', 'style="text-align: right;"')
    assert str(BeautifulSoup(restored, "html.parser")) == str(BeautifulSoup(rendered, "html.parser"))


def test_hostile_description_is_published_sanitised_in_both_languages(write_content, course_file, build_content, tmp_path):
    content = write_content({"farlig": course_file("farlig", "Farlig kurs", body=HOSTILE + "\n" + MARKDOWN_FEATURES)})
    site = build_content(content, tmp_path / "site")
    for path in ("courses/farlig/", "en/courses/farlig/"):
        description = site.html(path).select_one(".description")
        text = str(description).lower()
        assert "<script" not in text and "<iframe" not in text and "javascript:" not in text
        assert not [tag for tag in description.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
        assert description.select_one("a[href='https://kommun.example/kurs']").get_text() == "en länk"
        assert description.find("table") is not None and description.find("h2").get_text() == "Innehåll"
        # The only scripts on the page are the theme's own files.
        scripts = site.html(path).find_all("script")
        assert [s.get("src") for s in scripts] == ["/theme/js/seats.js"] and all(not s.string for s in scripts)


def test_hostile_content_page_is_published_sanitised(write_content, course_file, build_content, tmp_path):
    page = "Title: Om oss\n\nVälkommen.\n\n<script>alert(1)</script><a href=\"javascript:x()\" onmouseover=\"y()\">länk</a>\n"
    content = write_content({"kurs": course_file("kurs", "Kurs")}, pages={"om-oss.md": page})
    site = build_content(content, tmp_path / "site")
    article = site.html("om-oss/").select_one("article")
    assert "Välkommen." in article.get_text()
    assert "<script" not in str(article) and "javascript:" not in str(article) and "onmouseover" not in str(article)


def test_every_page_carries_the_content_security_policy(demo_site):
    expected = content_security_policy("http://127.0.0.1:9")
    pages = [p for p in demo_site.output.rglob("*.html") if "pagefind" not in p.relative_to(demo_site.output).parts]
    assert len(pages) > 20
    for page in pages:
        soup = demo_site.html(str(page.relative_to(demo_site.output)))
        metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
        assert [m["content"] for m in metas] == [expected], page
        # The policy must come before anything it governs.
        governed = soup.find_all(["link", "script", "style"])
        assert governed and min(tag.sourceline for tag in governed) > metas[0].sourceline, page


def test_policy_allows_own_files_pagefind_and_the_service_only():
    policy = dict(part.split(" ", 1) for part in content_security_policy("https://anmalan.kommun.example/app").split("; "))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self' https://anmalan.kommun.example"
    assert policy["base-uri"] == "'none'"


def run_plain_pelican(content: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("pelican")), str(content), "-s", str(ROOT / "pelicanconf.py"),
         "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_plain_pelican_on_broken_content_prints_the_problem_list_and_fails(write_content, course_file, tmp_path):
    text = course_file("juridik", "Juridik för nya", audience="[new]").replace("audience: [new]", "audiance: [new]")
    content = write_content({"juridik": text, "fel": course_file("fel", "Fel", kind="lecture")})
    build = subprocess.run(
        [sys.executable, "-m", "plugins.catalogue_site.build", "--settings", str(ROOT / "pelicanconf.py"),
         "--content", str(content), "--output", str(tmp_path / "built")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    plain = run_plain_pelican(content, tmp_path / "plain")

    assert build.returncode == 1 and plain.returncode != 0
    assert "Traceback" not in plain.stdout + plain.stderr
    assert "CatalogueError" not in plain.stdout + plain.stderr
    assert plain.stderr == build.stderr, "plain pelican should list the problems exactly as the build does"
    assert "content/courses/juridik.md: audiance: unknown key" in plain.stderr
    assert "content/courses/fel.md: kind:" in plain.stderr
    assert not (tmp_path / "plain").exists() or not any((tmp_path / "plain").rglob("*.html"))


def test_plain_pelican_still_builds_valid_content(write_content, course_file, tmp_path):
    content = write_content({"kurs": course_file("kurs", "Kurs")})
    done = run_plain_pelican(content, tmp_path / "plain")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plain" / "courses" / "kurs" / "index.html").is_file()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:x", "  javascript:alert(1)", "java\tscript:alert(1)"])
def test_script_urls_are_dropped_however_written(url):
    assert "script:" not in sanitise_html(f'<a href="{url}">x</a>').replace("\t", "")
