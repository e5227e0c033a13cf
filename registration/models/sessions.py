"""Courses and their sessions as the service knows them (synced from content/)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime


class CourseRecord(Base):
    """The facts about a course the sign-up rules need; the course text stays in content/."""

    __tablename__ = "courses"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(50))
    # Slugs of courses to have completed first.
    prerequisites: Mapped[list] = mapped_column(JSON, default=list)
    # Organisation ids whose staff may register; None means everyone.
    organisations: Mapped[list | None] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sessions: Mapped[list[SessionRecord]] = relationship(back_populates="course")

    def open_to(self, organisation_id: str) -> bool:
        """Whether staff of `organisation_id` may request a place."""
        return self.organisations is None or organisation_id in self.organisations


SESSION_STATUSES = ("open", "withdrawn", "cancelled")


class SessionRecord(Base):
    """One occasion of a course [kurstillfälle] with its live seat counter.

    `seats_taken` always equals the number of seat-holding requests; only
    `workflow.seats` changes it, with a guarded UPDATE.
    """

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0", name="seats_taken"),
        CheckConstraint("status IN ('open', 'withdrawn', 'cancelled')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    course_slug: Mapped[str] = mapped_column(ForeignKey("courses.slug"), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)
    # {organisation_id: seats} held until reserved_until (inclusive).
    reserved: Mapped[dict] = mapped_column(JSON, default=dict)
    reserved_until: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # [{"start": ISO, "end": ISO, "place": str}, ...] in time order.
    meetings: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open")
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped when a time or place changes; the SEQUENCE of the calendar invitation.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[CourseRecord] = relationship(back_populates="sessions")

    @property
    def is_open(self) -> bool:
        """Whether the session is still offered (not withdrawn or cancelled)."""
        return self.status == "open"

    def reserved_for(self, organisation_id: str, today: date) -> int:
        """Seats held for `organisation_id` on `today` (0 once reserved_until has passed)."""
        if not self.reserved or (self.reserved_until is not None and today > self.reserved_until):
            return 0
        return int(self.reserved.get(organisation_id, 0))

    def __repr__(self) -> str:
        return f"<SessionRecord {self.id} {self.seats_taken}/{self.capacity} {self.status}>"
