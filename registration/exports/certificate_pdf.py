"""A certificate of attendance [intyg om genomförd utbildning] as a one-page PDF (reportlab platypus).

The sign-in sheet's fonts and styles (exports.pdf_sheet). It prints the
participant, course, credits when the course has them, dates, hours attended,
the organiser and the verification code with the URL that checks it
(`/verify/<code>`). `WORDS` also gives the verify page its words, so the
page and the paper say the same.
"""
from __future__ import annotations

import os
from typing import BinaryIO
from xml.sax.saxutils import escape

from babel.dates import format_date
from babel.numbers import format_decimal
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..queries.certificates import Certificate
from .pdf_sheet import FONT, FONT_BOLD, MARGIN, _styles, register_fonts
from .time_statement_pdf import hours_text

WORDS = {
    "sv": {"title": "Intyg om genomförd utbildning", "holder": "Deltagare", "course": "Utbildning",
           "credits": "Högskolepoäng", "dates": "Datum", "hours": "Närvarotid",
           "no_register": "närvaro fördes inte", "organiser": "Anordnare",
           "code": "Verifieringskod", "check": "Kontrollera intyget på {url}",
           "certifies": "Härmed intygas att deltagaren har genomfört utbildningen.",
           # The verify page and "Mina utbildningar" (same words as the paper).
           "genuine": "Intyget är äkta",
           "genuine_text": "Koden hör till ett intyg som tjänsten har utfärdat. Intyget gäller:",
           "hidden": "Namnet visas inte (personuppgifterna är raderade eller skyddade). "
                     "Jämför med namnet på intyget och en legitimation.",
           "not_genuine": "Intyget kunde inte verifieras",
           "not_genuine_text": "Koden hör inte till något giltigt intyg. Kontrollera att den är "
                               "rätt avskriven; ett ändrat intyg kan inte verifieras.",
           "mine": "Mina intyg", "zip": "Intyg för alla som genomfört (zip med PDF)", "download": "Intyg: {course}, {dates} (PDF)"},
    "en": {"title": "Certificate of attendance", "holder": "Participant", "course": "Course",
           "credits": "Credits", "dates": "Dates", "hours": "Time attended",
           "no_register": "attendance was not recorded", "organiser": "Organiser",
           "code": "Verification code", "check": "Check this certificate at {url}",
           "certifies": "This certifies that the participant has completed the course.",
           "genuine": "The certificate is genuine",
           "genuine_text": "The code belongs to a certificate this service issued. It certifies:",
           "hidden": "The name is not shown (the personal data has been deleted or is protected). "
                     "Compare with the name on the certificate and an identity document.",
           "not_genuine": "The certificate could not be verified",
           "not_genuine_text": "The code does not belong to any valid certificate. Check that it "
                               "was copied correctly; an altered certificate cannot be verified.",
           "mine": "My certificates", "zip": "Certificates for everyone who completed (zip of PDFs)", "download": "Certificate: {course}, {dates} (PDF)"},
}


def dates_text(certificate: Certificate, lang: str) -> str:
    """'3 februari 2027' or '3 februari 2027 – 10 mars 2027'."""
    first = format_date(certificate.first_day, "d MMMM y", locale=lang)
    if certificate.last_day == certificate.first_day:
        return first
    return f"{first} – {format_date(certificate.last_day, 'd MMMM y', locale=lang)}"


def facts(certificate: Certificate, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of what the certificate certifies, holder excluded (page and PDF)."""
    words = WORDS.get(lang, WORDS["sv"])
    lines = [(words["course"], certificate.course_title)]
    if certificate.credits:
        lines.append((words["credits"], format_decimal(certificate.credits, locale=lang)))
    lines.append((words["dates"], dates_text(certificate, lang)))
    hours = (words["no_register"] if certificate.minutes is None
             else hours_text(certificate.minutes, lang))
    lines.append((words["hours"], hours))
    lines.append((words["organiser"], certificate.organiser))
    return lines


def write_certificate(certificate: Certificate, holder: str, verify_url: str,
                      out: str | os.PathLike | BinaryIO, lang: str = "sv") -> None:
    """Write `certificate` for `holder` (the name printed) as PDF to a path or binary stream."""
    register_fonts()
    words = WORDS.get(lang, WORDS["sv"])
    styles = _styles()
    usable = A4[0] - 2 * MARGIN
    rows = [[words["holder"], holder], *facts(certificate, lang),
            [words["code"], certificate.code]]
    table = Table([[Paragraph(escape(label), styles["text"]), Paragraph(escape(value), styles["text"])]
                   for label, value in rows], colWidths=[0.3 * usable, 0.7 * usable])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONT", (0, 0), (0, -1), FONT_BOLD),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story = [
        Paragraph(escape(certificate.organiser), styles["small"]),
        Spacer(1, 10 * mm),
        Paragraph(escape(words["title"]), styles["title"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(words["certifies"]), styles["text"]),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 10 * mm),
        Paragraph(escape(words["check"].format(url=verify_url)), styles["text"]),
    ]
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN,
                            title=f"{words['title']} – {certificate.course_title}",
                            author=certificate.organiser)
    doc.build(story)


def file_name(certificate: Certificate, lang: str = "sv") -> str:
    """'intyg-<session>-<request id>.pdf': unique per certificate, no personal data in it."""
    word = "intyg" if lang == "sv" else "certificate"
    return f"{word}-{certificate.session_id}-{certificate.request_id}.pdf"


__all__ = ["WORDS", "dates_text", "facts", "file_name", "write_certificate"]
