"""The build command: validation first, atomic publishing, pages, settings for production."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalogue import CatalogueError
from plugins.catalogue_site.build import SiteBuildError, build_site

ROOT = Path(__file__).resolve().parents[2]

SESSION = """\
- id: {id}
  capacity: 12
  deadline: {deadline}
  meetings:
    - {{start: {day} 09:00, end: {day} 12:00, place: "Norrby, Folkets hus"}}
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, to prove a folder was left untouched."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.catalogue_site.build", "--settings", str(ROOT / "pelicanconf.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def two_courses(write_content, course_file):
    """A small valid content folder: one seminar with a session, one without."""
    return write_content({
        "samtal": course_file("samtal", "Samtal med barn", sessions=SESSION.format(
            id="samtal-2030-1", deadline="2030-03-01", day="2030-03-15")),
        "juridik": course_file("juridik", "Juridik för nya", audience="[new]"),
    })


def test_broken_course_fails_the_build_naming_file_and_key_and_leaves_the_old_site(two_courses, tmp_path):
    output = tmp_path / "site"
    first = run_cli("--content", str(two_courses), "--output", str(output))
    assert first.returncode == 0, first.stderr
    before = snapshot(output)

    broken = two_courses / "courses" / "juridik.md"
    broken.write_text(broken.read_text().replace("audience: [new]", "audiance: [new]"), encoding="utf-8")
    failed = run_cli("--content", str(two_courses), "--output", str(output))

    assert failed.returncode == 1
    assert "content/courses/juridik.md: audiance: unknown key" in failed.stderr
    assert "content/courses/juridik.md: audience" in failed.stderr  # the required key is missing too
    assert snapshot(output) == before
    # Beside the site only the build's cache (checked course files, description HTML) stays.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-cache", "content", "site"], "half-made folders left"


def test_broken_content_raises_before_anything_is_written(write_content, course_file, tmp_path):
    content = write_content({"fel": course_file("fel", "Fel", kind="lecture")})
    with pytest.raises(CatalogueError) as caught:
        build_site(content, tmp_path / "site", settings_file=str(ROOT / "pelicanconf.py"))
    assert [(p.path, p.key) for p in caught.value.problems] == [("content/courses/fel.md", "kind")]
    assert not (tmp_path / "site").exists()


def test_rebuild_replaces_the_whole_site_so_removed_courses_disappear(two_courses, tmp_path, build_content):
    first = build_content(two_courses, tmp_path / "site")
    assert (first.output / "courses" / "juridik" / "index.html").is_file()
    (two_courses / "courses" / "juridik.md").unlink()
    second = build_content(two_courses, tmp_path / "site")
    assert not (second.output / "courses" / "juridik").exists()
    assert not (second.output / "en" / "courses" / "juridik").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-cache", "content", "site"]
    assert second.report.courses == 1 and second.report.html_pages > 0


def test_request_link_is_replaced_by_a_notice_once_the_deadline_has_passed(two_courses, tmp_path, build_content):
    site = build_content(two_courses, tmp_path / "site", CATALOGUE_TODAY=date(2030, 3, 2))
    session = site.html("courses/samtal/").select_one("section.session")
    assert session.select_one("a[data-request]") is None
    assert session.select_one(".closed").get_text(strip=True) == "Sista anmälningsdagen har passerat."
    # The session has not started yet, so it is still upcoming on the home page.
    assert site.html("").select_one("main table tbody a")["href"] == "/courses/samtal/#session-samtal-2030-1"


def test_course_without_sessions_says_no_dates_are_planned(two_courses, tmp_path, build_content):
    site = build_content(two_courses, tmp_path / "site")
    page = site.html("courses/juridik/")
    assert page.select("section.session") == []
    assert "Inga datum är planerade" in page.select_one("section.sessions p").get_text()


def test_content_pages_are_published_in_both_languages_and_linked_from_the_menu(write_content, course_file, tmp_path, build_content):
    content = write_content(
        {"samtal": course_file("samtal", "Samtal med barn")},
        pages={
            "how-to-register.md": "Title: Så anmäler du dig\n\nFråga din chef först.\n",
            "how-to-register.en.md": "Title: How to register\n\nAsk your manager first.\n",
        },
    )
    site = build_content(content, tmp_path / "site")
    sv, en = site.html("how-to-register/"), site.html("en/how-to-register/")
    assert (sv.html["lang"], sv.h1.get_text()) == ("sv", "Så anmäler du dig")
    assert (en.html["lang"], en.h1.get_text()) == ("en", "How to register")
    assert sv.select_one("a.lang-switch")["href"] == "/en/how-to-register/"
    assert en.select_one("a.lang-switch")["href"] == "/how-to-register/"
    assert "/how-to-register/" in [a["href"] for a in site.html("").select("nav.site-nav a")]
    assert "/en/how-to-register/" in [a["href"] for a in site.html("en/").select("nav.site-nav a")]
    assert site.html("").select_one("#signup-heading").find_next("a")["href"] == "/how-to-register/"


def test_production_settings_take_site_and_service_addresses_from_the_environment(two_courses, tmp_path, monkeypatch):
    monkeypatch.setenv("KURSPORTAL_SITE_URL", "https://kurser.kommun.example/katalog")
    monkeypatch.setenv("KURSPORTAL_SERVICE_URL", "https://anmalan.kommun.example")
    build_site(two_courses, tmp_path / "site", settings_file=str(ROOT / "publishconf.py"))
    data = json.loads((tmp_path / "site" / "catalogue.json").read_text(encoding="utf-8"))
    course = next(c for c in data["courses"] if c["slug"] == "samtal")
    assert course["url"] == "https://kurser.kommun.example/katalog/courses/samtal/"
    assert course["sessions"][0]["request_url"] == "https://anmalan.kommun.example/sessions/samtal-2030-1/request"
    ics = (tmp_path / "site" / "calendars" / "samtal.ics").read_text()
    assert "UID:samtal-2030-1-1@kurser.kommun.example" in ics


def test_description_headings_start_below_the_course_title(write_content, course_file, tmp_path, build_content):
    body = "# Mål\n\nAtt lära sig.\n\n## Delmål\n\nMer.\n"
    content = write_content({"samtal": course_file("samtal", "Samtal med barn", body=body)})
    description = build_content(content, tmp_path / "site").html("courses/samtal/").select_one(".description")
    assert [(h.name, h.get_text()) for h in description.find_all(["h1", "h2", "h3"])] == [("h2", "Mål"), ("h3", "Delmål")]


def test_a_failing_theme_stops_the_build_and_leaves_the_old_site(two_courses, tmp_path, build_content):
    site = build_content(two_courses, tmp_path / "site")
    before = snapshot(site.output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "course.html").write_text("{% extends 'base.html' %}{% block content %}{{ course.no_such( }}{% endblock %}")
    with pytest.raises(SiteBuildError, match="course.html"):
        build_site(two_courses, site.output, settings_file=str(ROOT / "pelicanconf.py"), overrides={"THEME": str(theme)})
    assert snapshot(site.output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-cache", "content", "site", "theme"]


def test_a_description_starting_with_a_colon_line_is_kept_whole(write_content, course_file, tmp_path, build_content):
    body = "Syfte: att kunna samtala med barn.\n\nMer text.\n"
    content = write_content({"samtal": course_file("samtal", "Samtal med barn", body=body)})
    description = build_content(content, tmp_path / "site").html("courses/samtal/").select_one(".description")
    assert [p.get_text() for p in description.find_all("p")] == ["Syfte: att kunna samtala med barn.", "Mer text."]


def test_counts_use_the_singular_for_one(two_courses, tmp_path, build_content):
    site = build_content(two_courses, tmp_path / "site")
    assert site.html("courses/month/2030-03/").select_one(".filter-result").get_text() == "1 utbildning"
    assert site.html("en/courses/month/2030-03/").select_one(".filter-result").get_text() == "1 course"
    assert site.html("courses/kind/seminar/").select_one(".filter-result").get_text() == "2 utbildningar"
    assert site.html("en/courses/samtal/").select_one(".seats").get_text() == "12 seats"
