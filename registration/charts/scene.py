"""What a chart is once laid out: shapes on a fixed canvas, its text alternative and its table.

Both renderers (`svg`, `pdf`) draw the same `Chart`, so the web page and the
PDF cannot disagree. Coordinates are abstract units on a canvas `WIDTH` wide,
y growing downwards (the PDF renderer flips it); the SVG's viewBox is the
canvas, so a chart scales to any width and stays crisp.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from .palette import INK

WIDTH = 360.0
PAD = 8.0
FONT_SIZE = 14.0
SMALL_SIZE = 12.0
LINE_HEIGHT = 18.0
BAR_HEIGHT = 20.0
ROW_GAP = 12.0
HATCH_SPACING = 6.0
# Average advance of a character as a share of the font size. Generous for
# system sans-serifs and DejaVu Sans (the PDF font), so wrapped labels fit both.
CHAR_WIDTH = 0.58


@dataclass(frozen=True)
class Rect:
    """A filled rectangle. `role` names what it is ('bar', 'track', 'swatch', 'chip');
    `value` is the number a bar stands for (on the same scale as the chart's axis)."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    pattern: str = "solid"
    stroke: str | None = None
    stroke_width: float = 1.0
    role: str = "bar"
    value: float | None = None
    series: str = ""


@dataclass(frozen=True)
class Line:
    """A straight line. `role` 'axis' spans the scale from 0 to `value` (its maximum);
    'threshold' stands at `value` on that scale."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = INK
    width: float = 1.0
    dash: tuple[float, float] | None = None
    role: str = ""
    value: float | None = None


@dataclass(frozen=True)
class Text:
    """One line of text; (x, y) is the start, middle or end of its baseline."""

    x: float
    y: float
    text: str
    size: float = FONT_SIZE
    anchor: str = "start"
    bold: bool = False
    colour: str = INK


@dataclass(frozen=True)
class Table:
    """The chart's data as a table: caption, column headings, rows of (row heading, *cells)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChartData:
    """The chart's numbers for a spreadsheet's own chart: one value per category and series.

    `layout` is 'clustered', 'stacked' or 'percent_stacked'; `number_format` an
    Excel format ('0', '0.0', '0%'); `styles` the (colour, pattern) of each series.
    """

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    styles: tuple[tuple[str, str], ...]
    layout: str = "clustered"
    number_format: str = "0"


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: `id` (unique on its page), `title`, `desc` (the main figure in
    words), the shapes, the canvas height, its data table and the words of its disclosure."""

    id: str
    title: str
    desc: str
    height: float
    shapes: tuple[Rect | Line | Text, ...]
    table: Table
    table_summary: str
    lang: str = "sv"
    width: float = WIDTH
    notes: tuple[str, ...] = field(default=())
    data: ChartData | None = None

    def svg(self):
        """Return the chart as inline SVG markup (see `svg.render_svg`)."""
        from .svg import render_svg  # svg imports this module

        return render_svg(self)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Estimate the width of `text` in canvas units (a little generous)."""
    return len(text) * size * (CHAR_WIDTH + (0.04 if bold else 0.0))


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """Break `text` into lines that fit `width` canvas units (at least one line)."""
    chars = max(8, int(width / (size * CHAR_WIDTH)))
    return textwrap.wrap(text, chars, break_long_words=True) or [""]


def hatch_lines(rect: Rect, colour: str = "#ffffff", width: float = 1.5) -> list[Line]:
    """Return the pattern lines of `rect` (none for 'solid'), clipped to the rectangle.

    Patterns are drawn as plain lines rather than SVG <pattern> fills so that
    the PDF, which has no such fills, draws exactly the same thing.
    """
    directions = {"hatch": (1,), "backhatch": (-1,), "cross": (1, -1)}.get(rect.pattern, ())
    lines = []
    x0, y0, x1, y1 = rect.x, rect.y, rect.x + rect.width, rect.y + rect.height
    for direction in directions:
        # Lines y = direction * x + c through the rectangle, HATCH_SPACING apart.
        low = y0 - direction * (x1 if direction > 0 else x0)
        high = y1 - direction * (x0 if direction > 0 else x1)
        c = low + HATCH_SPACING / 2
        while c < high:
            ends = []
            for x in (x0, x1):
                y = direction * x + c
                if y0 <= y <= y1:
                    ends.append((x, y))
            for y in (y0, y1):
                x = (y - c) / direction
                if x0 < x < x1:
                    ends.append((x, y))
            ends = sorted(set(ends))
            if len(ends) >= 2 and ends[0] != ends[-1]:
                (ax, ay), (bx, by) = ends[0], ends[-1]
                lines.append(Line(ax, ay, bx, by, colour=colour, width=width, role="pattern"))
            c += HATCH_SPACING
    return lines
