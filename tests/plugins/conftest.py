"""Fixtures for tests of the generated catalogue site.

- `demo_site` (session): the demo content in `content/` built once with the
  real build (Pelican + Pagefind) into a temporary folder.
- `demo_catalogue` (session): the same content loaded by the catalogue package,
  the independent account of what the site must show.
- `course_file`, `build_content`: make a course file's text; run the real build.
- `write_content`: writes a small content folder (organisations + course files) into tmp_path.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalogue import Catalogue, load_catalogue
from plugins.catalogue_site.build import BuildReport, build_site

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
SERVICE_URL = "http://127.0.0.1:9"
ORIGIN = "http://127.0.0.1:8000"  # FEED_DOMAIN of the test builds

ORGANISATIONS = """\
- id: north-ifo
  name: Individ- och familjeomsorgen Norr
  short_name: IFO Norr
- id: south-afs
  name: Arbetsmarknad och försörjning Söder
  short_name: AFS Söder
"""


@dataclass
class BuiltSite:
    """A finished build: where it is, what the build reported, and the catalogue it came from."""

    output: Path
    report: BuildReport
    catalogue: Catalogue
    _parsed: dict = field(default_factory=dict, repr=False)

    def html(self, path: str) -> BeautifulSoup:
        """Parse the page at site path `path` (e.g. 'courses/x/' or 'en/'); parsed once, do not modify."""
        if path not in self._parsed:
            file = self.output / path / "index.html" if not path.endswith(".html") else self.output / path
            self._parsed[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return self._parsed[path]


def build(content: Path, output: Path, **overrides) -> BuiltSite:
    """Run the real build of `content` into `output` with the test service URL."""
    report = build_site(content, output, settings_file=str(SETTINGS),
                        overrides={"SERVICE_URL": SERVICE_URL, "FEED_DOMAIN": ORIGIN, **overrides})
    return BuiltSite(output, report, load_catalogue(content))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuiltSite:
    """The demo content built once for the whole test session."""
    work = tmp_path_factory.mktemp("demo-site")
    return build(ROOT / "content", work / "output")


@pytest.fixture(scope="session")
def demo_catalogue(demo_site) -> Catalogue:
    """The demo catalogue the demo site was built from."""
    return demo_site.catalogue


def _course_file(slug: str, title: str, *, kind="seminar", audience="[all]", extra="", sessions="", body="Beskrivning."):
    """Text of a course file with the required keys; `extra` and `sessions` are raw YAML lines."""
    text = textwrap.dedent(f"""\
        ---
        title: {title}
        kind: {kind}
        audience: {audience}
        provider: Intern utbildare
        contact: kurs@kommun.example
        summary: Sammanfattning av {title}.
        """) + textwrap.dedent(extra)
    if sessions:
        text += "sessions:\n" + textwrap.indent(textwrap.dedent(sessions), "  ")
    return f"{text}---\n{body}\n"


@pytest.fixture
def course_file():
    """Return a function making the text of a course file (see `_course_file`)."""
    return _course_file


@pytest.fixture
def build_content():
    """Return a function running the real build: build_content(content, output, **settings)."""
    return build


@pytest.fixture
def write_content(tmp_path):
    """Return a function that writes {slug: course file text} as a content folder and returns it."""

    def write(courses: dict[str, str], pages: dict[str, str] | None = None) -> Path:
        content = tmp_path / "content"
        (content / "courses").mkdir(parents=True, exist_ok=True)
        (content / "pages").mkdir(exist_ok=True)
        (content / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
        for slug, text in courses.items():
            (content / "courses" / f"{slug}.md").write_text(text, encoding="utf-8")
        for name, text in (pages or {}).items():
            (content / "pages" / name).write_text(text, encoding="utf-8")
        return content

    return write
