"""Programme figures as export sheets: one per grouping, plus the decline reasons."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from ..queries.figures import FigureRow, Figures
from .labels import labels
from .xlsx_writer import Sheet

FIGURE_COLUMNS = ("requests", "approved", "declined", "attended", "no_shows",
                  "unique_participants", "seats", "capacity", "fill_rate", "reserved",
                  "reserved_used")


def figure_values(row: FigureRow) -> tuple:
    """The numbers of one row in FIGURE_COLUMNS order (fill rate as a fraction, or None)."""
    rate = row.fill_rate
    return (row.requests, row.approved, row.declined, row.attended, row.no_shows,
            row.unique_participants, row.seats, row.capacity or None,
            round(rate, 4) if rate is not None else None, row.reserved, row.reserved_used)


def figure_sheets(figures: Figures, zone: ZoneInfo, lang: str = "sv") -> list[Sheet]:
    """Return the workbook sheets of `figures`: per course, session, organisation, and declines."""
    words = labels(lang)
    numbers = [words[c] for c in FIGURE_COLUMNS]
    total = (words["total"], "", *figure_values(figures.total))
    sheets: list[Sheet] = []
    for key, first, rows in (("by_course", "course", figures.by_course),
                             ("by_session", "session", figures.by_session),
                             ("by_organisation", "organisation", figures.by_organisation)):
        second = words["course_title"] if key != "by_organisation" else words["name"]
        body = [(r.key, r.label, *figure_values(r)) for r in rows] + [total]
        sheets.append((words[key], [words[first], second, *numbers], body))
    declines = [(d.course_title, d.session_id, d.person_name, d.organisation, d.reason,
                 d.decided_at.astimezone(zone).replace(tzinfo=None) if d.decided_at else None)
                for d in figures.declines]
    sheets.append((words["declines"], [words["course_title"], words["session"], words["name"],
                                       words["organisation"], words["reason"],
                                       words["decided_at"]], declines))
    return sheets
