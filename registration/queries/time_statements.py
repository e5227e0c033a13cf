"""A participant's monthly time statement as shown, printed and mailed: the meetings and the total.

The statement row (workflow.time_statements) holds the minutes it was sent
with and when it was confirmed; the lines are the attended meetings of the
month from queries.participant_time, so the PDF lists what the total is made of.
"""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation, Person
from ..models.time_statements import TimeStatement
from ..workflow.calendar import DEFAULT_ZONE
from .participant_time import AttendedMeeting, attended_meetings, month_bounds


@dataclass(frozen=True)
class StatementView:
    """Everything a time statement shows."""

    person: Person
    organisation_name: str
    month: str                           # 'YYYY-MM'
    lines: tuple[AttendedMeeting, ...]   # the month's attended meetings, in time order
    minutes: int                         # the total of `lines` now
    statement: TimeStatement | None      # the row, once sent (its minutes are those sent)

    @property
    def confirmed(self) -> bool:
        return self.statement is not None and self.statement.confirmed_at is not None


def statement_view(db: Session, person_id: int, month: str, *,
                   zone: ZoneInfo = DEFAULT_ZONE) -> StatementView | None:
    """The person's statement for `month`, or None when the person is unknown.

    ValueError when `month` is not 'YYYY-MM'.
    """
    person = db.get(Person, person_id)
    if person is None:
        return None
    first, last = month_bounds(month)
    lines = tuple(attended_meetings(db, first, last, zone=zone, person_id=person_id))
    organisation = db.get(Organisation, person.organisation_id) if person.organisation_id else None
    statement = db.scalar(select(TimeStatement).where(TimeStatement.person_id == person_id,
                                                      TimeStatement.month == month))
    return StatementView(person=person, organisation_name=organisation.name if organisation else "",
                         month=month, lines=lines, minutes=sum(line.minutes for line in lines),
                         statement=statement)


def statements_of(db: Session, person_id: int) -> list[TimeStatement]:
    """The person's sent statements, newest month first ("Mina utbildningar")."""
    return list(db.scalars(select(TimeStatement).where(TimeStatement.person_id == person_id)
                           .order_by(TimeStatement.month.desc())))


__all__ = ["StatementView", "statement_view", "statements_of"]
