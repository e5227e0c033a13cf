"""Placing a chart's parts top to bottom: legend, labelled rows of bars, an axis with ticks.

Every chart is a column of rows, each a label line (wrapped to the canvas,
with the row's number at the right) above its bar, so labels of any length
fit and the chart reads the same at 320 px as on a wide screen.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .palette import BACKGROUND, MUTED, TRACK, TRACK_EDGE
from .scene import (BAR_HEIGHT, FONT_SIZE, LINE_HEIGHT, PAD, ROW_GAP, SMALL_SIZE, WIDTH, Chart,
                    ChartData, Line, Rect, Table, Text, hatch_lines, text_width, wrap)
from .words import Words

LEFT, RIGHT = PAD, WIDTH - PAD
PLOT_WIDTH = RIGHT - LEFT
SWATCH = 12.0
SEGMENT_GAP = 1.5  # white edge between neighbouring segments of a stacked bar


@dataclass(frozen=True)
class Scale:
    """Values 0..maximum drawn from x0 over `length` units."""

    x0: float
    length: float
    maximum: float

    def width(self, value: float) -> float:
        """Length of a bar for `value`."""
        return self.length * value / self.maximum if self.maximum else 0.0

    def x(self, value: float) -> float:
        """Position of `value`."""
        return self.x0 + self.width(value)


def count_ticks(largest: float) -> list[int]:
    """Return round tick values 0..n covering `largest`, at most six of them."""
    if largest <= 0:
        return [0, 1]
    step = 1
    for magnitude in (10 ** k for k in range(0, 9)):
        step = next((m * magnitude for m in (1, 2, 5) if largest / (m * magnitude) <= 5), 0)
        if step:
            break
    top = math.ceil(largest / step) * step
    return list(range(0, top + 1, step))


PERCENT_TICKS = [0.0, 0.25, 0.5, 0.75, 1.0]


class Layout:
    """Shapes of one chart, added top to bottom; `finish` makes the Chart."""

    def __init__(self, words: Words):
        self.words = words
        self.shapes: list[Rect | Line | Text] = []
        self.y = PAD

    def add(self, *shapes: Rect | Line | Text) -> None:
        """Add shapes (a patterned rectangle brings its pattern lines)."""
        for shape in shapes:
            self.shapes.append(shape)
            if isinstance(shape, Rect) and shape.pattern != "solid":
                self.shapes.extend(hatch_lines(shape))

    def legend(self, items: Sequence[tuple[str, str, str]]) -> None:
        """Add a legend row of (label, colour, pattern); pattern 'line' draws a threshold mark."""
        x = LEFT
        top = self.y
        for label, colour, pattern in items:
            item_width = SWATCH + 6 + text_width(label, SMALL_SIZE) + 16
            if x > LEFT and x + item_width > RIGHT:
                x, top = LEFT, top + 20
            if pattern == "line":
                self.add(Line(x + SWATCH / 2, top - 1, x + SWATCH / 2, top + SWATCH + 1,
                              colour=colour, width=2.5, role="legend"))
            else:
                self.add(Rect(x, top, SWATCH, SWATCH, colour, pattern, role="swatch"))
            self.add(Text(x + SWATCH + 6, top + SWATCH - 2, label, SMALL_SIZE))
            x += item_width
        self.y = top + SWATCH + 14

    def label(self, text: str, figure: str = "") -> None:
        """Add a row's label, wrapped to the canvas, with `figure` right-aligned on its last
        line, or on a line of its own below when the two would not fit side by side."""
        reserve = text_width(figure, FONT_SIZE, bold=True) + 12 if figure else 0
        lines = wrap(text, PLOT_WIDTH)
        for line in lines:
            self.y += LINE_HEIGHT
            self.add(Text(LEFT, self.y - 4, line))
        if figure:
            if text_width(lines[-1]) + reserve > PLOT_WIDTH:
                self.y += LINE_HEIGHT
            self.add(Text(RIGHT, self.y - 4, figure, anchor="end", bold=True))
        self.y += 3

    def track(self, scale: Scale, height: float = BAR_HEIGHT) -> None:
        """Add the empty 0..maximum track a share bar fills (its edge marks 100 %)."""
        self.add(Rect(scale.x0, self.y, scale.length, height, TRACK, stroke=TRACK_EDGE,
                      role="track"))

    def chip(self, x_centre: float, y: float, text: str, colour: str) -> None:
        """Add white text on a solid `colour` patch centred at x_centre (readable over patterns)."""
        width = text_width(text, SMALL_SIZE, bold=True) + 4
        self.add(Rect(x_centre - width / 2, y + 2, width, BAR_HEIGHT - 4, colour, role="chip"),
                 Text(x_centre, y + BAR_HEIGHT / 2 + 4, text, SMALL_SIZE, "middle", True,
                      BACKGROUND))

    def segments(self, scale: Scale, parts: Sequence[tuple[str, float, str, str]],
                 direction: int = 1, label: Callable[[float], str] | None = None,
                 height: float = BAR_HEIGHT) -> float:
        """Add stacked segments (series, value, colour, pattern) from scale.x0, rightwards
        (direction 1) or leftwards (-1); label segments wide enough; return where they end."""
        x = scale.x0
        for series, value, colour, pattern in parts:
            width = scale.width(value)
            if width <= 0:
                continue
            left = x if direction > 0 else x - width
            self.add(Rect(left, self.y, width, height, colour, pattern, stroke=BACKGROUND,
                          stroke_width=SEGMENT_GAP, value=value, series=series))
            if label is not None:
                text = label(value)
                if width >= text_width(text, SMALL_SIZE, bold=True) + 8:
                    self.chip(left + width / 2, self.y, text, colour)
            x += width * direction
        return x

    def axis(self, scale: Scale, ticks: Sequence[float], tick_label: Callable[[float], str],
             role: str = "axis") -> None:
        """Add a baseline for `scale` (role 'axis', value = maximum) with labelled ticks."""
        self.y += 2
        self.add(Line(scale.x0, self.y, scale.x0 + scale.length, self.y, MUTED, role=role,
                      value=scale.maximum))
        for number, value in enumerate(ticks):
            x = scale.x(value)
            # The end labels stay inside the axis, clear of a neighbouring axis.
            anchor = "start" if number == 0 else "end" if number == len(ticks) - 1 else "middle"
            self.add(Line(x, self.y, x, self.y + 4, MUTED, role="tick"),
                     Text(x, self.y + 16, tick_label(value), SMALL_SIZE, anchor, colour=MUTED))
        self.y += 20

    def gap(self, height: float = ROW_GAP) -> None:
        """Leave space below the last row."""
        self.y += height

    def finish(self, chart_id: str, title: str, desc: str, table: Table,
               notes: Sequence[str] = (), data: ChartData | None = None) -> Chart:
        """Return the Chart made of the shapes added so far."""
        for note in notes:
            for line in wrap(note, PLOT_WIDTH, SMALL_SIZE):
                self.y += 15
                self.add(Text(LEFT, self.y - 3, line, SMALL_SIZE, colour=MUTED))
        return Chart(id=chart_id, title=title, desc=desc, height=round(self.y + PAD, 1),
                     shapes=tuple(self.shapes), table=table,
                     table_summary=self.words("table_summary"), lang=self.words.lang,
                     notes=tuple(notes), data=data)

