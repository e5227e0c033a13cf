"""The monthly time statement [tidsredovisning] of one participant, as PDF (reportlab platypus).

Same fonts, styles and "Sida x av N" footer as the sign-in sheet
(exports.pdf_sheet). One table: day, course, session, meeting time and
minutes present; then the total in hours and minutes, and whether and when
the participant confirmed it.
"""
from __future__ import annotations

import os
from datetime import datetime
from typing import BinaryIO
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..queries.time_statements import StatementView
from .pdf_sheet import FONT, FONT_BOLD, FONT_SIZE, MARGIN, _fit, _numbered_canvas, _styles, register_fonts

WORDS = {
    "sv": {"title": "Tidsredovisning", "month": "Månad", "name": "Deltagare",
           "organisation": "Organisation", "day": "Dag", "course": "Utbildning",
           "session": "Kurstillfälle", "time": "Tid", "minutes": "Minuter", "total": "Totalt",
           "hours": "{hours} h {minutes} min", "confirmed": "Bekräftad av deltagaren {when}",
           "unconfirmed": "Ännu inte bekräftad av deltagaren.",
           "none": "Ingen närvaro registrerad denna månad.",
           "sent_with": "Skickad för bekräftelse med {total}.",
           "page_of": "Sida {page} av {pages}", "partial": "del av träffen"},
    "en": {"title": "Time statement", "month": "Month", "name": "Participant",
           "organisation": "Organisation", "day": "Day", "course": "Course",
           "session": "Session", "time": "Time", "minutes": "Minutes", "total": "Total",
           "hours": "{hours} h {minutes} min", "confirmed": "Confirmed by the participant {when}",
           "unconfirmed": "Not yet confirmed by the participant.",
           "none": "No attendance recorded this month.",
           "sent_with": "Sent for confirmation with {total}.",
           "page_of": "Page {page} of {pages}", "partial": "part of the meeting"},
}


def hours_text(minutes: int, lang: str = "sv") -> str:
    """'7 h 30 min' for 450 minutes."""
    words = WORDS.get(lang, WORDS["sv"])
    return words["hours"].format(hours=minutes // 60, minutes=minutes % 60)


def month_title(month: str, lang: str) -> str:
    """'mars 2027' for '2027-03'."""
    return format_date(datetime.strptime(month, "%Y-%m").date(), "LLLL y", locale=lang)


def write_time_statement(view: StatementView, out: str | os.PathLike | BinaryIO, programme: str,
                         zone: ZoneInfo, lang: str = "sv") -> None:
    """Write the statement `view` as PDF to a path or binary stream."""
    register_fonts()
    words = WORDS.get(lang, WORDS["sv"])
    styles = _styles()
    page_width, _ = A4
    usable = page_width - 2 * MARGIN
    widths = [0.16 * usable, 0.33 * usable, 0.18 * usable, 0.09 * usable]
    widths.append(usable - sum(widths))

    story: list = [
        Paragraph(escape(programme), styles["small"]),
        Paragraph(escape(f"{words['title']} – {month_title(view.month, lang)}"), styles["title"]),
        Paragraph(escape(f"{words['name']}: {view.person.name}"), styles["text"]),
        Paragraph(escape(f"{words['organisation']}: {view.organisation_name}"), styles["text"]),
        Spacer(1, 4 * mm),
    ]
    if view.lines:
        rows = [[words["day"], words["course"], words["session"], words["time"], words["minutes"]]]
        for line in view.lines:
            start = line.start.astimezone(zone)
            minutes = str(line.minutes) + ("" if line.whole_meeting else f" ({words['partial']})")
            rows.append([format_date(start, "d MMM y", locale=lang),
                         _fit(line.course_title, widths[1], styles["cell"]),
                         _fit(line.session_id, widths[2], styles["cell"]),
                         format_time(start, "HH:mm", locale=lang),
                         _fit(minutes, widths[4], styles["cell"])])
        rows.append([words["total"], "", "", "", hours_text(view.minutes, lang)])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, FONT_SIZE),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, FONT_SIZE),
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, FONT_SIZE),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        story.append(table)
    else:
        story.append(Paragraph(escape(words["none"]), styles["text"]))
    story.append(Spacer(1, 6 * mm))
    statement = view.statement
    if statement is not None and statement.minutes != view.minutes:
        story.append(Paragraph(escape(words["sent_with"].format(
            total=hours_text(statement.minutes, lang))), styles["text"]))
    if statement is not None and statement.confirmed_at is not None:
        when = format_datetime(statement.confirmed_at.astimezone(zone), "d MMMM y HH:mm",
                               locale=lang)
        story.append(Paragraph(escape(words["confirmed"].format(when=when)), styles["heading"]))
    else:
        story.append(Paragraph(escape(words["unconfirmed"]), styles["text"]))

    footer = f"{words['title']} {view.month} – {view.person.name}"
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm, title=f"{words['title']} {view.month}", author=programme)
    doc.build(story, canvasmaker=_numbered_canvas(footer, words["page_of"]))


__all__ = ["hours_text", "month_title", "write_time_statement"]
