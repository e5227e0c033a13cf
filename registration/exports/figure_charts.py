"""The programme figures as charts: who took part, and how the seats were used.

Turns the figures page's read models (`queries.figures`, `queries.participation`)
into the chart package's inputs, so the page and any export draw the same charts.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..charts import (Chart, MonthCount, OrganisationAbsence, OrganisationParticipants, Share,
                      fill_rate, no_shows_and_late_cancellations, participants_by_month,
                      participants_by_organisation, reserved_seats_used)
from ..queries.figures import Figures
from ..queries.participation import Participation


@dataclass(frozen=True)
class FigureCharts:
    """The figures page's charts, in the order shown: participation, then seats."""

    participation: list[Chart]
    seats: list[Chart]

    @property
    def all(self) -> list[Chart]:
        """Every chart in the page's order (for the workbook's chart sheet)."""
        return self.participation + self.seats


def figure_charts(figures: Figures, turnout: Participation, lang: str = "sv") -> FigureCharts:
    """Build the participation and seat charts of one period's figures in `lang`."""
    late = {t.organisation_id: t.late_cancellations for t in turnout.by_organisation}
    people = [OrganisationParticipants(t.label, t.by_gender) for t in turnout.by_organisation
              if t.by_gender]
    months = [MonthCount(month, count) for month, count in turnout.by_month]
    courses = [Share(r.label, r.seats, r.capacity) for r in figures.by_course if r.capacity]
    sessions = [Share(r.label if r.key == r.label else f"{r.label} – {r.key}", r.seats, r.capacity)
                for r in figures.by_session if r.capacity]
    total = Share("", figures.total.seats, figures.total.capacity)
    reserved = [Share(r.label, r.reserved_used, r.reserved) for r in figures.by_organisation
                if r.reserved]
    absence = [OrganisationAbsence(r.label, r.no_shows, late.get(r.key, 0))
               for r in figures.by_organisation if r.no_shows or late.get(r.key)]
    return FigureCharts(
        participation=[participants_by_organisation(people, lang),
                       participants_by_month(months, lang)],
        seats=[fill_rate(courses, lang, per="course", total=total),
               fill_rate(sessions, lang, per="session", total=total),
               reserved_seats_used(reserved, lang),
               no_shows_and_late_cancellations(absence, lang)])
