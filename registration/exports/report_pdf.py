"""The funder's report as a printable PDF (reportlab platypus, the sign-in sheet's fonts and footer).

The same sheets as the XLSX (report_tables.report_sheets), each a heading and
a table whose header repeats on every page; A4 landscape so the goal table's
seven columns fit. The footer says "Sida 3 av 12".
"""
from __future__ import annotations

import os
from datetime import date, datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..charts.pdf import chart_flowables
from ..queries.report import FunderReport
from .pdf_sheet import FONT, FONT_BOLD, MARGIN, _numbered_canvas, register_fonts
from .report_charts import report_charts
from .report_labels import GOAL_SHEET, report_labels
from .report_tables import report_sheets

FONT_SIZE = 8
CHUNK_ROWS = 100


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)


def write_report_pdf(report: FunderReport, out: str | os.PathLike | BinaryIO, lang: str = "sv") -> int:
    """Write the report as PDF to a path or binary stream; return the number of goals."""
    register_fonts()
    words = report_labels(lang)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=FONT_SIZE, leading=FONT_SIZE + 2)
    head = ParagraphStyle("head", parent=cell, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=cell, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=cell, fontName=FONT_BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=4)
    text = ParagraphStyle("text", parent=cell, fontSize=10, leading=13)
    page = landscape(A4)
    usable = page[0] - 2 * MARGIN

    filters = report.filters
    period = (f"{_text(filters.period_from) or '…'} – {_text(filters.period_to) or '…'}"
              if filters.period_from or filters.period_to else words["whole_programme"])
    organisation = (report.organisation_names.get(filters.organisation, filters.organisation)
                    if filters.organisation else words["all_organisations"])
    story: list = [
        Paragraph(escape(report.programme.name), title),
        Paragraph(escape(f"{words['title']} · {report.programme.funder}"), text),
        Paragraph(escape(f"{words['period']}: {period} · {words['organisation']}: {organisation} · "
                         f"{words['made_at']}: {_text(report.made_at)}"), text),
        Spacer(1, 3 * mm),
    ]
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 1), (-1, -1), FONT, FONT_SIZE),
    ])
    for name, headers, rows in report_sheets(report, lang):
        story.append(Paragraph(escape(name), heading))
        widths = _widths(name, len(headers), usable)
        body = [[Paragraph(escape(str(h)), head) for h in headers]]
        # Short values as plain strings: a Paragraph per cell costs ten times as much, and
        # the participant list has tens of thousands of cells.
        body += [[_cell(_text(v), widths[i], cell) for i, v in enumerate(row)] for row in rows]
        if len(body) == 1:
            body.append([Paragraph("–", cell)] + [""] * (len(headers) - 1))
        # Tables of CHUNK_ROWS rows, each with the header: reportlab re-lays out the rest of a
        # table at every page break, so one 10,000-row table costs quadratic time.
        for first in range(1, len(body), CHUNK_ROWS):
            table = Table([body[0]] + body[first:first + CHUNK_ROWS], colWidths=widths, repeatRows=1)
            table.setStyle(style)
            story.append(table)
        if name == GOAL_SHEET:  # the charts right after the goal table they draw on
            for chart in report_charts(report, lang).all:
                story.extend(chart_flowables(chart, usable, page[1] - 2 * MARGIN - 5 * mm))
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 5 * mm, title=words["title"], author=report.programme.name)
    doc.build(story, canvasmaker=_numbered_canvas(f"{report.programme.name} – {words['title']}",
                                                  words["page_of"]))
    return len(report.goals)


def _cell(text: str, width: float, style: ParagraphStyle):
    """`text` as a plain cell when it fits on one line of `width`, else a wrapping paragraph."""
    if "\n" not in text and pdfmetrics.stringWidth(text, FONT, FONT_SIZE) <= width - 6:
        return text
    return Paragraph(escape(text), style)


def _widths(name: str, columns: int, usable: float) -> list[float]:
    if name == "Mål":  # id, goal text, measurement, n, result, target, status
        fixed = [0.16, 0.38, 0.14, 0.06, 0.08, 0.08]
        return [usable * f for f in fixed] + [usable * (1 - sum(fixed))]
    return [usable / columns] * columns
