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


def valid_programme(**changes) -> dict:
    """A programme.yaml (as a dict) that passes validation beside ORGANISATIONS and a course `kurs`."""
    data = {
        "name": "Kompetenslyftet",
        "funder": "Europeiska socialfonden",
        "period": {"start": date(2026, 9, 1), "end": date(2028, 6, 30)},
        "audit_hold_until": date(2033, 12, 31),
        "hourly_cost": {"karlstad-afs": 412, "kristinehamn-ifo": 405.5},
        "questions": [
            {"id": "useful", "kind": "scale", "text": {"sv": "Användbar?", "en": "Useful?"}},
            {"id": "themes", "kind": "choice", "multiple": True, "text": {"sv": "Teman?", "en": "Themes?"},
             "choices": [{"id": "values", "label": {"sv": "Värdegrund", "en": "Values"}},
                         {"id": "evidence", "label": {"sv": "Evidens", "en": "Evidence"}},
                         {"id": "none", "label": {"sv": "Inget", "en": "None"}}]},
            {"id": "format", "kind": "choice", "text": {"sv": "Form?", "en": "Format?"},
             "choices": [{"id": "on-site", "label": {"sv": "På plats", "en": "On site"}},
                         {"id": "online", "label": {"sv": "På distans", "en": "Online"}}]},
            {"id": "plans", "kind": "scale", "text": {"sv": "Planer?", "en": "Plans?"}},
            {"id": "comments", "kind": "text", "text": {"sv": "Övrigt?", "en": "Anything else?"}},
        ],
        "surveys": {
            "evaluation": {"questions": ["useful", {"question": "themes", "except_kinds": ["supervision"]},
                                         {"question": "format", "only_kinds": ["seminar"]}, "comments"]},
            "followup_manager": {"weeks": 10, "questions": ["plans", "comments"]},
            "followup_participant": {"questions": ["useful"]},
        },
        "goals": [
            {"id": "useful", "text": {"sv": "80 % användbar", "en": "80% useful"},
             "measure": {"answers": "useful", "counts": ["yes-absolutely", "yes-somewhat"], "surveys": ["evaluation"]},
             "threshold": {"percent": 80}},
            {"id": "themes", "text": {"sv": "Teman", "en": "Themes"},
             "measure": {"answers": "themes", "counts": ["values", "evidence"]}, "threshold": {"percent": 100}},
            {"id": "plans", "text": {"sv": "Planer", "en": "Plans"},
             "measure": {"answers": "plans", "counts": ["yes-absolutely"], "per": "course", "course_share": 50,
                         "kinds": ["method-course"], "courses": ["kurs"]},
             "threshold": {"count": 2}},
            {"id": "held", "text": {"sv": "Genomförda", "en": "Held"},
             "measure": {"data": "sessions_held_share", "kinds": ["seminar"]}, "threshold": {"percent": 100}},
            {"id": "reach", "text": {"sv": "Nådda", "en": "Reached"},
             "measure": {"data": "reach_share", "organisations": ["kristinehamn-ifo"]}, "threshold": {"percent": 90}},
            {"id": "groups", "text": {"sv": "Grupper", "en": "Groups"},
             "measure": {"data": "held_sessions_count", "courses": ["kurs"]}, "threshold": {"count": 3}},
            {"id": "trainers", "text": {"sv": "Utbildare", "en": "Trainers"},
             "measure": {"data": "completions_count", "courses": ["kurs"]}, "threshold": {"count": 8}},
            {"id": "guests", "text": {"sv": "Gäster", "en": "Guests"},
             "measure": {"data": "guests_count"}, "threshold": {"count": 150}},
            {"id": "hours", "text": {"sv": "Timmar", "en": "Hours"},
             "measure": {"data": "hours_total", "organisations": ["karlstad-afs"]}, "threshold": {"count": 5000}},
            {"id": "exchange", "text": {"sv": "Utbyte", "en": "Exchange"}, "measure": "manual"},
        ],
    }
    data.update(copy.deepcopy(changes))
    return data


def programme_text(data: dict) -> str:
    """programme.yaml's text for `data`."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
