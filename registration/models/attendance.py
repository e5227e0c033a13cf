"""Attendance [närvaro]: one mark per participant and meeting of a session."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .people import Person

ATTENDANCE_STATUSES = ("present", "absent", "excused")


class AttendanceMark(Base):
    """Whether the holder of `request_id` came to meeting number `meeting` (0-based) of the session.

    `person_id` and `session_id` repeat the request's so completion can be
    counted per person and course without joining through every request.
    Marking again overwrites the mark; the audit log keeps the history.
    `minutes` is partial attendance: the minutes a "present" person was there;
    None means the whole meeting (and is the only value for absent / excused).
    Its range depends on the meeting's length, so workflow.attendance checks it.
    """

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint("status IN ('present', 'absent', 'excused')", name="status"),
        CheckConstraint("meeting >= 0", name="meeting"),
        Index("uq_attendance_request_meeting", "request_id", "meeting", unique=True),
        Index("ix_attendance_person_session", "person_id", "session_id"),
        # A request's present and absent counts from the index alone (figures, no-shows).
        Index("ix_attendance_request_status", "request_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    meeting: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)

    marked_by: Mapped[Person | None] = relationship(foreign_keys=[marked_by_id])

    def __repr__(self) -> str:
        return f"<AttendanceMark request={self.request_id} meeting={self.meeting} {self.status}>"
