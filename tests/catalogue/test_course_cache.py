"""Loading with a CourseCache (what the site build does) and with several worker processes.

The cache may only ever spare work: the catalogue and every problem must be
exactly what a plain load gives.
"""
from __future__ import annotations

import pytest

from catalogue import CatalogueError, load_catalogue
from catalogue.course_cache import CourseCache
from catalogue.loading import _PARALLEL_FROM
from content_files import course_text, valid_course


def _write_courses(content, count: int) -> None:
    for number in range(count):
        data = valid_course(f"kurs-{number}-2027", title=f"Kurs nummer {number}")
        (content / "courses" / f"kurs-{number}.md").write_text(course_text(data), encoding="utf-8")


def test_a_second_load_takes_unchanged_files_from_the_cache_and_rereads_an_edited_one(content, tmp_path):
    _write_courses(content, 3)
    first_cache = CourseCache(tmp_path / "cache")
    first = load_catalogue(content, cache=first_cache)
    assert first_cache.hits == 0

    edited = content / "courses" / "kurs-1.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Kurs nummer 1", "Kurs nummer ett"), encoding="utf-8")
    second_cache = CourseCache(tmp_path / "cache")
    second = load_catalogue(content, cache=second_cache)

    assert second_cache.hits == 2
    assert [c.title for c in second.courses] == ["Kurs nummer 0", "Kurs nummer ett", "Kurs nummer 2"]
    assert second.courses == load_catalogue(content).courses
    assert second.courses[0] == first.courses[0]


def test_a_broken_file_is_reported_on_every_load_and_a_clash_with_a_cached_file_too(content, tmp_path):
    _write_courses(content, 2)
    load_catalogue(content, cache=CourseCache(tmp_path / "cache"))
    # A new file reusing a cached file's session id, and one with a wrong key.
    (content / "courses" / "kopia.md").write_text(course_text(valid_course("kurs-0-2027")), encoding="utf-8")
    (content / "courses" / "fel.md").write_text(course_text(valid_course("fel-1", kind="lecture")), encoding="utf-8")

    # kopia.md is valid on its own, so the second load takes it from the cache too:
    # the clash is found by the checks across files, which always run.
    for hits in (2, 3):
        cache = CourseCache(tmp_path / "cache")
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(content, cache=cache)
        with pytest.raises(CatalogueError) as plain:
            load_catalogue(content)
        assert caught.value.problems == plain.value.problems
        found = {(p.path, p.key.split(" ")[0]) for p in caught.value.problems}
        assert ("content/courses/fel.md", "kind") in found
        assert ("content/courses/kopia.md", "sessions[0]") in found
        assert ("content/courses/kurs-0.md", "sessions[0]") in found  # the cached file is named too
        assert cache.hits == hits


def test_changed_organisations_make_every_file_be_checked_again(content, tmp_path):
    _write_courses(content, 2)
    load_catalogue(content, cache=CourseCache(tmp_path / "cache"))
    organisations = content / "organisations.yaml"
    organisations.write_text(organisations.read_text(encoding="utf-8").replace("karlstad-afs", "karlstad-asf"),
                             encoding="utf-8")
    cache = CourseCache(tmp_path / "cache")
    load_catalogue(content, cache=cache)
    assert cache.hits == 0


def test_a_damaged_cache_file_is_ignored(content, tmp_path):
    _write_courses(content, 1)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "courses.pickle").write_bytes(b"not a pickle")
    cache = CourseCache(tmp_path / "cache")
    assert [c.slug for c in load_catalogue(content, cache=cache).courses] == ["kurs-0"]
    assert cache.hits == 0


def test_two_workers_give_the_same_catalogue_and_problems_as_one(content):
    _write_courses(content, _PARALLEL_FROM + 10)
    assert load_catalogue(content, workers=2) == load_catalogue(content)
    (content / "courses" / "kurs-7.md").write_text(course_text(valid_course("kurs-90-2027")), encoding="utf-8")
    (content / "courses" / "kurs-100.md").write_bytes(b"---\ntitle: \xff\n---\n")
    with pytest.raises(CatalogueError) as parallel:
        load_catalogue(content, workers=2)
    with pytest.raises(CatalogueError) as serial:
        load_catalogue(content)
    assert parallel.value.problems == serial.value.problems
    assert {p.path for p in parallel.value.problems} == {
        "content/courses/kurs-7.md", "content/courses/kurs-90.md", "content/courses/kurs-100.md"}
