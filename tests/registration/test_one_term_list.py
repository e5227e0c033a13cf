"""One word for one thing in every user-facing string of the service (issue #10).

The catalogue says "väntelista", so the service never says "reservlista"; the two
meanings of "plats" are kept apart ("platser kvar" for seats, "Tid och plats" for where);
a column header has its own msgid where its word differs from the state's.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from registration.exports.labels import LABELS
from registration.models.requests import STATE_LABELS

ROOT = Path(__file__).resolve().parents[2]
SV_PO = ROOT / "registration" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
# Words the term list replaces, and what to say instead.
NOT_OUR_WORDS = {"reservlista": "väntelista", "reservlistan": "väntelistan", "reserver": "på väntelistan"}


def swedish_strings() -> list[str]:
    with SV_PO.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    found = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            found.extend(s for s in strings if s)
    found.extend(STATE_LABELS["sv"].values())
    found.extend(str(value) for value in LABELS["sv"].values())
    return found


def test_the_swedish_catalogue_and_word_lists_never_use_a_replaced_term():
    offending = [s for s in swedish_strings()
                 if any(word in s.lower().replace(",", " ").replace(".", " ").split() for word in NOT_OUR_WORDS)]
    assert offending == []


def test_templates_never_hard_code_a_replaced_term():
    offending = [str(path) for path in (ROOT / "registration" / "templates").rglob("*")
                 if path.is_file() and "reservlist" in path.read_text(encoding="utf-8").lower()]
    assert offending == []


def test_place_and_seat_are_different_words_and_the_declined_column_is_not_the_state():
    with SV_PO.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    assert catalog.get("Time and place").string == "Tid och plats"
    assert catalog.get("%(free)d of %(capacity)d seats left").string.endswith("platser kvar")
    assert catalog.get("Declined", "column").string == "Avslagna"
    assert STATE_LABELS["sv"]["declined"] == "Avslagen"
