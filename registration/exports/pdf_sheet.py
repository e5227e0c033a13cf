"""The printable sign-in sheet [närvarolista] of a session, as PDF (reportlab platypus).

One section per meeting (a seminar series signs in at every meeting), each a
table with one row per participant: number, name, organisation, unit and an
empty box to sign in; or, printed filled in after the register was kept
(`SignInSheet.filled`), the participant's mark for that meeting. The table header repeats on every page and the footer
says "Sida 3 av 12" (page numbers need the page count, so pages are kept until
the document ends and numbered then). Text uses DejaVu Sans, which has every
Swedish letter; reportlab's bundled Vera is the fallback when the Debian font
package is missing.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from babel.dates import format_date, format_time
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from .labels import labels

FONT, FONT_BOLD = "KursportalSans", "KursportalSans-Bold"
_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("Vera.ttf", "VeraBd.ttf"),  # bundled with reportlab, found on its TTF search path
)
MARGIN = 15 * mm
# Padding that makes a one-line row about 9 mm high: room for a handwritten
# signature. Rows with wrapped text grow instead of overflowing.
ROW_PADDING = 7
FONT_SIZE = 9


@dataclass(frozen=True)
class SheetMeeting:
    """A meeting as printed: local start and end times and the place."""

    start: datetime
    end: datetime
    place: str


@dataclass(frozen=True)
class SheetParticipant:
    """One row of the sheet."""

    name: str
    organisation: str
    unit: str
    # Filled sheets: the mark in words per meeting (index = meeting), "" when unmarked.
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignInSheet:
    """Everything printed on a sign-in sheet; participants in seat order."""

    programme: str
    course_title: str
    session_id: str
    meetings: Sequence[SheetMeeting]
    participants: Iterable[SheetParticipant]
    filled: bool = False


def register_fonts() -> str:
    """Register the sheet's TTF fonts once; return the path of the regular face used."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(FONT).face.filename
    for regular, bold in _FONT_CANDIDATES:
        try:
            pdfmetrics.registerFont(TTFont(FONT, regular))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))
        except Exception:  # reportlab raises TTFError or IOError for a missing file
            continue
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
        return regular
    raise RuntimeError(
        "No TTF font with Swedish letters found: install the Debian package "
        f"fonts-dejavu-core (looked in {rl_config.TTFSearchPath!r})"
    )


def meeting_text(meeting: SheetMeeting, lang: str) -> str:
    """Return 'onsdag 3 februari 2027, 09:00–16:00, Karlstad, Stadshuset' in `lang`."""
    day = format_date(meeting.start, "EEEE d MMMM y", locale=lang)
    start = format_time(meeting.start, "HH:mm", locale=lang)
    end = format_time(meeting.end, "HH:mm", locale=lang)
    if meeting.end.date() != meeting.start.date():
        end = format_date(meeting.end, "d MMMM", locale=lang) + " " + end
    return f"{day}, {start}–{end}, {meeting.place}"


def _numbered_canvas(footer_left: str, page_words: str):
    """Return a canvas class that writes the footer with 'page x of N' when the document ends."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            # Keep the page's drawing state; it is drawn when the count is known.
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(colors.black)
                width, _ = self._pagesize
                self.drawString(MARGIN, 8 * mm, footer_left)
                self.drawRightString(
                    width - MARGIN, 8 * mm, page_words.format(page=number, pages=total)
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=FONT_SIZE, leading=FONT_SIZE + 2)
    return {
        "cell": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16,
                                leading=20, spaceAfter=4),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=11,
                                  leading=14, spaceBefore=4, spaceAfter=4),
        "text": ParagraphStyle("text", parent=base, fontSize=10, leading=13),
    }


def _fit(text: str, width: float, style: ParagraphStyle):
    """Return `text` as a plain cell when it fits `width`, else as a wrapping paragraph."""
    # Plain strings are several times cheaper to lay out than paragraphs, and
    # nearly every name and unit fits on one line.
    if pdfmetrics.stringWidth(text, FONT, FONT_SIZE) <= width - 6:
        return text
    return Paragraph(escape(text), style)


def write_sign_in_sheet(sheet: SignInSheet, out: str | os.PathLike | BinaryIO,
                        lang: str = "sv") -> int:
    """Write the sign-in sheet as PDF to a path or binary stream; return the number of participants."""
    register_fonts()
    words = labels(lang)
    styles = _styles()
    page_width, _ = A4
    usable = page_width - 2 * MARGIN
    widths = [10 * mm, 0.27 * usable, 0.18 * usable, 0.25 * usable]
    widths.append(usable - sum(widths))

    participants = list(sheet.participants)
    people = [[str(number), _fit(p.name, widths[1], styles["cell"]),
               _fit(p.organisation, widths[2], styles["cell"]),
               _fit(p.unit, widths[3], styles["cell"])]
              for number, p in enumerate(participants, start=1)]

    def rows_for(meeting_index: int) -> list[list]:
        if not sheet.filled:
            return [row + [""] for row in people]
        return [row + [_fit(p.marks[meeting_index] if meeting_index < len(p.marks) else "",
                            widths[4], styles["cell"])]
                for row, p in zip(people, participants)]

    last = words["attendance"] if sheet.filled else words["signature"]
    header = ["#", words["name"], words["organisation"], words["unit"], last]
    title = words["filled_sheet"] if sheet.filled else words["sign_in_sheet"]
    table_style = TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, FONT_SIZE),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, FONT_SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # No room for a signature is needed once the marks are printed.
        ("TOPPADDING", (0, 1), (-1, -1), 3 if sheet.filled else ROW_PADDING),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3 if sheet.filled else ROW_PADDING),
    ])

    story: list = []
    story.append(Paragraph(escape(sheet.programme), styles["small"]))
    story.append(Paragraph(escape(sheet.course_title), styles["title"]))
    story.append(Paragraph(
        f"{escape(title)} · {escape(words['session'])} {escape(sheet.session_id)}"
        f" · {escape(words['participants'])}: {len(participants)}", styles["text"]))
    for number, meeting in enumerate(sheet.meetings, start=1):
        prefix = f"{words['meeting']} {number}: " if len(sheet.meetings) > 1 else ""
        story.append(Paragraph(escape(prefix + meeting_text(meeting, lang)), styles["text"]))
    story.append(Spacer(1, 4 * mm))

    sections = list(enumerate(sheet.meetings, start=1)) or [(1, None)]
    for index, (number, meeting) in enumerate(sections):
        if index:
            story.append(PageBreak())
        if len(sections) > 1:
            story.append(Paragraph(
                escape(f"{words['meeting']} {number}: {meeting_text(meeting, lang)}"),
                styles["heading"]))
        table = Table([header] + rows_for(number - 1), colWidths=widths, repeatRows=1)
        table.setStyle(table_style)
        story.append(table)

    footer = f"{sheet.course_title} – {sheet.session_id}"
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm, title=f"{title} {sheet.session_id}",
        author=sheet.programme,
    )
    doc.build(story, canvasmaker=_numbered_canvas(footer, words["page_of"]))
    return len(participants)
