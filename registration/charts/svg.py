"""A Chart as inline SVG: `role="img"` named by its <title> and <desc>, scaled by its viewBox.

Every piece of text is escaped here, so a course title like "<script>" stays
text. The drawing itself is `aria-hidden`: a screen reader hears the title and
the description, and finds every number in the chart's table.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from .scene import Chart, Line, Rect, Text

CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _number(value: float) -> str:
    """Write a coordinate compactly (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _rect(rect: Rect) -> str:
    attrs = [f'x="{_number(rect.x)}"', f'y="{_number(rect.y)}"',
             f'width="{_number(rect.width)}"', f'height="{_number(rect.height)}"',
             f'fill="{rect.fill}"', f'class="{rect.role}"']
    if rect.stroke:
        attrs.append(f'stroke="{rect.stroke}" stroke-width="{_number(rect.stroke_width)}"')
    if rect.value is not None:
        attrs.append(f'data-value="{rect.value!r}"')
    if rect.series:
        attrs.append(f"data-series={quoteattr(rect.series)}")
    return f"<rect {' '.join(attrs)}/>"


def _line(line: Line) -> str:
    attrs = [f'x1="{_number(line.x1)}"', f'y1="{_number(line.y1)}"',
             f'x2="{_number(line.x2)}"', f'y2="{_number(line.y2)}"',
             f'stroke="{line.colour}"', f'stroke-width="{_number(line.width)}"']
    if line.dash:
        attrs.append(f'stroke-dasharray="{_number(line.dash[0])} {_number(line.dash[1])}"')
    if line.role:
        attrs.append(f'class="{line.role}"')
    if line.value is not None:
        attrs.append(f'data-value="{line.value!r}"')
    return f"<line {' '.join(attrs)}/>"


def _text(text: Text) -> str:
    attrs = [f'x="{_number(text.x)}"', f'y="{_number(text.y)}"', f'fill="{text.colour}"',
             f'font-size="{_number(text.size)}"']
    if text.anchor != "start":
        attrs.append(f'text-anchor="{text.anchor}"')
    if text.bold:
        attrs.append('font-weight="bold"')
    return f"<text {' '.join(attrs)}>{escape(text.text)}</text>"


def render_svg(chart: Chart) -> Markup:
    """Return the chart as an <svg> element, safe to put into a page as is.

    The chart's id names its <title> and <desc> (`{id}-title`, `{id}-desc`), so it
    must be unique on the page and an HTML id: a letter, then letters, digits, - or _.
    """
    if not CHART_ID.fullmatch(chart.id):
        raise ValueError(f"chart id {chart.id!r} is not a plain HTML id")
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {_number(chart.width)} {_number(chart.height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT_FAMILY}" lang={quoteattr(chart.lang)}>',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.desc)}</desc>',
        '<g aria-hidden="true">',
    ]
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            parts.append(_rect(shape))
        elif isinstance(shape, Line):
            parts.append(_line(shape))
        else:
            parts.append(_text(shape))
    parts.append("</g></svg>")
    return Markup("".join(parts))


