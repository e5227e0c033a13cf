"""The funder's report as charts: goal fulfilment, the answers to each scale question, and
participants per organisation by gender.

Built from the report's read model (`queries.report.FunderReport`), so the
page, its PDF and its workbook draw the same charts from the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass

from catalogue.vocabulary import SCALE, SURVEYS

from ..charts import (Chart, GoalResult, OrganisationParticipants, ScaleAnswers,
                      answers_per_question, goal_fulfilment, participants_by_organisation)
from ..queries.report import FunderReport


@dataclass(frozen=True)
class ReportCharts:
    """The report's charts; `all` in the order the PDF and the workbook show them."""

    goals: Chart
    answers: Chart
    participants: Chart

    @property
    def all(self) -> list[Chart]:
        """Every chart, goals first."""
        return [self.goals, self.answers, self.participants]


def report_charts(report: FunderReport, lang: str = "sv") -> ReportCharts:
    """Build the report's charts in `lang` (the goal and question texts in it too)."""
    goals = [GoalResult(line.goal.text.in_language(lang), line.result,
                        line.goal.threshold.value if line.goal.threshold is not None else None,
                        line.status, line.answered,
                        line.goal.threshold.unit if line.goal.threshold is not None else "percent")
             for line in report.goals]
    several_surveys = len({d.survey for d in report.distributions}) > 1
    questions = []
    for d in report.distributions:
        if not d.answers or not {a.answer_id for a in d.answers} <= set(SCALE):
            continue  # only the four-step scale diverges; choice questions stay in the tables
        label = d.text
        if several_surveys:
            survey = SURVEYS.get(d.survey, {})
            label = f"{d.text} ({survey.get(lang) or survey.get('sv') or d.survey})"
        questions.append(ScaleAnswers(label, {a.answer_id: a.count or 0 for a in d.answers},
                                      too_few=d.too_few))
    people = [OrganisationParticipants(r.label, r.by_gender) for r in report.participants_by_gender]
    return ReportCharts(
        goals=goal_fulfilment(goals, lang, chart_id="chart-report-goals"),
        answers=answers_per_question(questions, lang, chart_id="chart-report-answers"),
        participants=participants_by_organisation(people, lang,
                                                  chart_id="chart-report-participants"))
