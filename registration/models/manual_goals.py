"""Goals judged by hand: the status, evidence and date an administrator records per goal and period.

A goal of content/programme.yaml with `measure: manual` has no figure the
service can count; the coordinator judges it. One row per (goal, period):
judging the same goal for the same period again overwrites the row, and the
audit log (`audit_events`, action `manual_goal_judged`) keeps every change with
who and when. Only `registration.workflow.manual_goals` writes this table.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .people import Person

# The statuses a person may record (catalogue.goals.GoalStatus values; "too few
# answers" belongs to survey goals only).
MANUAL_STATUSES = ("met", "on-the-way", "not-met")


def period_key(period_from: date | None, period_to: date | None) -> str:
    """The stored name of a reporting period: 'YYYY-MM-DD/YYYY-MM-DD', an open end left empty."""
    return f"{period_from.isoformat() if period_from else ''}/{period_to.isoformat() if period_to else ''}"


class ManualGoalJudgement(Base):
    """An administrator's judgement of one manual goal for one reporting period.

    `period` is `period_key(from, to)` of the report it was judged for;
    `judged_on` the day the judgement holds for (the evidence's date);
    `judged_by_id` who recorded it (the report prints "bedömd av <name>").
    """

    __tablename__ = "manual_goals"
    __table_args__ = (
        CheckConstraint("status IN ('met', 'on-the-way', 'not-met')", name="status"),
        UniqueConstraint("goal_id", "period", name="uq_manual_goals_goal_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(21))
    status: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text)
    judged_on: Mapped[date] = mapped_column(Date)
    judged_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    judged_by: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<ManualGoalJudgement {self.goal_id} {self.period} {self.status}>"
