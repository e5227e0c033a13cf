"""Republishing after an edit: only files that depend on it are made again, and the result is
byte for byte what a build from scratch makes, published with the same atomic swap."""
from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from plugins.catalogue_site.build import build_site
from plugins.catalogue_site.incremental import BuildCache

ROOT = Path(__file__).resolve().parents[2]
SESSION = """\
- id: {id}
  capacity: 12
  deadline: 2030-03-01
  meetings:
    - {{start: 2030-03-15 09:00, end: 2030-03-15 12:00, place: "Norrby, Folkets hus"}}
"""


def files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes (the build record left out)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != BuildCache.FILE}


@pytest.fixture
def content(write_content, course_file):
    return write_content({
        "samtal": course_file("samtal", "Samtal med barn", body="Om samtal.",
                              sessions=SESSION.format(id="samtal-2030-1")),
        "juridik": course_file("juridik", "Juridik för nya", audience="[new]", kind="method-course",
                               extra="level: basic\n", body="Om juridik.",
                               sessions=SESSION.format(id="juridik-2030-1")),
        "etik": course_file("etik", "Etik i vardagen", body="Om etik."),
    })


def rebuild(content, output, **overrides):
    return build_site(content, output, settings_file=str(ROOT / "pelicanconf.py"),
                      overrides={"SERVICE_URL": "http://127.0.0.1:9", "FEED_DOMAIN": "http://127.0.0.1:8000", **overrides})


def from_scratch(content, tmp_path) -> dict[str, bytes]:
    out = tmp_path / "scratch" / "site"
    rebuild(content, out)
    found = files(out)
    shutil.rmtree(out.parent)
    return found


def test_unchanged_content_reuses_every_file_and_publishes_the_same_site(content, tmp_path):
    output = tmp_path / "site"
    first = rebuild(content, output)
    before = files(output)
    second = rebuild(content, output)
    assert (first.reused, second.rendered) == (0, 0)
    assert second.reused == first.rendered
    assert files(output) == before


def test_one_edited_description_remakes_only_that_course_and_matches_a_full_build(content, tmp_path):
    output = tmp_path / "site"
    rebuild(content, output)
    # A second name for a published page: if the rebuild wrote into the live
    # site's files instead of new ones, this would change.
    kept = tmp_path / "kept.html"
    os.link(output / "courses" / "samtal" / "index.html", kept)
    old_bytes = kept.read_bytes()

    course = content / "courses" / "samtal.md"
    course.write_text(course.read_text(encoding="utf-8").replace("Om samtal.", "Om samtal med **barn**."),
                      encoding="utf-8")
    report = rebuild(content, output)

    assert kept.read_bytes() == old_bytes
    assert report.made == ["calendars/samtal.ics", "courses/samtal/index.html", "en/courses/samtal/index.html"]
    assert "<strong>barn</strong>" in (output / "courses" / "samtal" / "index.html").read_text(encoding="utf-8")
    assert files(output) == from_scratch(content, tmp_path)


def test_a_new_title_remakes_the_listings_that_show_it(content, tmp_path):
    output = tmp_path / "site"
    rebuild(content, output)
    course = content / "courses" / "juridik.md"
    course.write_text(course.read_text(encoding="utf-8").replace("Juridik för nya", "Juridik för nyanställda"),
                      encoding="utf-8")
    made = set(rebuild(content, output).made)
    assert {"courses/index.html", "en/courses/index.html", "courses/kind/method-course/index.html",
            "courses/juridik/index.html", "courses/audience/new/index.html"} <= made
    # A filter page that does not list the course is left as it was.
    assert "courses/kind/seminar/index.html" not in made
    assert "Juridik för nyanställda" in (output / "en" / "courses" / "index.html").read_text(encoding="utf-8")
    assert files(output) == from_scratch(content, tmp_path)


def test_a_removed_course_disappears_everywhere(content, tmp_path):
    output = tmp_path / "site"
    rebuild(content, output)
    (content / "courses" / "etik.md").unlink()
    rebuild(content, output)
    assert not (output / "courses" / "etik").exists() and not (output / "calendars" / "etik.ics").exists()
    assert files(output) == from_scratch(content, tmp_path)


def test_a_theme_change_remakes_everything(content, tmp_path):
    output = tmp_path / "site"
    first = rebuild(content, output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    css = theme / "static" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    second = rebuild(content, output, THEME=str(theme))
    assert second.reused == 0 and second.rendered == first.rendered


def test_search_index_follows_an_edit_and_is_reused_without_one(content, tmp_path):
    output = tmp_path / "site"
    rebuild(content, output)
    index = output / "en" / "pagefind" / "pagefind-entry.json"
    inode = index.stat().st_ino
    rebuild(content, output)
    assert (output / "en" / "pagefind" / "pagefind-entry.json").stat().st_ino == inode, "unchanged index was remade"
    course = content / "courses" / "etik.md"
    course.write_text(course.read_text(encoding="utf-8").replace("Om etik.", "Om etik och moral."), encoding="utf-8")
    report = rebuild(content, output)
    # The edited page went live with the previous index, which was then replaced.
    assert report.live_after < report.total_seconds and "search index" in report.seconds
    remade = (output / "en" / "pagefind" / "pagefind-entry.json").stat().st_ino
    assert remade != inode
    assert not [p for p in output.rglob(".pagefind-new-*")], "the new index was not swapped in"
    # The record now says the index is current: the next build keeps it.
    rebuild(content, output)
    assert (output / "en" / "pagefind" / "pagefind-entry.json").stat().st_ino == remade


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    from plugins.catalogue_site.publishing import exchange, replace_folder

    live, fresh = tmp_path / "live", tmp_path / "fresh"
    live.mkdir(), fresh.mkdir()
    (live / "page").write_text("old"), (fresh / "page").write_text("new")
    if not exchange(fresh, live):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert (live / "page").read_text() == "new" and (fresh / "page").read_text() == "old"
    previous = replace_folder(fresh, live)  # fresh now holds "old": swap back
    assert (live / "page").read_text() == "old" and (previous / "page").read_text() == "new"



def indexed_words(bundle: Path) -> bytes:
    """The words of a Pagefind bundle's index chunks and page fragments (gzip, then CBOR/JSON text)."""
    return b"".join(gzip.decompress(p.read_bytes()) for p in sorted(bundle.glob("*/*.pf_*")))


def test_search_index_finds_an_edited_courses_new_words_after_a_republish(content, tmp_path):
    output = tmp_path / "site"
    rebuild(content, output)
    # A made-up word the Swedish and English stemmers leave as it is.
    assert b"qwxplunk" not in indexed_words(output / "pagefind")
    course = content / "courses" / "etik.md"
    course.write_text(course.read_text(encoding="utf-8").replace("Om etik.", "Om etik och qwxplunk."),
                      encoding="utf-8")
    report = rebuild(content, output)
    assert report.rendered and report.reused, "a republish, not a build from scratch"
    for bundle in (output / "pagefind", output / "en" / "pagefind"):
        words = indexed_words(bundle)
        assert b"qwxplunk" in words, f"{bundle} does not find the new word"
        assert b"Om etik." not in words.replace(b"Om etik och", b""), f"{bundle} still holds the old text"
    # The cache beside the site took the two unchanged course files as they were.
    assert (tmp_path / ".site-cache" / "courses.pickle").is_file()
