"""Courses and their sessions as the service knows them (synced from content/)."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Enum, ForeignKey, Integer, String
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


class SessionStatus(enum.StrEnum):
    """Whether a session is offered. Only catalogue sync and workflow.admin change it."""

    OPEN = "open"              # offered
    WITHDRAWN = "withdrawn"    # gone from content/ (catalogue sync)
    CANCELLED = "cancelled"    # cancelled by an administrator (workflow.admin.cancel_session)


# A session status in words, per language (the admin pages show these).
SESSION_STATUS_LABELS: dict[str, dict[str, str]] = {
    "sv": {"open": "Öppet", "withdrawn": "Tillbakadraget", "cancelled": "Inställt"},
    "en": {"open": "Open", "withdrawn": "Withdrawn", "cancelled": "Cancelled"},
}


def session_status_label(status: str, lang: str) -> str:
    """A session status in words in `lang` (Swedish when unknown)."""
    return SESSION_STATUS_LABELS.get(lang, SESSION_STATUS_LABELS["sv"]).get(str(status), str(status))


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
    status: Mapped[SessionStatus] = mapped_column(Enum(
        SessionStatus, native_enum=False, length=20, create_constraint=False,
        values_callable=lambda statuses: [s.value for s in statuses]), default=SessionStatus.OPEN)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped when a time or place changes; the SEQUENCE of the calendar invitation.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # `guests: true` in content: guests may ask for a place (blueprints/guests.py).
    guests_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    course: Mapped[CourseRecord] = relationship(back_populates="sessions")

    @property
    def is_open(self) -> bool:
        """Whether the session is still offered (not withdrawn or cancelled)."""
        return self.status == SessionStatus.OPEN

    def __repr__(self) -> str:
        return f"<SessionRecord {self.id} {self.seats_taken}/{self.capacity} {self.status}>"
