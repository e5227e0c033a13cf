"""Fixtures that write real content folders (organisations.yaml, courses/*.md) under tmp_path."""
from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml

from catalogue import CatalogueError, load_catalogue

ORGANISATIONS = """\
- id: karlstad-afs
  name: Arbetsmarknads- och socialförvaltningen
  short_name: ASF Karlstad
  municipality: Karlstads kommun
- id: kristinehamn-ifo
  name: Individ- och familjeomsorgen
  short_name: IFO Kristinehamn
  municipality: Kristinehamns kommun
"""

BODY = "## Mål\n\nAtt lära sig något.\n"


def valid_course(session_id: str = "kurs-2027-1", **changes) -> dict:
    """Front matter of a course that passes validation; `changes` replace keys."""
    data = {
        "title": "Värdegrund och bemötande",
        "kind": "seminar",
        "audience": ["all"],
        "themes": ["values"],
        "provider": "Intern utbildare",
        "contact": "kursadmin@karlstad.example",
        "summary": "En halvdag om bemötande.",
        "published": date(2026, 10, 1),
        "sessions": [{
            "id": session_id,
            "capacity": 20,
            "deadline": date(2027, 1, 20),
            "meetings": [{"start": "2027-02-03 09:00", "end": "2027-02-03 13:00",
                          "place": "Karlstad, Stadshuset, sal 3"}],
        }],
    }
    data.update(copy.deepcopy(changes))
    return data


def course_text(front: dict, body: str = BODY) -> str:
    """A course file's text: YAML front matter between fences, then Markdown."""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


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
