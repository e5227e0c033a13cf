"""Judging a manual goal by hand: status, evidence and date, recorded with who and when.

A goal of the programme file with `measure: manual` (e.g. "the transnational
exchange is carried out as planned") is judged by an administrator. Judging it
again for the same period changes the one row (`ManualGoalJudgement`); every
change also writes an audit row (action `manual_goal_judged`, from and to
status, the goal and period in the detail), so who judged what and when is
never lost.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from catalogue import Programme
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Person
from ..models.manual_goals import MANUAL_STATUSES, ManualGoalJudgement, period_key
from .audit import record_event
from .calendar import DEFAULT_ZONE, local_day
from .errors import N_, NotAllowed, NotFound, WorkflowError
from .transactions import one_change

MAX_EVIDENCE = 4000


class JudgementRefused(WorkflowError):
    """The judgement is incomplete (no status, no evidence, a date outside reason)."""

    code = "judgement_refused"
    default_message = N_("The judgement could not be saved.")


def judge_manual_goal(db: Session, programme: Programme, goal_id: str, actor: Person, *,
                      status: str, evidence: str, judged_on: date, now: datetime,
                      period_from: date | None = None, period_to: date | None = None,
                      zone: ZoneInfo = DEFAULT_ZONE) -> ManualGoalJudgement:
    """Record (or change) the judgement of manual goal `goal_id` for the period [from, to].

    `status` is one of MANUAL_STATUSES, `evidence` the reasons in words
    (required), `judged_on` the day the judgement holds for (not in the
    future in `zone`). Only administrators may judge. One transaction with its audit row.
    Raises NotAllowed, NotFound (no such goal, or not a manual one) or
    JudgementRefused.
    """
    if not actor.is_admin or not actor.active:
        raise NotAllowed()
    try:
        goal = programme.goal(goal_id)
    except KeyError:
        raise NotFound() from None
    if goal.measured_by != "manual":
        raise NotFound(N_("This goal is measured by the service, not judged by hand."))
    if status not in MANUAL_STATUSES:
        raise JudgementRefused(N_("Choose met, on the way or not met."))
    evidence = (evidence or "").strip()
    if not evidence:
        raise JudgementRefused(N_("Write the evidence for the judgement."))
    if len(evidence) > MAX_EVIDENCE:
        raise JudgementRefused(N_("The evidence can be at most %(max)s characters."), max=MAX_EVIDENCE)
    if judged_on > local_day(now, zone):
        raise JudgementRefused(N_("The date of the judgement cannot be in the future."))
    period = period_key(period_from, period_to)
    with one_change(db):
        actor_id = actor.id
        row = db.scalar(select(ManualGoalJudgement).where(
            ManualGoalJudgement.goal_id == goal_id, ManualGoalJudgement.period == period))
        before = row.status if row is not None else None
        values = dict(status=status, evidence=evidence, judged_on=judged_on, judged_by_id=actor_id,
                      updated_at=now)
        if row is None:
            row = ManualGoalJudgement(goal_id=goal_id, period=period, **values)
            db.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        record_event(db, now, "manual_goal_judged", actor=actor, from_state=before, to_state=status,
                     detail=f"goal {goal_id}, period {period}, judged on {judged_on.isoformat()}: {evidence}")
    return row
