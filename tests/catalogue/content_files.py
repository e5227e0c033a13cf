"""Building blocks for content folders in catalogue tests: a valid course and its file text."""
from __future__ import annotations

import copy
from datetime import date

import yaml

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
