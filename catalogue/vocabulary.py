"""The closed word lists of the content format, with Swedish and English labels.

A value in a course file must be one of these keys; the labels are what people
read on the site and in the service. Swedish first: it is the default language.
"""
from __future__ import annotations

KINDS: dict[str, dict[str, str]] = {
    "method-course": {"sv": "Metodutbildning", "en": "Method course"},
    "seminar-series": {"sv": "Seminarieserie", "en": "Seminar series"},
    "seminar": {"sv": "Seminarium", "en": "Seminar"},
    "university-course": {"sv": "Högskolekurs", "en": "University course"},
    "supervision": {"sv": "Handledning", "en": "Supervision group"},
}

LEVELS: dict[str, dict[str, str]] = {
    "basic": {"sv": "Grundkurs", "en": "Basic"},
    "advanced": {"sv": "Fördjupning", "en": "Advanced"},
    "practice": {"sv": "Metodträning", "en": "Method practice"},
}

AUDIENCES: dict[str, dict[str, str]] = {
    "new": {"sv": "Ny (0–2 år)", "en": "New (0–2 years)"},
    "settled": {"sv": "Van (2–5 år)", "en": "Settled (2–5 years)"},
    "experienced": {"sv": "Erfaren (5+ år)", "en": "Experienced (5+ years)"},
    "senior": {"sv": "Supersenior", "en": "Senior specialist"},
    "managers": {"sv": "Chefer och arbetsledare", "en": "Managers and supervisors"},
    "all": {"sv": "Alla medarbetare", "en": "All staff"},
}

THEMES: dict[str, dict[str, str]] = {
    "values": {"sv": "Värdegrund", "en": "Values"},
    "quality": {"sv": "Kvalitet", "en": "Quality"},
    "evidence": {"sv": "Evidens", "en": "Evidence-based practice"},
    "equality": {"sv": "Jämställdhet", "en": "Gender equality"},
    "children": {"sv": "Barn och unga", "en": "Children and young people"},
    "law": {"sv": "Juridik", "en": "Law"},
    "communication": {"sv": "Samtal och kommunikation", "en": "Conversation and communication"},
    "substance-misuse": {"sv": "Missbruk och beroende", "en": "Substance misuse"},
    "violence": {"sv": "Våld i nära relationer", "en": "Domestic violence"},
    "labour-market": {"sv": "Arbetsmarknad", "en": "Labour market"},
    "migration": {"sv": "Migration och integration", "en": "Migration and integration"},
    "leadership": {"sv": "Ledarskap", "en": "Leadership"},
    "mental-health": {"sv": "Psykisk hälsa", "en": "Mental health"},
    "economy": {"sv": "Ekonomi", "en": "Economics"},
    "documentation": {"sv": "Dokumentation", "en": "Documentation"},
}

# The ways the catalogue can be filtered; each is also a folder beside the course
# pages on the site, so no course may take one of these names as its slug.
FILTER_FACETS = ("audience", "theme", "kind", "organisation", "month")

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def label(words: dict[str, dict[str, str]], key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the label of `key` in `lang`, or the key itself when it has none."""
    labels = words.get(key)
    if labels is None:
        return key
    return labels.get(lang) or labels[DEFAULT_LANGUAGE]
