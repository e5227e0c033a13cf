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

# The sector an organisation works in, for the funder's participants-by-sector figures.
SECTORS: dict[str, dict[str, str]] = {
    "individ-och-familjeomsorg": {"sv": "Individ- och familjeomsorg", "en": "Individual and family care"},
    "funktionsstod": {"sv": "Funktionsstöd", "en": "Disability support"},
    "aldreomsorg": {"sv": "Äldreomsorg", "en": "Elderly care"},
    "halso-och-sjukvard": {"sv": "Hälso- och sjukvård", "en": "Health care"},
    "arbetsmarknad": {"sv": "Arbetsmarknad", "en": "Labour market"},
    "skola": {"sv": "Skola", "en": "School"},
    "other": {"sv": "Annat", "en": "Other"},
}

# The answers of every `scale` question in programme.yaml, in the order shown.
# DONT_KNOW is an answer but no opinion: goals leave it out of the denominator
# unless a goal's `exclude` says otherwise.
SCALE: dict[str, dict[str, str]] = {
    "yes-absolutely": {"sv": "Ja, absolut", "en": "Yes, absolutely"},
    "yes-somewhat": {"sv": "Ja, i någon mån", "en": "Yes, to some extent"},
    "no-hardly": {"sv": "Nej, knappast", "en": "No, hardly"},
    "no-not-at-all": {"sv": "Nej, absolut inte", "en": "No, not at all"},
    "dont-know": {"sv": "Vet ej", "en": "Don't know"},
}
DONT_KNOW = "dont-know"

QUESTION_KINDS: dict[str, dict[str, str]] = {
    "scale": {"sv": "Skala", "en": "Scale"},
    "choice": {"sv": "Flerval", "en": "Choice"},
    "text": {"sv": "Fritext", "en": "Free text"},
}

# Who is asked: participants after a session's last meeting, and the follow-up
# some weeks after a (method) course, of each unit's nearest manager and of the participants.
SURVEYS: dict[str, dict[str, str]] = {
    "evaluation": {"sv": "Kursutvärdering", "en": "Course evaluation"},
    "followup_manager": {"sv": "Uppföljning med närmaste chef", "en": "Follow-up with the nearest manager"},
    "followup_participant": {"sv": "Uppföljning med deltagare", "en": "Follow-up with participants"},
}

# How a goal is measured; the label is the report's "Mätning" column.
MEASURE_KINDS: dict[str, dict[str, str]] = {
    "answers": {"sv": "Enkät", "en": "Survey"},
    "data": {"sv": "Programdata", "en": "Programme data"},
    "manual": {"sv": "Bedömd för hand", "en": "Judged by hand"},
}

# The programme-data rules a goal may be measured by (docs/content.md explains each).
DATA_RULES: dict[str, dict[str, str]] = {
    "sessions_held_share": {"sv": "Genomförda av planerade kurstillfällen",
                            "en": "Sessions held of sessions planned"},
    "reach_share": {"sv": "Unika deltagare av aktiv personal", "en": "Unique participants of active staff"},
    "held_sessions_count": {"sv": "Antal genomförda kurstillfällen", "en": "Number of sessions held"},
    "completions_count": {"sv": "Antal som fullföljt", "en": "Number who completed"},
    "guests_count": {"sv": "Antal gäster från andra organisationer", "en": "Number of guests from other organisations"},
    "hours_total": {"sv": "Deltagartimmar", "en": "Participant hours"},
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
