"""Monthly time statements [tidsredovisning]: a participant's attended time, certified by them.

One row per (person, month): the minutes the statement was sent with, when
it was sent and when the participant confirmed it through the signed link.
Funders that count participants' working time as co-financing ask for this
certification. Only `registration.workflow.time_statements` writes the table.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .people import Person


class TimeStatement(Base):
    """Person `person_id`'s statement for `month` ('YYYY-MM'): `minutes` as sent, and its confirmation."""

    __tablename__ = "time_statements"
    __table_args__ = (UniqueConstraint("person_id", "month", name="uq_time_statements_person_month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    minutes: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<TimeStatement person={self.person_id} {self.month} {self.minutes} min>"
