"""The charts' own words in Swedish and English, and numbers, shares and months for a language.

Charts travel into PDFs and workbooks made without a web request (the CLI), so,
like the exports' labels, their words are chosen by an explicit `lang`; data
labels (course titles, goal texts, organisation names) come from the caller
already in that language.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from catalogue.goals import GoalStatus
from catalogue.vocabulary import SCALE

LANGUAGES = ("sv", "en")

WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "table_summary": "Visa siffrorna som tabell",
        "sheet": "Diagram",
        "threshold": "Målvärde",
        "target": "mål {value}",
        "goals.title": "Måluppfyllelse",
        "goals.desc": "{met} av {total} mål uppnådda; högst: {goal} ({result}).",
        "goals.desc_met": "{met} av {total} mål uppnådda.",
        "goals.desc_none": "Inga mål.",
        "goal": "Mål",
        "answers_n": "Svar (n)",
        "result": "Resultat",
        "status": "Status",
        "answers.title": "Svar per fråga",
        "answers.desc": "{total} frågor; störst andel ja: {question} ({share}).",
        "answers.desc_none": "Ingen av {total} frågor har tillräckligt många svar.",
        "answers.note": "Andelar av dem som tog ställning; Vet ej som andel av alla svar.",
        "question": "Fråga",
        "participants.title": "Unika deltagare per organisation",
        "participants.desc": "{total} unika deltagare; flest: {label} ({value}).",
        "months.title": "Unika deltagare per månad",
        "months.desc": "Flest deltagare i {label} ({value}); {months} månader.",
        "none.desc": "Inga deltagare under perioden.",
        "organisation": "Organisation",
        "month": "Månad",
        "total": "Totalt",
        "unique_participants": "Unika deltagare",
        "gender.woman": "Kvinna",
        "gender.man": "Man",
        "gender.non-binary": "Icke-binär",
        "gender.unrecorded": "Ej registrerat",
        "fill.course.title": "Beläggning per utbildning",
        "fill.session.title": "Beläggning per kurstillfälle",
        "fill.session.extremes.title": "Beläggning per kurstillfälle: de {n} högsta och de {n} lägsta av {total}",
        "fill.desc": "Beläggning totalt {total}; högst: {high} ({high_value}), lägst: {low} ({low_value}).",
        "fill.desc_none": "Inga kurstillfällen under perioden.",
        "course": "Utbildning",
        "session": "Kurstillfälle",
        "seats": "Tagna platser",
        "capacity": "Platser",
        "fill_rate": "Beläggning",
        "of": "{part} av {whole}",
        "reserved.title": "Reserverade platser som används",
        "reserved.desc": "{used} av {reserved} reserverade platser används ({share}).",
        "reserved.desc_none": "Inga platser reserverade under perioden.",
        "reserved": "Reserverade platser",
        "reserved_used": "Använda",
        "share": "Andel",
        "absence.title": "Uteblivna och sena avbokningar per organisation",
        "absence.desc": "{no_shows} uteblivna och {late} sena avbokningar; flest uteblivna: {label} ({value}).",
        "absence.desc_zero": "Inga uteblivna och {late} sena avbokningar.",
        "no_shows": "Uteblivna",
        "late_cancellations": "Sena avbokningar",
    },
    "en": {
        "table_summary": "Show the figures as a table",
        "sheet": "Charts",
        "threshold": "Target",
        "target": "target {value}",
        "goals.title": "Goal fulfilment",
        "goals.desc": "{met} of {total} goals met; highest: {goal} ({result}).",
        "goals.desc_met": "{met} of {total} goals met.",
        "goals.desc_none": "No goals.",
        "goal": "Goal",
        "answers_n": "Answers (n)",
        "result": "Result",
        "status": "Status",
        "answers.title": "Answers per question",
        "answers.desc": "{total} questions; largest share of yes: {question} ({share}).",
        "answers.desc_none": "None of {total} questions has enough answers.",
        "answers.note": "Shares of those who took a position; Don't know as a share of all answers.",
        "question": "Question",
        "participants.title": "Unique participants per organisation",
        "participants.desc": "{total} unique participants; most: {label} ({value}).",
        "months.title": "Unique participants per month",
        "months.desc": "Most participants in {label} ({value}); {months} months.",
        "none.desc": "No participants in the period.",
        "organisation": "Organisation",
        "month": "Month",
        "total": "Total",
        "unique_participants": "Unique participants",
        "gender.woman": "Woman",
        "gender.man": "Man",
        "gender.non-binary": "Non-binary",
        "gender.unrecorded": "Not recorded",
        "fill.course.title": "Fill rate per course",
        "fill.session.title": "Fill rate per session",
        "fill.session.extremes.title": "Fill rate per session: the {n} highest and the {n} lowest of {total}",
        "fill.desc": "Fill rate {total} overall; highest: {high} ({high_value}), lowest: {low} ({low_value}).",
        "fill.desc_none": "No sessions in the period.",
        "course": "Course",
        "session": "Session",
        "seats": "Seats taken",
        "capacity": "Seats",
        "fill_rate": "Fill rate",
        "of": "{part} of {whole}",
        "reserved.title": "Reserved seats in use",
        "reserved.desc": "{used} of {reserved} reserved seats in use ({share}).",
        "reserved.desc_none": "No seats reserved in the period.",
        "reserved": "Reserved seats",
        "reserved_used": "In use",
        "share": "Share",
        "absence.title": "No-shows and late cancellations per organisation",
        "absence.desc": "{no_shows} no-shows and {late} late cancellations; most no-shows: {label} ({value}).",
        "absence.desc_zero": "No no-shows and {late} late cancellations.",
        "no_shows": "No-shows",
        "late_cancellations": "Late cancellations",
    },
}


class Words:
    """The chart words and number formats of one language ('sv' unless 'en')."""

    def __init__(self, lang: str = "sv"):
        self.lang = lang if lang in LANGUAGES else "sv"
        self._words = WORDS[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """Return the word for `key`, with `values` filled in. 'status.<GoalStatus value>' and
        'scale.<answer id>' are the catalogue's own labels, so the report says the same."""
        kind, _, name = key.partition(".")
        if kind == "status" and name:
            return GoalStatus(name).label(self.lang)
        if kind == "scale" and name:
            return SCALE[name][self.lang]
        text = self._words[key]
        return text.format(**values) if values else text

    def count(self, value: float) -> str:
        """Return a count as the language writes it ('1 234' in Swedish)."""
        return _count(value, self.lang)

    def percent(self, share: float | None) -> str:
        """Return a share (0.75) as a whole percentage ('75 %'); '–' when unknown."""
        return "–" if share is None else _percent(share, self.lang)

    def goal_figure(self, value: float | int | None, unit: str) -> str:
        """Return a goal's result or threshold: a percentage with the decimal it has
        ('79,9 %', never rounded up to a figure that was not reached) or a count."""
        if value is None:
            return "–"
        if unit != "percent":
            return self.count(value)
        return format_percent(Decimal(str(value)) / 100, locale=self.lang,
                              decimal_quantization=False)

    def month(self, month: date) -> str:
        """Return a month as 'februari 2027' (Swedish) or 'February 2027'."""
        return format_date(month, "LLLL y", locale=self.lang)


# A chart of 500 sessions writes a few thousand numbers, most of them the same small
# counts and shares; Babel takes ~50 µs for each, so each distinct one is formatted once.
@lru_cache(maxsize=4096)
def _count(value: float, lang: str) -> str:
    return format_decimal(value, locale=lang)


@lru_cache(maxsize=4096)
def _percent(share: float, lang: str) -> str:
    return format_percent(share, locale=lang)
