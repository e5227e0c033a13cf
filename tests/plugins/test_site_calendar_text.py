"""Calendar text written by the site survives a round trip through the icalendar library."""
from __future__ import annotations

from icalendar import Calendar

from plugins.catalogue_site.ical import escape_text, fold

TRICKY = "Samtal, möten; och\\ sånt\nmed åäö – " + "långa rader med tecken som ä och ö " * 5


def test_long_lines_fold_at_75_octets_without_splitting_letters():
    line = "DESCRIPTION:" + escape_text(TRICKY)
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_escaped_text_reads_back_as_written():
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//", "BEGIN:VEVENT", "UID:x@y",
        "DTSTAMP:20270101T000000Z", fold("SUMMARY:" + escape_text(TRICKY)), "END:VEVENT", "END:VCALENDAR", "",
    ])
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TRICKY
