"""The goal-fulfilment table: every goal of the programme file, in its order, judged.

- answers goals: summed from the report's answer tally (answers.tally_answers) and judged by
  catalogue.goals (threshold, "Vet ej" left out of the denominator, fewer than
  `min_answers` respondents -> too few answers, no figure);
- data goals: counted from the programme's own data (programme_data) and judged
  the same way, without the anonymity rule;
- manual goals: the administrator's judgement (models.manual_goals) for the
  report's period, else the latest one judged on or before the period's end;
  a goal nobody has judged yet stands "on the way" during the programme period
  and "not met" after it, and says it is not judged.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from catalogue import AnswerMeasure, DataMeasure, Goal, Programme
from catalogue.goals import GoalResult, GoalStatus, course_counts, judge_goal
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Person
from ...models.manual_goals import ManualGoalJudgement, period_key
from .answers import AnswerCounts, AnswerTally
from .programme_data import count_rule
from .scope import Scope, ScopedSession


@dataclass(frozen=True)
class Judgement:
    """A manual goal's recorded judgement as the report shows it."""

    status: GoalStatus
    evidence: str
    judged_on: date
    judged_by: str | None     # the person's name; None when the person is gone
    period: str


@dataclass(frozen=True)
class GoalLine:
    """One row of the goal table.

    `measured_by` is 'answers', 'data' or 'manual'. `answered` is the number of
    respondents (answers goals, None when too few: not even the count is shown).
    `result` is the percent (one decimal, rounded down) or the count; None when
    there is nothing to show. `cancelled` names the cancelled sessions of a
    sessions_held_share goal. `judgement` is set for a judged manual goal.
    """

    goal: Goal
    measured_by: str
    status: GoalStatus
    result: float | int | None
    answered: int | None = None
    numerator: int | float | None = None
    denominator: int | None = None
    cancelled: tuple[ScopedSession, ...] = ()
    judgement: Judgement | None = None

    @property
    def too_few(self) -> bool:
        """Whether the goal rests on too few answers to show anything."""
        return self.status == GoalStatus.TOO_FEW_ANSWERS


def goal_table(db: Session, programme: Programme, scope: Scope, tally: AnswerTally, *, now: datetime,
               zone: ZoneInfo, min_meetings: int | None, min_answers: int) -> list[GoalLine]:
    """Judge every goal of `programme` over `scope` and the answers in `tally`, in file order."""
    period_over = programme.period_over(now.astimezone(zone).date())
    judgements = manual_judgements(db, programme, scope)
    lines = []
    for goal in programme.goals:
        if isinstance(goal.measure, AnswerMeasure):
            lines.append(_answers_line(goal, tally, period_over, min_answers))
        elif isinstance(goal.measure, DataMeasure):
            counted = count_rule(db, goal.measure, scope, now=now, zone=zone, min_meetings=min_meetings)
            judged = judge_goal(goal.threshold, counted.numerator, counted.denominator,
                                period_over=period_over)
            lines.append(GoalLine(goal, "data", judged.status, judged.result,
                                  numerator=counted.numerator, denominator=counted.denominator,
                                  cancelled=counted.cancelled))
        else:
            judgement = judgements.get(goal.id)
            status = judgement.status if judgement else (
                GoalStatus.NOT_MET if period_over else GoalStatus.ON_THE_WAY)
            lines.append(GoalLine(goal, "manual", status, None, judgement=judgement))
    return lines


def _answers_line(goal: Goal, tally: AnswerTally, period_over: bool, min_answers: int) -> GoalLine:
    measure: AnswerMeasure = goal.measure
    counts = tally.counts(measure)
    answered = sum(c.answered for c in counts.values())
    if measure.per == "course":
        judged_courses = counting = 0
        for course in sorted({course for course, _ in counts}):
            verdicts = [course_counts(c.counted, c.denominator, measure.course_share,
                                      answered=c.answered, min_answers=min_answers)
                        for c in (counts.get((course, form), AnswerCounts()) for form in measure.surveys)]
            if any(v is None for v in verdicts):
                continue  # too few answered in one survey: the course is not judged
            judged_courses += 1
            counting += all(verdicts)
        result = judge_goal(goal.threshold, counting, judged_courses, period_over=period_over,
                            answered=answered, min_answers=min_answers)
        numerator, denominator = counting, judged_courses
    else:
        total = sum(counts.values(), AnswerCounts())
        result = judge_goal(goal.threshold, total.counted, total.denominator, period_over=period_over,
                            answered=answered, min_answers=min_answers)
        numerator, denominator = total.counted, total.denominator
    if result.status == GoalStatus.TOO_FEW_ANSWERS:
        return GoalLine(goal, "answers", result.status, None)
    return GoalLine(goal, "answers", result.status, result.result, answered=answered,
                    numerator=numerator, denominator=denominator)


def manual_judgements(db: Session, programme: Programme, scope: Scope) -> dict[str, Judgement]:
    """The judgement that applies to each judged manual goal for the report's period."""
    manual = [g.id for g in programme.goals if g.measured_by == "manual"]
    if not manual:
        return {}
    wanted = period_key(scope.filters.period_from, scope.filters.period_to)
    end = scope.filters.period_to
    chosen: dict[str, tuple] = {}
    for row, name in db.execute(
            select(ManualGoalJudgement, Person.name)
            .outerjoin(Person, Person.id == ManualGoalJudgement.judged_by_id)
            .where(ManualGoalJudgement.goal_id.in_(manual))):
        exact = row.period == wanted
        if not exact and end is not None and row.judged_on > end:
            continue
        rank = (exact, row.judged_on, row.updated_at)
        if row.goal_id not in chosen or rank > chosen[row.goal_id][0]:
            chosen[row.goal_id] = (rank, row, name)
    return {goal_id: Judgement(GoalStatus(row.status), row.evidence, row.judged_on, name, row.period)
            for goal_id, (_, row, name) in chosen.items()}


__all__ = ["GoalLine", "GoalResult", "Judgement", "goal_table", "manual_judgements"]
