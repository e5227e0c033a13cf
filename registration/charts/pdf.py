"""The same charts for print, drawn with reportlab's own graphics (no second PDF stack).

`chart_drawing` turns a Chart into a reportlab `Drawing` that platypus documents
place like any flowable; `chart_flowables` adds the visible title and the main
figure above it; `write_charts_pdf` writes a document of charts on its own.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.graphics.shapes import Drawing, Group, Line as PdfLine, Rect as PdfRect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape

from ..exports.pdf_sheet import FONT, FONT_BOLD, register_fonts
from .scene import Chart, Line, Rect, Text


# Canvas units per point in print: labels of 14 units print at about 12 pt.
PRINT_SCALE = 0.85


def chart_drawing(chart: Chart, width: float, max_height: float | None = None) -> Drawing:
    """Return `chart` as a Drawing at most `width` points wide and `max_height` high, in
    proportion, no larger than PRINT_SCALE (so text prints at a reading size)."""
    register_fonts()
    scale = min(width / chart.width, PRINT_SCALE)
    if max_height is not None:
        scale = min(scale, max_height / chart.height)
    width, height = chart.width * scale, chart.height * scale
    group = Group()
    flip = chart.height  # the scene's y grows downwards, the PDF's upwards
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            group.add(PdfRect(shape.x, flip - shape.y - shape.height, shape.width, shape.height,
                              fillColor=colors.HexColor(shape.fill),
                              strokeColor=colors.HexColor(shape.stroke) if shape.stroke else None,
                              strokeWidth=shape.stroke_width if shape.stroke else 0))
        elif isinstance(shape, Line):
            group.add(_line(shape, flip))
        elif isinstance(shape, Text):
            group.add(String(shape.x, flip - shape.y, shape.text,
                             fontName=FONT_BOLD if shape.bold else FONT, fontSize=shape.size,
                             fillColor=colors.HexColor(shape.colour), textAnchor=shape.anchor))
    group.scale(scale, scale)
    drawing = Drawing(width, height)
    drawing.add(group)
    return drawing


def _line(line: Line, flip: float) -> PdfLine:
    return PdfLine(line.x1, flip - line.y1, line.x2, flip - line.y2,
                   strokeColor=colors.HexColor(line.colour), strokeWidth=line.width,
                   strokeDashArray=list(line.dash) if line.dash else None)


def chart_flowables(chart: Chart, width: float, max_height: float | None = None) -> list:
    """Return platypus flowables: the chart's title, its main figure in words, the drawing
    (at most `width` x `max_height` points; pass the frame's size so a long chart fits a page)."""
    register_fonts()
    # Space before the title, not after the drawing: platypus drops it at the top of a
    # page, where a trailing spacer would push an empty page of its own.
    title = ParagraphStyle("chart-title", fontName=FONT_BOLD, fontSize=12, leading=15,
                           spaceBefore=6 * mm, spaceAfter=2)
    desc = ParagraphStyle("chart-desc", fontName=FONT, fontSize=9, leading=12, spaceAfter=4)
    # Room for the title and a description of up to three lines above the drawing.
    room = max_height - (title.leading + 3 * desc.leading + 10) if max_height else None
    return [KeepTogether([Paragraph(escape(chart.title), title),
                          Paragraph(escape(chart.desc), desc),
                          chart_drawing(chart, width, room)])]


def write_charts_pdf(charts: Sequence[Chart], out: BinaryIO, title: str = "") -> None:
    """Write `charts` one after another as an A4 PDF to the binary stream `out`."""
    register_fonts()
    margin = 15 * mm
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin, title=title)
    story: list = []
    for chart in charts:
        story.extend(chart_flowables(chart, doc.width, doc.height))
    doc.build(story)
