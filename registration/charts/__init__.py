"""Charts drawn on the server: inline SVG for pages, reportlab drawings for PDFs.

Pure Python (no Flask, no database). Callers build the inputs in `data` from
their read models, call a builder, and render the resulting `Chart`:

- `results`: goal_fulfilment, answers_per_question
- `participation`: participants_by_organisation, participants_by_month
- `seats`: fill_rate, reserved_seats_used, no_shows_and_late_cancellations
- `svg.render_svg(chart)`, `pdf.chart_flowables(chart, width)`, `pdf.write_charts_pdf`

Each Chart carries its title, a description stating the main figure and its
data table (templates/_charts.html shows both); `scene` is the laid-out form
both renderers draw, `layout` places rows and axes, `palette` holds the colours
and the contrast check, `words` the Swedish and English words and number formats.
"""
from .data import (GoalResult, MonthCount, OrganisationAbsence, OrganisationParticipants,
                   ScaleAnswers, Share)
from .participation import participants_by_month, participants_by_organisation
from .results import answers_per_question, goal_fulfilment
from .scene import Chart, Table
from .seats import fill_rate, no_shows_and_late_cancellations, reserved_seats_used
from .svg import render_svg

__all__ = [
    "Chart", "Table", "GoalResult", "ScaleAnswers", "OrganisationParticipants", "MonthCount",
    "Share", "OrganisationAbsence", "goal_fulfilment", "answers_per_question",
    "participants_by_organisation", "participants_by_month", "fill_rate",
    "reserved_seats_used", "no_shows_and_late_cancellations", "render_svg",
]
