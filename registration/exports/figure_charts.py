"""The programme figures as charts: who took part, and how the seats were used.

Turns the figures page's read models (`queries.figures`, `queries.participation`)
into the chart package's inputs, so the page and any export draw the same charts.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..charts.words import Words
from ..charts import (Chart, MonthCount, OrganisationAbsence, OrganisationParticipants, Share,
                      fill_rate, no_shows_and_late_cancellations, participants_by_month,
                      participants_by_organisation, reserved_seats_used)
from ..queries.figures import Figures
from ..queries.participation import Participation

# How many sessions the figures page's session chart draws at most: the half with the
# highest fill rate and the half with the lowest (the table beneath lists them all).
SESSIONS_CHARTED = 20


@dataclass(frozen=True)
class FigureCharts:
    """The figures page's charts, in the order shown: participation, then seats."""

    participation: list[Chart]
    seats: list[Chart]

    @property
    def all(self) -> list[Chart]:
        """Every chart in the page's order (for the workbook's chart sheet)."""
        return self.participation + self.seats


def extremes(rows: list[Share], shown: int) -> list[Share]:
    """The `shown // 2` rows with the highest rate and as many with the lowest, highest
    first; all rows, as given, when there are no more than `shown`."""
    if len(rows) <= shown:
        return rows
    ranked = sorted(rows, key=lambda r: (-(r.rate or 0.0), r.label))
    half = shown // 2
    return ranked[:half] + ranked[-half:]


def figure_charts(figures: Figures, turnout: Participation, lang: str = "sv",
                  sessions_shown: int | None = None) -> FigureCharts:
    """Build the participation and seat charts of one period's figures in `lang`.

    `sessions_shown` (the page's `SESSIONS_CHARTED`) keeps the fill rate per session to
    that many sessions, the highest and the lowest (`extremes`), retitled to say so; None
    (the workbook) charts every session."""
    late = {t.organisation_id: t.late_cancellations for t in turnout.by_organisation}
    people = [OrganisationParticipants(t.label, t.by_gender) for t in turnout.by_organisation
              if t.by_gender]
    months = [MonthCount(month, count) for month, count in turnout.by_month]
    courses = [Share(r.label, r.seats, r.capacity) for r in figures.by_course if r.capacity]
    sessions = [Share(r.label if r.key == r.label else f"{r.label} – {r.key}", r.seats, r.capacity)
                for r in figures.by_session if r.capacity]
    total = Share("", figures.total.seats, figures.total.capacity)
    session_title = None
    if sessions_shown is not None and len(sessions) > sessions_shown:
        session_title = Words(lang)("fill.session.extremes.title", n=sessions_shown // 2,
                                    total=len(sessions))
        sessions = extremes(sessions, sessions_shown)
    reserved = [Share(r.label, r.reserved_used, r.reserved) for r in figures.by_organisation
                if r.reserved]
    absence = [OrganisationAbsence(r.label, r.no_shows, late.get(r.key, 0))
               for r in figures.by_organisation if r.no_shows or late.get(r.key)]
    return FigureCharts(
        participation=[participants_by_organisation(people, lang),
                       participants_by_month(months, lang)],
        seats=[fill_rate(courses, lang, per="course", total=total),
               fill_rate(sessions, lang, per="session", total=total, title=session_title),
               reserved_seats_used(reserved, lang),
               no_shows_and_late_cancellations(absence, lang)])
