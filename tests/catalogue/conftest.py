"""Fixtures that write real content folders (organisations.yaml, courses/*.md, programme.yaml) under tmp_path."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import CatalogueError, load_catalogue
from content_files import BODY, ORGANISATIONS, course_text, programme_text, valid_course


@pytest.fixture
def content(tmp_path) -> Path:
    """An empty content folder with two organisations and a courses/ folder."""
    root = tmp_path / "content"
    (root / "courses").mkdir(parents=True)
    (root / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    return root


@pytest.fixture
def write_course(content):
    """Write courses/<name> from a front matter dict, a text, or raw bytes."""

    def write(name: str, course: dict | str | bytes, body: str = BODY) -> Path:
        path = content / "courses" / name
        if isinstance(course, bytes):
            path.write_bytes(course)
        elif isinstance(course, str):
            path.write_text(course, encoding="utf-8")
        else:
            path.write_text(course_text(course, body), encoding="utf-8")
        return path

    return write


@pytest.fixture
def problems_in(content):
    """Load the content folder and return its problems (failing if it loads)."""

    def problems():
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(content)
        return caught.value.problems

    return problems


@pytest.fixture
def write_programme(content, write_course):
    """Write programme.yaml from a dict or a text, beside a valid course `kurs` its goals may name."""
    write_course("kurs.md", valid_course())

    def write(programme: dict | str) -> Path:
        path = content / "programme.yaml"
        path.write_text(programme if isinstance(programme, str) else programme_text(programme), encoding="utf-8")
        return path

    return write
